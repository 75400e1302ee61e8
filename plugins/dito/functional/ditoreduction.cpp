#include "ditoreduction.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/kernels/tokenmerge.h"

namespace accelscope::dito {

namespace {

using kernels::BlockCall;
using kernels::BlockIntermediates;
using kernels::MatrixF;
using kernels::TokenMergePlan;

// Parts of the run's seed the random destinations come from.
enum : std::uint64_t { kDitoDestinations = 100, kToMeSdDestinations = 10000 };

// The state a method's block runner keeps between calls: the pipeline calls it for every block of
// every step in order.
class Reducer {
public:
    Reducer(const ReferenceRun &reference, ReductionMethod method, const ReductionSettings &settings, std::uint64_t seed)
        : reference_(reference), method_(method), s_(settings), seed_(seed) {
        const DenoisingPipeline &p = reference.pipeline();
        blocks_ = p.network().blockCount();
        tokens_ = p.tokens();
        merges_ = mergedTokens(p.gridWidth(), p.gridHeight(), s_.cellWidth, s_.cellHeight, s_.ratio);
        plans_.resize(static_cast<std::size_t>(blocks_));
        rawPlans_.resize(static_cast<std::size_t>(blocks_));
        counts_.assign(static_cast<std::size_t>(blocks_), std::vector<double>(static_cast<std::size_t>(tokens_), 0.0));
        interval_ = s_.initialInterval;
    }

    MatrixF operator()(const BlockCall &call) {
        if (call.blockIndex == 0)
            beginStep(call);
        StepRecord &record = records_.back();
        const auto b = static_cast<std::size_t>(call.blockIndex);
        BlockIntermediates intermediates;
        MatrixF out;
        if (method_ == ReductionMethod::ToMeSd) {
            const TokenMergePlan plan = kernels::randomGridMatching(
                *call.x, call.gridWidth, call.gridHeight, s_.cellWidth, s_.cellHeight, merges_,
                derivedSeed(seed_, kToMeSdDestinations + std::uint64_t(call.step) * 64 + b));
            out = runBlock(call, merges_ > 0 ? &plan : nullptr, intermediates);
            record.pairs[b] = plan.destinations();
        } else if (record.matching) {
            out = runBlock(call, nullptr, intermediates);
            match(call, intermediates.attentionOutput, record);
        } else {
            out = runBlock(call, merges_ > 0 ? &*plans_[b] : nullptr, intermediates);
            record.pairs[b] = plans_[b]->destinations();
            record.selectionCount[b].assign(counts_[b].begin(), counts_[b].end());
        }
        record.outputError[b] = tokenErrors(intermediates.attentionOutput, reference_.attentionOutput(call.step, call.blockIndex));
        if (call.blockIndex == blocks_ - 1 && record.matching)
            endMatchingStep(record);
        return out;
    }

    std::vector<StepRecord> &records() { return records_; }

private:
    void beginStep(const BlockCall &call) {
        StepRecord r;
        r.step = call.step;
        r.timestep = call.timestep;
        r.matching = method_ == ReductionMethod::Dito && call.step == nextMatching_;
        r.reduced = merges_ > 0 && !r.matching;
        r.interval = method_ == ReductionMethod::Dito ? interval_ : 0;
        r.keptTokens = r.reduced ? tokens_ - merges_ : tokens_;
        r.pairs.resize(static_cast<std::size_t>(blocks_));
        r.selectionCount.resize(static_cast<std::size_t>(blocks_));
        r.outputError.resize(static_cast<std::size_t>(blocks_));
        records_.push_back(std::move(r));
    }

    MatrixF runBlock(const BlockCall &call, const TokenMergePlan *plan, BlockIntermediates &intermediates) const {
        kernels::BlockReduction reduction;
        reduction.attention = plan;
        return call.block->forward(*call.x, *call.modulation, reduction, &intermediates);
    }

