#include "selfspeculation.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <random>

#include "core/api/errors.h"
#include "core/kernels/bf16.h"

namespace accelscope::cassandra {

using kernels::Gpt2Forward;
using kernels::KvCache;
using kernels::MaskU8;
using kernels::MatrixF;
using kernels::VectorF;

namespace {

int argmax(const MatrixF &logits, Eigen::Index row) {
    int best = 0;
    for (Eigen::Index v = 1; v < logits.cols(); ++v)
        if (logits(row, v) > logits(row, best))
            best = static_cast<int>(v);
    return best;
}

// Blocks of the shared-exponent format run along a weight's inputs (the dot-product dimension),
// i.e. down the columns of a Conv1D (inputs × outputs) matrix.
MatrixF blockRoundColumns(const MatrixF &conv1d, const kernels::SharedExponentFormat &format, int dropped) {
    const MatrixF transposed = conv1d.transpose();
    return kernels::sharedExponentRound(transposed, format, dropped).transpose();
}

// What the speculation data of a value holds beyond the mask: the upper mantissa bits.
MatrixF truncated(const MatrixF &values, int dropped) {
    MatrixF out = values;
    for (Eigen::Index i = 0; i < out.size(); ++i)
        out.data()[i] = kernels::truncateBf16Mantissa(kernels::roundToBf16(out.data()[i]), dropped);
    return out;
}

// Counts for the bit budget of one kind of data (weights or KV) over many tensors.
struct BitCounter {
    kernels::ExponentHistogram all{}, kept{};
    double values = 0, keptValues = 0;

    void add(const MatrixF &target, const MaskU8 &mask) {
        for (Eigen::Index i = 0; i < target.size(); ++i) {
            const int e = kernels::bf16Exponent(kernels::toBf16Bits(target.data()[i]));
            ++all[static_cast<std::size_t>(e)];
            if (mask.data()[i])
                ++kept[static_cast<std::size_t>(e)];
            keptValues += mask.data()[i] ? 1 : 0;
        }
        values += double(target.size());
    }

