#include "discfunctional.h"

#include <cmath>
#include <functional>
#include <stdexcept>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/api/trace.h"
#include "core/kernels/dit.h"
#include "core/kernels/normalization.h"
#include "core/kernels/sparseattention.h"

namespace accelscope::disc {

using kernels::MaskU8;
using kernels::MatrixF;

void DiscAlgorithm::validate() const {
    RangeCheck(QStringLiteral("DiSC"))
        .within("ctr_threshold", reuseThreshold, 0.0, 10.0)
        .within("warmup_steps", warmupSteps, 0, 1000)
        .within("st_threshold", softmaxThreshold, 0.0, 1000.0)
        .within("mask_interval", maskInterval, 1, 1000);
    try {
        banks.validate();
    } catch (const std::invalid_argument &e) {
        throw InputError(QStringLiteral("DiSC banks: %1").arg(QString::fromStdString(e.what())));
    }
}

double DiscRun::recomputedShare() const {
    double computed = 0, all = 0;
    for (const StepRecord &s : steps) {
        computed += s.recomputedTokens;
        all += double(s.tokenStates.size());
    }
    return all > 0 ? computed / all : 1.0;
}

double DiscRun::attentionDensity() const {
    double kept = 0, entries = 0;
    for (const StepRecord &s : steps) {
        kept += s.keptEntries;
        entries += s.rowEntries;
    }
    return entries > 0 ? kept / entries : 1.0;
}

int DiscRun::maskGenerations() const {
    int n = 0;
    for (const StepRecord &s : steps)
        n += s.maskGenerated ? 1 : 0;
    return n;
}

kernels::BankDistribution DiscRun::banks() const {
    kernels::BankDistribution sum;
    for (const StepRecord &s : steps)
        if (!s.banks.loads.empty())
            sum += s.banks;
    return sum;
}

kernels::BankDistribution DiscRun::naiveBanks() const {
    kernels::BankDistribution sum;
    for (const StepRecord &s : steps)
        if (!s.naiveBanks.loads.empty())
            sum += s.naiveBanks;
    return sum;
}

namespace {

// The block runner's state: the pipeline calls it for every block of every step in order.
class DiscRunner {
public:
    DiscRunner(const DenoisingPipeline &pipeline, const DiscAlgorithm &algorithm) : a_(algorithm) {
        const int blocks = pipeline.network().blockCount();
        const int heads = pipeline.spec().network.heads;
        outputs_.resize(static_cast<std::size_t>(blocks));
        masks_.assign(static_cast<std::size_t>(blocks), std::vector<MaskU8>(static_cast<std::size_t>(heads)));
        naive_ = a_.banks;
        naive_.hash = kernels::BankHash::Blocked;
    }

    MatrixF operator()(const kernels::BlockCall &call) {
        if (call.blockIndex == 0)
            beginStep(call);
        StepRecord &record = records_.back();
        const kernels::DitBlock &block = *call.block;
        const kernels::Modulation &m = *call.modulation;
        const kernels::DitConfig &config = block.config();
        const int n = static_cast<int>(call.x->rows()), hd = config.headDim();
        const auto b = static_cast<std::size_t>(call.blockIndex);

        // Attention: keys and values for every token; rows of reused tokens are not used.
        const MatrixF h = kernels::DitBlock::modulate(*call.x, m.shiftAttention, m.scaleAttention);
        const kernels::DitBlock::Qkv projected = block.qkv(h);
        MatrixF context(h.rows(), config.hidden);
        for (int head = 0; head < config.heads; ++head) {
            const MatrixF scores = block.attentionScores(projected, head);
            MatrixF probabilities;
            if (a_.sparseAttention) {
                MaskU8 &mask = masks_[b][static_cast<std::size_t>(head)];
                if (record.maskGenerated)
                    mask = kernels::probabilityThresholdMask(kernels::softmaxRows(scores), a_.softmaxThreshold / n);
                probabilities = kernels::maskedSoftmaxRows(scores, mask);
                countWork(record, mask, call.blockIndex == 0 && head == 0);
            } else {
                probabilities = kernels::softmaxRows(scores);
                record.keptEntries += double(record.recomputedTokens) * n;
            }
            record.rowEntries += double(record.recomputedTokens) * n;
            context.middleCols(head * hd, hd).noalias() = probabilities * projected.v.middleCols(head * hd, hd);
        }
        const MatrixF attended = block.projection()(context);
        const MatrixF afterAttention = kernels::DitBlock::gatedResidual(*call.x, m.gateAttention, attended);
        const MatrixF h2 = kernels::DitBlock::modulate(afterAttention, m.shiftMlp, m.scaleMlp);
        const MatrixF mlp = block.mlpFromPreActivation(block.mlpPreActivation(h2));
        MatrixF out = kernels::DitBlock::gatedResidual(afterAttention, m.gateMlp, mlp);

        // Reused tokens take their cached output; recomputed ones refresh it.
        MatrixF &cache = outputs_[b];
        if (cache.rows() != out.rows())
            cache = out;
        for (int i = 0; i < n; ++i) {
            if (active_[static_cast<std::size_t>(i)])
                cache.row(i) = out.row(i);
            else
                out.row(i) = cache.row(i);
        }
        return out;
    }