    // New pairs from this Matching step's attention-branch outputs.
    void match(const BlockCall &call, const MatrixF &outputs, StepRecord &record) {
        const auto b = static_cast<std::size_t>(call.blockIndex);
        const std::uint64_t destinationSeed = ditoDestinationSeed(seed_, call.blockIndex);
        TokenMergePlan raw = kernels::randomGridMatching(outputs, call.gridWidth, call.gridHeight, s_.cellWidth,
                                                         s_.cellHeight, merges_, destinationSeed);
        std::vector<double> penalty(counts_[b].size());
        for (std::size_t i = 0; i < penalty.size(); ++i)
            penalty[i] = s_.penaltyWeight * counts_[b][i];
        TokenMergePlan used = kernels::randomGridMatching(outputs, call.gridWidth, call.gridHeight, s_.cellWidth,
                                                          s_.cellHeight, merges_, destinationSeed, true, penalty);
        if (rawPlans_[b]) {
            pmrSum_ += kernels::pairMatchRatio(raw, *rawPlans_[b]);
            ++pmrBlocks_;
        }
        for (int i = 0; i < tokens_; ++i)
            counts_[b][static_cast<std::size_t>(i)] =
                s_.penaltyDecay * counts_[b][static_cast<std::size_t>(i)] + (used.destinationOf(i) >= 0 ? 1.0 : 0.0);
        record.pairs[b] = used.destinations();
        record.selectionCount[b].assign(counts_[b].begin(), counts_[b].end());
        rawPlans_[b].emplace(std::move(raw));
        plans_[b].emplace(std::move(used));
    }

    void endMatchingStep(StepRecord &record) {
        if (pmrBlocks_ > 0) {
            record.pmr = pmrSum_ / pmrBlocks_;
            if (s_.adaptive)
                interval_ = record.pmr >= s_.pmrThreshold ? std::min(interval_ + 1, s_.maxInterval)
                                                          : std::max(interval_ / 2, s_.minInterval);
        }
        pmrSum_ = 0;
        pmrBlocks_ = 0;
        record.interval = interval_;
        nextMatching_ = record.step + interval_;
    }

    const ReferenceRun &reference_;
    ReductionMethod method_;
    ReductionSettings s_;
    std::uint64_t seed_;
    int blocks_ = 0, tokens_ = 0, merges_ = 0;
    int interval_ = 2, nextMatching_ = 0;
    double pmrSum_ = 0;
    int pmrBlocks_ = 0;
    std::vector<std::optional<TokenMergePlan>> plans_, rawPlans_;
    std::vector<std::vector<double>> counts_;
    std::vector<StepRecord> records_;
};

}  // namespace

QString toString(ReductionMethod method) {
    return method == ReductionMethod::Dito ? QStringLiteral("dito") : QStringLiteral("tomesd");
}

ReductionMethod reductionMethodFromString(const QString &text) {
    if (text == QLatin1String("dito"))
        return ReductionMethod::Dito;
    if (text == QLatin1String("tomesd"))
        return ReductionMethod::ToMeSd;
    throw InputError(QStringLiteral("method '%1' is unknown; allowed: dito, tomesd").arg(text));
}

void ReductionSettings::validate() const {
    RangeCheck(QStringLiteral("token reduction"))
        .within("reduction_ratio", ratio, 0, 1)
        .within("cell_width", cellWidth, 1, 16)
        .within("cell_height", cellHeight, 1, 16)
        .within("min_interval", minInterval, 1, 1000)
        .within("max_interval", maxInterval, minInterval, 1000)
        .within("initial_interval", initialInterval, minInterval, maxInterval)
        .within("pmr_threshold", pmrThreshold, 0, 1)
        .within("penalty_weight", penaltyWeight, 0, 10)
        .within("penalty_decay", penaltyDecay, 0, 1);
}

int ReductionRun::matchingSteps() const {
    return static_cast<int>(std::count_if(steps.begin(), steps.end(), [](const StepRecord &s) { return s.matching; }));
}

int ReductionRun::reducedSteps() const {
    return static_cast<int>(std::count_if(steps.begin(), steps.end(), [](const StepRecord &s) { return s.reduced; }));
}

std::uint64_t ditoDestinationSeed(std::uint64_t seed, int block) {
    return derivedSeed(seed, kDitoDestinations + static_cast<std::uint64_t>(block));
}

int mergedTokens(int gridWidth, int gridHeight, int cellWidth, int cellHeight, double ratio) {
    const int tokens = gridWidth * gridHeight;
    const int cells = ((gridWidth + cellWidth - 1) / cellWidth) * ((gridHeight + cellHeight - 1) / cellHeight);
    return std::clamp(static_cast<int>(tokens * ratio), 0, tokens - cells);
}

ReductionRun runReduction(const ReferenceRun &reference, ReductionMethod method, const ReductionSettings &settings,
                          std::uint64_t seed) {
    settings.validate();
    Reducer reducer(reference, method, settings, seed);
    ReductionRun run;
    run.method = method;
    run.settings = settings;
    MeasuredRun measured = reference.measure(std::ref(reducer));  // fills the reducer's records
    takeMeasurement(run, std::move(measured), std::move(reducer.records()));
    return run;
}

}  // namespace accelscope::dito