    BitBudget budget(const DraftSettings &d, int truncation) const {
        BitBudget b;
        b.exponentEntropyBits = kernels::exponentEntropyBits(all);
        b.keptFraction = values > 0 ? keptValues / values : 0.0;
        if (d.coding == ExponentCoding::Unary) {
            const auto code = kernels::UnaryExponentCode::fromHistogram(all);
            b.exponentBits = code.meanBits(all);
            b.keptExponentBits = code.meanBits(kept);
            b.targetBits = 1.0 + 1.0 + b.exponentBits + kernels::kBf16MantissaBits;
            b.draftBits = 1.0 + b.keptFraction * (1.0 + b.keptExponentBits + kernels::kBf16MantissaBits - truncation);
        } else {
            b.exponentBits = b.keptExponentBits = 8.0 / d.shared.blockSize;
            b.targetBits = 1.0 + d.shared.bitsPerValue();
            b.draftBits = 1.0 + b.keptFraction * (1.0 + d.shared.significandBits - truncation) + b.exponentBits;
        }
        return b;
    }
};

}  // namespace

QString toString(ExponentCoding coding) {
    return coding == ExponentCoding::Unary ? QStringLiteral("unary") : QStringLiteral("shared");
}

void DraftSettings::validate() const {
    const auto sparsity = [](const char *key, double v) {
        if (!(v >= 0.0 && v < 1.0))
            throw InputError(QStringLiteral("%1 = %2 is outside [0, 1): it is the fraction of values the draft drops")
                                 .arg(QLatin1String(key))
                                 .arg(v));
    };
    sparsity("weight_pruning", weightSparsity);
    sparsity("kv_pruning", kvSparsity);
    const int maxDrop = coding == ExponentCoding::Unary ? kernels::kBf16MantissaBits : shared.significandBits - 1;
    for (const auto &[key, bits] : {std::pair{"weight_truncation", weightTruncation}, {"kv_truncation", kvTruncation}})
        if (bits < 0 || bits > maxDrop)
            throw InputError(QStringLiteral("%1 = %2 mantissa bits; allowed: 0 to %3 with %4 exponents")
                                 .arg(QLatin1String(key))
                                 .arg(bits)
                                 .arg(maxDrop)
                                 .arg(toString(coding)));
    if (draftLength < 1 || draftLength > 16)
        throw InputError(QStringLiteral("draft_length = %1; allowed: 1 to 16 drafted tokens per round").arg(draftLength));
}

TransformerConfig FunctionalSettings::smallModel() {
    TransformerConfig c;
    c.id = QStringLiteral("gpt2-functional");
    c.name = QStringLiteral("GPT-2-shaped functional model");
    c.layers = 4;
    c.dModel = 256;
    c.heads = 4;
    c.kvHeads = 4;
    c.headDim = 64;
    c.ffn = 1024;
    c.vocab = 1024;
    c.maxPositions = 320;
    c.tiedEmbeddings = c.learnedPositions = c.biases = true;
    return c;
}

void FunctionalSettings::validate() const {
    draft.validate();
    if (promptTokens < 1 || outputTokens < 1 || calibrationTokens < 1)
        throw InputError(QStringLiteral("functional prompt, output and calibration tokens must be at least 1"));
    if (promptTokens + outputTokens + draft.draftLength + 1 > model.maxPositions)
        throw InputError(QStringLiteral("functional_prompt_tokens + functional_output_tokens + draft_length + 1 = %1 "
                                        "exceeds the functional model's %2 positions")
                             .arg(promptTokens + outputTokens + draft.draftLength + 1)
                             .arg(model.maxPositions));
}

SelfSpeculation::SelfSpeculation(const FunctionalSettings &settings, std::uint64_t seed) : settings_(settings) {
    settings_.validate();
    buildTarget(seed);
    buildDraft(seed);
    decode();
}

void SelfSpeculation::buildTarget(std::uint64_t seed) {
    const TransformerConfig &m = settings_.model;
    target_ = kernels::Gpt2Weights::random(m, m.layers, seed);
    const DraftSettings &d = settings_.draft;
    // The target is the BF16 model (Cassandra-1) or its block-floating-point form (Cassandra-2).
    const auto round = [&](MatrixF &w) {
        kernels::roundToBf16InPlace(w);
        if (d.coding == ExponentCoding::Shared)
            w = blockRoundColumns(w, d.shared, 0);
    };
    for (kernels::Gpt2LayerWeights &l : target_.layers)
        for (MatrixF *w : {&l.query, &l.key, &l.value, &l.projection, &l.fc1, &l.fc2})
            round(*w);
    MatrixF lmHead = target_.tokenEmbedding.transpose();  // tied: the LM head in Conv1D layout
    round(lmHead);
    target_.tokenEmbedding = lmHead.transpose();
}

void SelfSpeculation::buildDraft(std::uint64_t seed) {
    const TransformerConfig &m = settings_.model;
    const DraftSettings &d = settings_.draft;
    // Calibration: the target on seeded random tokens (a stream apart from the weights' and the prompt's).
    std::mt19937_64 generator(seed ^ 0xC0A1B2A7E5ULL);
    std::uniform_int_distribution<int> token(0, m.vocab - 1);
    std::vector<int> calibration(static_cast<std::size_t>(settings_.calibrationTokens));
    for (int &t : calibration)
        t = token(generator);
    std::vector<kernels::Gpt2LinearInputs> inputs;
    Gpt2Forward(target_, m, kernels::GeluMode::Tanh).feed(calibration, &inputs);

    draft_ = target_;
    BitCounter bits;
    double errorSq = 0, normSq = 0;
    const auto prune = [&](const MatrixF &target, const MatrixF &input, MatrixF &draftOut, MaskU8 *keep) {
        const MaskU8 mask = kernels::wandaMask(target, kernels::columnL2Norms(input), d.weightSparsity);
        const MatrixF upper = d.coding == ExponentCoding::Unary ? truncated(target, d.weightTruncation)
                                                                : blockRoundColumns(target, d.shared, d.weightTruncation);
        draftOut = kernels::applyMask(upper, mask);
        bits.add(target, mask);
        errorSq += (draftOut - target).squaredNorm();
        normSq += target.squaredNorm();
        if (keep)
            *keep = mask;
    };
    for (std::size_t l = 0; l < target_.layers.size(); ++l) {
        const kernels::Gpt2LayerWeights &t = target_.layers[l];
        kernels::Gpt2LayerWeights &w = draft_.layers[l];
        const kernels::Gpt2LinearInputs &x = inputs[l];
        prune(t.query, x.qkv, w.query, nullptr);
        prune(t.key, x.qkv, w.key, nullptr);
        prune(t.value, x.qkv, w.value, nullptr);
        prune(t.projection, x.projection, w.projection, nullptr);
        prune(t.fc1, x.fc1, w.fc1, l == 0 ? &weightMask_ : nullptr);
        prune(t.fc2, x.fc2, w.fc2, nullptr);
    }
    MatrixF lmHead;
    prune(MatrixF(target_.tokenEmbedding.transpose()), inputs.back().qkv, lmHead, nullptr);
    draft_.tokenEmbedding = lmHead.transpose();
    weightBits_ = bits.budget(d, d.weightTruncation);
    draftWeightError_ = normSq > 0 ? std::sqrt(errorSq / normSq) : 0.0;

    std::uniform_int_distribution<int> promptToken(0, m.vocab - 1);
    std::mt19937_64 promptGenerator(seed ^ 0x9E3779B97F4A7C15ULL);
    prompt_.resize(static_cast<std::size_t>(settings_.promptTokens));
    for (int &t : prompt_)
        t = promptToken(promptGenerator);
}

MatrixF SelfSpeculation::draftKv(const MatrixF &rows) const {
    const DraftSettings &d = settings_.draft;
    const int headDim = static_cast<int>(rows.cols());
    const MaskU8 mask = kernels::topMagnitudeMask(rows, headDim, d.kvSparsity);
    if (d.coding == ExponentCoding::Unary)
        return kernels::applyMask(truncated(rows, d.kvTruncation), mask);
    kernels::SharedExponentFormat format = d.shared;
    format.blockSize = std::min(format.blockSize, headDim);
    MatrixF bf16 = rows;
    kernels::roundToBf16InPlace(bf16);
    return kernels::applyMask(kernels::sharedExponentRound(bf16, format, d.kvTruncation), mask);
}

std::vector<KvCache> SelfSpeculation::draftView(const std::vector<KvCache> &caches) const {
    std::vector<KvCache> view;
    view.reserve(caches.size());
    for (const KvCache &cache : caches) {
        const int hd = cache.headDim();
        MatrixF keys(cache.length(), cache.heads() * hd), values(cache.length(), cache.heads() * hd);
        for (int h = 0; h < cache.heads(); ++h) {
            keys.middleCols(h * hd, hd) = draftKv(cache.keys(h));
            values.middleCols(h * hd, hd) = draftKv(cache.values(h));
        }
        KvCache c(cache.heads(), hd);
        c.append(keys, values);
        view.push_back(std::move(c));
    }
    return view;
}

void SelfSpeculation::decode() {
    const TransformerConfig &m = settings_.model;
    const int output = settings_.outputTokens;
    const int gamma = settings_.draft.draftLength;

    Gpt2Forward reference(target_, m, kernels::GeluMode::Tanh);
    MatrixF logits = reference.feed(prompt_);
    int next = argmax(logits, logits.rows() - 1);
    while (true) {
        reference_.push_back(next);
        if (static_cast<int>(reference_.size()) == output)
            break;
        logits = reference.feed({next});
        next = argmax(logits, 0);
    }

    Gpt2Forward target(target_, m, kernels::GeluMode::Tanh);
    Gpt2Forward draft(draft_, m, kernels::GeluMode::Tanh);
    logits = target.feed(prompt_);
    next = argmax(logits, logits.rows() - 1);
    generated_.push_back(next);
    while (static_cast<int>(generated_.size()) < output) {
        SpeculationRound round;
        round.position = target.position();
        draft.restore(draftView(target.caches()));
        int proposal = next;
        for (int i = 0; i < gamma; ++i) {
            const MatrixF draftLogits = draft.feed({proposal});
            proposal = argmax(draftLogits, 0);
            round.draftTokens.push_back(proposal);
        }
        // Verification: the target's greedy choice after the last committed token and after
        // every drafted one (fed one position at a time, so its values are exactly those of
        // target-only decoding; the hardware checks all γ + 1 positions in one pass).
        std::vector<int> fed{next};
        fed.insert(fed.end(), round.draftTokens.begin(), round.draftTokens.end());
        for (const int t : fed) {
            const MatrixF targetLogits = target.feed({t});
            round.targetTokens.push_back(argmax(targetLogits, 0));
        }
        while (round.accepted < gamma &&
               round.draftTokens[static_cast<std::size_t>(round.accepted)] ==
                   round.targetTokens[static_cast<std::size_t>(round.accepted)])
            ++round.accepted;
        target.rewind(round.position + 1 + round.accepted);
        for (int i = 0; i <= round.accepted && static_cast<int>(generated_.size()) < output; ++i)
            generated_.push_back(round.targetTokens[static_cast<std::size_t>(i)]);
        next = round.targetTokens[static_cast<std::size_t>(round.accepted)];
        rounds_.push_back(std::move(round));
    }
    countKvBits(target.caches());
}

void SelfSpeculation::countKvBits(const std::vector<KvCache> &caches) {
    BitCounter bits;
    const double sparsity = settings_.draft.kvSparsity;
    for (std::size_t l = 0; l < caches.size(); ++l)
        for (int h = 0; h < caches[l].heads(); ++h)
            for (const MatrixF *rows : {&caches[l].keys(h), &caches[l].values(h)}) {
                const MaskU8 mask = kernels::topMagnitudeMask(*rows, static_cast<int>(rows->cols()), sparsity);
                bits.add(*rows, mask);
                if (l == 0 && h == 0 && rows == &caches[l].keys(h))
                    keyMask_ = mask;
            }
    kvBits_ = bits.budget(settings_.draft, settings_.draft.kvTruncation);
}

double SelfSpeculation::acceptanceRate() const {
    double drafted = 0, accepted = 0;
    for (const SpeculationRound &r : rounds_) {
        drafted += double(r.draftTokens.size());
        accepted += r.accepted;
    }
    return drafted > 0 ? accepted / drafted : 0.0;
}

double SelfSpeculation::tokensPerRound() const {
    if (rounds_.empty())
        return 0.0;
    double tokens = 0;
    for (const SpeculationRound &r : rounds_)
        tokens += r.accepted + 1;
    return tokens / double(rounds_.size());
}

std::vector<double> SelfSpeculation::acceptanceByPosition() const {
    const int gamma = settings_.draft.draftLength;
    std::vector<double> reached(static_cast<std::size_t>(gamma), 0.0), accepted(static_cast<std::size_t>(gamma), 0.0);
    for (const SpeculationRound &r : rounds_)
        for (int i = 0; i < gamma; ++i) {
            if (i > r.accepted)
                break;
            reached[static_cast<std::size_t>(i)] += 1;
            accepted[static_cast<std::size_t>(i)] += i < r.accepted ? 1 : 0;
        }
    std::vector<double> rate(static_cast<std::size_t>(gamma), 0.0);
    for (int i = 0; i < gamma; ++i)
        rate[static_cast<std::size_t>(i)] = reached[static_cast<std::size_t>(i)] > 0
                                                ? accepted[static_cast<std::size_t>(i)] / reached[static_cast<std::size_t>(i)]
                                                : 0.0;
    return rate;
}

std::shared_ptr<const SelfSpeculation> selfSpeculationFor(const FunctionalSettings &settings, std::uint64_t seed) {
    const DraftSettings &d = settings.draft;
    const QString key = QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9|%10|%11")
                            .arg(d.weightSparsity)
                            .arg(d.weightTruncation)
                            .arg(d.kvSparsity)
                            .arg(d.kvTruncation)
                            .arg(toString(d.coding))
                            .arg(d.draftLength)
                            .arg(d.shared.blockSize)
                            .arg(settings.promptTokens)
                            .arg(settings.outputTokens)
                            .arg(settings.calibrationTokens)
                            .arg(seed) +
                        QLatin1Char('|') + settings.model.id;
    static std::mutex mutex;
    static std::map<QString, std::shared_ptr<const SelfSpeculation>> runs;
    {
        const std::lock_guard lock(mutex);
        if (const auto it = runs.find(key); it != runs.end())
            return it->second;
    }
    auto run = std::make_shared<const SelfSpeculation>(settings, seed);
    const std::lock_guard lock(mutex);
    if (runs.size() >= 16)
        runs.clear();
    return runs.emplace(key, std::move(run)).first->second;
}

}  // namespace accelscope::cassandra