    std::vector<StepRecord> &records() { return records_; }

private:
    void beginStep(const kernels::BlockCall &call) {
        const MatrixF &x = *call.x;
        const int n = static_cast<int>(x.rows());
        StepRecord r;
        r.step = call.step;
        r.timestep = call.timestep;
        r.tokenStates.assign(static_cast<std::size_t>(n), token_state::kKept);
        r.inputChange.assign(static_cast<std::size_t>(n), 0.f);
        active_.assign(static_cast<std::size_t>(n), 1);
        if (positions_.rows() != n)
            positions_ = kernels::sinCosPositions(static_cast<int>(x.cols()), call.frames, call.gridHeight,
                                                  call.gridWidth);
        const bool decide = a_.tokenReuse && call.step >= a_.warmupSteps && refreshed_.rows() == n;
        if (refreshed_.rows() != n)
            refreshed_ = x;
        for (int i = 0; i < n; ++i) {
            if (decide) {
                const float content = (refreshed_.row(i) - positions_.row(i)).norm();
                const float change = (x.row(i) - refreshed_.row(i)).norm() / std::max(content, 1e-12f);
                r.inputChange[static_cast<std::size_t>(i)] = change;
                if (change < a_.reuseThreshold) {
                    active_[static_cast<std::size_t>(i)] = 0;
                    r.tokenStates[static_cast<std::size_t>(i)] = token_state::kReused;
                    continue;
                }
            }
            refreshed_.row(i) = x.row(i);
            ++r.recomputedTokens;
        }
        r.maskGenerated = a_.sparseAttention && (call.step % a_.maskInterval == 0 || !haveMasks_);
        haveMasks_ = haveMasks_ || r.maskGenerated;
        records_.push_back(std::move(r));
    }

    // The kept entries of the recomputed rows, and their distribution over the banks.
    void countWork(StepRecord &record, const MaskU8 &mask, bool keepForView) {
        for (Eigen::Index i = 0; i < mask.rows(); ++i)
            if (active_[static_cast<std::size_t>(i)])
                record.keptEntries += mask.row(i).cast<double>().sum();
        const int snapshots = keepForView ? kQueueSnapshots : 0;
        record.banks += kernels::distributeMask(mask, a_.banks, &active_, snapshots);
        record.naiveBanks += kernels::distributeMask(mask, naive_, &active_, snapshots);
        if (keepForView) {
            record.mask = mask;
            for (Eigen::Index i = 0; i < mask.rows(); ++i)
                if (!active_[static_cast<std::size_t>(i)])
                    record.mask.row(i).setZero();
        }
    }

    DiscAlgorithm a_;
    kernels::BankSettings naive_;
    std::vector<MatrixF> outputs_;               // per block: every token's latest computed output
    std::vector<std::vector<MaskU8>> masks_;     // per block and head: the mask in force
    bool haveMasks_ = false;
    MatrixF refreshed_;                          // block 0's input at each token's last refresh
    MatrixF positions_;
    std::vector<std::uint8_t> active_;           // this step: 1 = recomputed
    std::vector<StepRecord> records_;
};

}  // namespace

DiscRun runDisc(const DenoisingReference &reference, const DiscAlgorithm &algorithm) {
    algorithm.validate();
    DiscRunner runner(reference.pipeline(), algorithm);
    DiscRun run;
    run.algorithm = algorithm;
    MeasuredRun measured = reference.measure(std::ref(runner));
    takeMeasurement(run, std::move(measured), std::move(runner.records()));
    return run;
}

}  // namespace accelscope::disc
