#include "exionfunctional.h"

#include <cmath>
#include <map>

#include "core/api/rangecheck.h"
#include "core/kernels/gelu.h"
#include "core/kernels/leadingone.h"
#include "core/kernels/sparseattention.h"

namespace accelscope::exion {

using kernels::MaskU8;
using kernels::MatrixF;

void ExionAlgorithm::validate() const {
    RangeCheck(QStringLiteral("EXION"))
        .within("dense_interval", denseInterval, 1, 1000)
        .within("ffn_threshold", ffnThreshold, 0.0, 100.0)
        .within("attention_keep", attentionKeep, 0.0, 1.0)
        .that(attentionKeep > 0, "attention_keep", QString::number(attentionKeep),
              QStringLiteral("must keep some keys: above 0, at most 1"))
        .within("predictor_bits", predictorBits, 2, 16)
        .within("predictor_terms", predictorTerms, 1, 2)
        .within("tile_rows", compaction.tileRows, 1, 4096)
        .within("tile_cols", compaction.tileCols, 1, 4096)
        .within("merge_depth", compaction.mergeDepth, 1, 64);
}

void CompactionCounts::add(const kernels::Compaction &c) {
    nonzeros += double(c.nonzeros);
    elements += double(c.rows) * c.cols;
    denseTiles += double(c.denseTiles);
    tilesBefore += double(c.tilesBefore);
    slotsBefore += double(c.tilesBefore) * c.settings.tileRows * c.settings.tileCols;
    denseRows += double(c.groups.size()) * c.rows;
    mergedRows += double(c.mergedRows);
    slotsAfter += double(c.mergedRows) * c.settings.tileCols;
}

double CompactionCounts::passShare(bool conMerge) const {
    if (conMerge)
        return denseRows > 0 ? mergedRows / denseRows : 1.0;
    return denseTiles > 0 ? tilesBefore / denseTiles : 1.0;
}

CompactionCounts &CompactionCounts::operator+=(const CompactionCounts &o) {
    nonzeros += o.nonzeros;
    elements += o.elements;
    denseTiles += o.denseTiles;
    tilesBefore += o.tilesBefore;
    slotsBefore += o.slotsBefore;
    denseRows += o.denseRows;
    mergedRows += o.mergedRows;
    slotsAfter += o.slotsAfter;
    return *this;
}

CompactionCounts StepRecord::ffn() const {
    CompactionCounts sum;
    for (const BlockStep &b : blocks)
        sum += b.ffn;
    return sum;
}

CompactionCounts StepRecord::attention() const {
    CompactionCounts sum;
    for (const BlockStep &b : blocks)
        sum += b.attention;
    return sum;
}

double StepRecord::recall() const {
    double sum = 0;
    for (const BlockStep &b : blocks)
        sum += b.recall;
    return blocks.empty() ? 1.0 : sum / double(blocks.size());
}

namespace {

// A dense pass over a rows × cols output: every tile and row pass, every slot used.
CompactionCounts denseCounts(int rows, int cols, const kernels::CompactionSettings &s) {
    CompactionCounts c;
    c.nonzeros = c.elements = c.slotsBefore = c.slotsAfter = double(rows) * cols;
    c.denseTiles = c.tilesBefore =
        double((rows + s.tileRows - 1) / s.tileRows) * double((cols + s.tileCols - 1) / s.tileCols);
    c.denseRows = c.mergedRows = double(rows) * ((cols + s.tileCols - 1) / s.tileCols);
    return c;
}

struct PredictorWeights {
    kernels::LeadingOneMatrix query, key;
};

struct FfnCache {
    MatrixF activation;  // GELU outputs of the dense iteration
    MaskU8 mask;         // 1 = recomputed in the sparse iterations
};

}  // namespace

ExionFunctional::ExionFunctional(const FunctionalSettings &settings, const ExionAlgorithm &algorithm,
                                 std::uint64_t seed)
    : settings_(settings), algorithm_(algorithm) {
    algorithm_.validate();
    DenoisingSpec spec;
    spec.content.height = spec.content.width = settings.latentSize;
    spec.content.channels = settings.network.channels;
    spec.network = settings.network;
    spec.steps = settings.steps;
    pipeline_ = std::make_unique<DenoisingPipeline>(spec, seed);

    std::vector<kernels::Latent> referenceSteps;
    reference_ =
        pipeline_->run({}, [&referenceSteps](int, const kernels::Latent &x) { referenceSteps.push_back(x); });

    const int steps = settings.steps, blocks = settings.network.blocks;
    steps_.resize(static_cast<std::size_t>(steps));
    views_.resize(static_cast<std::size_t>(steps));
    for (int s = 0; s < steps; ++s) {
        steps_[static_cast<std::size_t>(s)].step = s;
        steps_[static_cast<std::size_t>(s)].timestep = pipeline_->sampler().timestep(s);
        steps_[static_cast<std::size_t>(s)].blocks.resize(static_cast<std::size_t>(blocks));
        views_[static_cast<std::size_t>(s)].ffnMask.resize(static_cast<std::size_t>(blocks));
        views_[static_cast<std::size_t>(s)].predictedMask.resize(static_cast<std::size_t>(blocks));
    }

    const ExionAlgorithm &a = algorithm_;
    std::map<int, PredictorWeights> predictor;
    std::map<int, FfnCache> ffnCache;
    const kernels::BlockRunner runner = [&](const kernels::BlockCall &call) {
        const kernels::DitBlock &block = *call.block;
        const kernels::Modulation &m = *call.modulation;
        const kernels::DitConfig &config = block.config();
        const int d = config.hidden, hd = config.headDim(), n = static_cast<int>(call.x->rows());
        StepRecord &record = steps_[static_cast<std::size_t>(call.step)];
        BlockStep &rec = record.blocks[static_cast<std::size_t>(call.blockIndex)];
        StepViews &view = views_[static_cast<std::size_t>(call.step)];

        // Attention branch.
        const MatrixF h = kernels::DitBlock::modulate(*call.x, m.shiftAttention, m.scaleAttention);
        MatrixF attended;
        const int keep = std::max(1, static_cast<int>(std::lround(a.attentionKeep * n)));
        if (a.prediction && keep < n) {
            auto found = predictor.find(call.blockIndex);
            if (found == predictor.end()) {
                const MatrixF &w = block.qkvLinear().weight;
                found =
                    predictor
                        .emplace(call.blockIndex,
                                 PredictorWeights{kernels::encodeLeadingOnes(w.leftCols(d), a.predictorBits,
                                                                             a.predictorTerms),
                                                  kernels::encodeLeadingOnes(
                                                      w.middleCols(d, d), a.predictorBits, a.predictorTerms)})
                        .first;
            }
            const kernels::LeadingOneMatrix x =
                kernels::encodeLeadingOnes(h, a.predictorBits, a.predictorTerms);
            const kernels::LogDomainProduct qp = kernels::logDomainProduct(x, found->second.query);
            const kernels::LogDomainProduct kp = kernels::logDomainProduct(x, found->second.key);
            MatrixF qHat = qp.values(), kHat = kp.values();
            qHat.rowwise() += block.qkvLinear().bias.segment(0, d);
            kHat.rowwise() += block.qkvLinear().bias.segment(d, d);
            rec.projectionAdds = qp.exponentAdds + kp.exponentAdds;

            const kernels::DitBlock::Qkv qkv = block.qkv(h);
            MatrixF context(n, d);
            double recall = 0;
            for (int head = 0; head < config.heads; ++head) {
                const MatrixF kHeadT = kHat.middleCols(head * hd, hd).transpose();
                const kernels::LogDomainProduct sp = kernels::logDomainProduct(
                    kernels::encodeLeadingOnes(qHat.middleCols(head * hd, hd), a.predictorBits,
                                               a.predictorTerms),
                    kernels::encodeLeadingOnes(kHeadT, a.predictorBits, a.predictorTerms));
                rec.scoreAdds += sp.exponentAdds;
                const MaskU8 mask =
                    kernels::topKPerRow(sp.values(), keep);  // the 1/sqrt(d) scale keeps the order
                const MatrixF exact = block.attentionScores(qkv, head);
                recall += kernels::topKRecall(mask, exact, keep);
                context.middleCols(head * hd, hd).noalias() =
                    kernels::maskedSoftmaxRows(exact, mask) * qkv.v.middleCols(head * hd, hd);
                const kernels::Compaction c = kernels::compactSparseMask(mask, a.compaction);
                rec.attention.add(c);
                if (head == 0) {
                    view.predictedMask[static_cast<std::size_t>(call.blockIndex)] = mask;
                    if (call.blockIndex == 0) {
                        view.attentionConMerge = {c.groups.front(), c.rows, c.transposed};
                        const MaskU8 top = kernels::topKPerRow(exact, keep);
                        view.attentionCheck.resize(static_cast<std::size_t>(n) * n);
                        for (int i = 0; i < n; ++i)
                            for (int j = 0; j < n; ++j)
                                view.attentionCheck[static_cast<std::size_t>(i) * n + j] =
                                    mask(i, j) ? (top(i, j) ? 1.f : 2.f) : (top(i, j) ? 3.f : 0.f);
                    }
                }
            }
            rec.recall = recall / config.heads;
            attended = block.projection()(context);
        } else {
            attended = block.attention(h);
            for (int head = 0; head < config.heads; ++head)
                rec.attention += denseCounts(n, n, a.compaction);
        }
        const MatrixF afterAttention = kernels::DitBlock::gatedResidual(*call.x, m.gateAttention, attended);

        // MLP branch.
        const MatrixF h2 = kernels::DitBlock::modulate(afterAttention, m.shiftMlp, m.scaleMlp);
        const bool dense =
            !a.ffnReuse || call.step % a.denseInterval == 0 || !ffnCache.count(call.blockIndex);
        rec.ffnDense = dense;
        if (call.blockIndex == 0)
            record.dense = dense;
        MatrixF mlp;
        const int hidden = config.mlpHidden();
        if (dense) {
            const MatrixF pre = block.mlpPreActivation(h2);
            mlp = block.mlpFromPreActivation(pre);  // exactly the dense block's MLP
            rec.ffn = denseCounts(n, hidden, a.compaction);
            if (a.ffnReuse) {
                FfnCache &cache = ffnCache[call.blockIndex];
                cache.activation = pre;
                kernels::applyGeluTanh(cache.activation);
                const float rms = std::sqrt(cache.activation.squaredNorm() / float(cache.activation.size()));
                const float threshold = static_cast<float>(a.ffnThreshold) * rms;
                cache.mask = (cache.activation.array().abs() > threshold).cast<std::uint8_t>();
            }
        } else {
            // Only the marked entries: fc1 column dot products, then GELU; the rest reuse the cache.
            const FfnCache &cache = ffnCache.at(call.blockIndex);
            MatrixF activation = cache.activation;
            const kernels::Linear &fc1 = block.mlpIn();
            for (int t = 0; t < n; ++t)
                for (int j = 0; j < hidden; ++j)
                    if (cache.mask(t, j))
                        activation(t, j) = kernels::geluTanh(h2.row(t).dot(fc1.weight.col(j)) + fc1.bias(j));
            mlp = block.mlpOut()(activation);
            const kernels::Compaction c = kernels::compactSparseMask(cache.mask, a.compaction);
            rec.ffn.add(c);
            if (call.blockIndex == 0)
                view.ffnConMerge = {c.groups.front(), c.rows, c.transposed};
        }
        if (a.ffnReuse)
            view.ffnMask[static_cast<std::size_t>(call.blockIndex)] = ffnCache.at(call.blockIndex).mask;
        return kernels::DitBlock::gatedResidual(afterAttention, m.gateMlp, mlp);
    };
    result_ = pipeline_->run(runner, [this, &referenceSteps](int step, const kernels::Latent &x) {
        steps_[static_cast<std::size_t>(step)].latentPsnrDb =
            kernels::reportedPsnrDb(kernels::psnrDb(x, referenceSteps[static_cast<std::size_t>(step)]));
    });
    mse_ = kernels::meanSquaredError(result_, reference_);
    psnr_ = kernels::psnrDb(result_, reference_);
}

QString ExionFunctional::dataSource() const {
    return pipeline_->dataSource() + QStringLiteral(". Not a real image or a trained model.");
}

}  // namespace accelscope::exion
