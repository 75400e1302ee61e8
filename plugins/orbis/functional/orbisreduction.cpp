#include "orbisreduction.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/kernels/tokenmerge.h"

namespace accelscope::orbis {

namespace {

using kernels::BlockCall;
using kernels::MatrixF;
using kernels::TokenMergePlan;

// Part of the run's seed the random destinations come from (one split per block and step).
constexpr std::uint64_t kDestinations = 200;

// The block runner's state: the pipeline calls it for every block of every step in order.
class Reducer {
public:
    Reducer(const ReferenceRun &reference, ReductionMethod method, const ReductionSettings &settings,
            std::uint64_t seed)
        : reference_(reference),
          method_(method),
          s_(settings),
          seed_(seed),
          split_(toySplit(reference.pipeline(), settings)) {
        blocks_ = reference.pipeline().network().blockCount();
        previousOutputs_.resize(static_cast<std::size_t>(blocks_));
    }

    MatrixF operator()(const BlockCall &call) {
        if (call.blockIndex == 0)
            beginStep(call);
        StepRecord &record = records_.back();
        const auto b = static_cast<std::size_t>(call.blockIndex);
        std::optional<TokenMergePlan> plan;
        if (record.reduced) {
            const std::uint64_t seed = destinationSeed(seed_, call.step, call.blockIndex);
            if (method_ == ReductionMethod::AsymRnR)
                plan = kernels::spatioTemporalMatching(*call.x, split_, s_.ratio, seed);
            else if (method_ == ReductionMethod::OutputGreedy)
                plan = kernels::spatioTemporalMatching(previousOutputs_[b], split_, s_.ratio, seed);
            else
                plan = kernels::distributionAwareMatching(previousOutputs_[b], split_, s_.ratio, seed,
                                                          {s_.window, s_.matchBits}, &record.work[b]);
            record.pairs[b] = plan->destinations();
            record.keptTokens = plan->reducedTokens();
        }
        kernels::BlockReduction reduction;
        reduction.attention = plan && plan->reducedTokens() < plan->tokens() ? &*plan : nullptr;
        MatrixF out = call.block->forward(*call.x, *call.modulation, reduction);
        record.outputError[b] = tokenErrors(out, reference_.blockOutput(call.step, call.blockIndex));
        previousOutputs_[b] = out;
        return out;
    }

    std::vector<StepRecord> &records() { return records_; }

private:
    void beginStep(const BlockCall &call) {
        StepRecord r;
        r.step = call.step;
        r.timestep = call.timestep;
        r.reduced = call.step >= s_.warmupSteps && s_.ratio > 0;
        r.keptTokens = call.frames * call.gridHeight * call.gridWidth;
        r.pairs.assign(static_cast<std::size_t>(blocks_),
                       std::vector<int>(static_cast<std::size_t>(r.keptTokens), -1));
        r.work.resize(static_cast<std::size_t>(blocks_));
        r.outputError.resize(static_cast<std::size_t>(blocks_));
        records_.push_back(std::move(r));
    }

    const ReferenceRun &reference_;
    ReductionMethod method_;
    ReductionSettings s_;
    std::uint64_t seed_;
    kernels::SpatioTemporalSplit split_;
    int blocks_ = 0;
    std::vector<MatrixF> previousOutputs_;
    std::vector<StepRecord> records_;
};

}  // namespace

QString toString(ReductionMethod method) {
    switch (method) {
        case ReductionMethod::Orbis:
            return QStringLiteral("orbis");
        case ReductionMethod::AsymRnR:
            return QStringLiteral("asymrnr");
        case ReductionMethod::OutputGreedy:
            return QStringLiteral("output_greedy");
    }
    return {};
}

QString displayName(ReductionMethod method) {
    switch (method) {
        case ReductionMethod::Orbis:
            return QStringLiteral("ORBIS");
        case ReductionMethod::AsymRnR:
            return QStringLiteral("AsymRnR");
        case ReductionMethod::OutputGreedy:
            return QStringLiteral("output-guided greedy");
    }
    return {};
}

ReductionMethod reductionMethodFromString(const QString &text) {
    for (ReductionMethod m :
         {ReductionMethod::Orbis, ReductionMethod::AsymRnR, ReductionMethod::OutputGreedy})
        if (text == toString(m))
            return m;
    throw InputError(
        QStringLiteral("method '%1' is unknown; allowed: orbis, asymrnr, output_greedy").arg(text));
}

void ReductionSettings::validate() const {
    RangeCheck(QStringLiteral("token reduction"))
        .within("reduction_ratio", ratio, 0, 1)
        .within("stride_frames", strideFrames, 1, 16)
        .within("stride_height", strideHeight, 1, 16)
        .within("stride_width", strideWidth, 1, 16)
        .within("match_window", window, -1, 64)
        .that(matchBits == 0 || matchBits == 8 || matchBits == 4 || matchBits == 2, "match_bits",
              QString::number(matchBits), QStringLiteral("0 (float), 8, 4 or 2"))
        .within("warmup_steps", warmupSteps, 1, 1000);
}

int ReductionRun::reducedSteps() const {
    return static_cast<int>(
        std::count_if(steps.begin(), steps.end(), [](const StepRecord &s) { return s.reduced; }));
}

kernels::MatchingWork ReductionRun::totalWork() const {
    kernels::MatchingWork total;
    for (const StepRecord &s : steps)
        for (const kernels::MatchingWork &w : s.work) {
            total.distances += w.distances;
            total.reevaluations += w.reevaluations;
            total.merges += w.merges;
            total.queueOperations += w.queueOperations;
            total.loss += w.loss;
        }
    return total;
}

kernels::SpatioTemporalSplit toySplit(const DenoisingPipeline &pipeline, const ReductionSettings &settings) {
    kernels::SpatioTemporalSplit s;
    s.frames = pipeline.spec().content.frames;
    s.height = pipeline.gridHeight();
    s.width = pipeline.gridWidth();
    s.strideFrames = settings.strideFrames;
    s.strideHeight = settings.strideHeight;
    s.strideWidth = settings.strideWidth;
    return s;
}

ReductionRun runReduction(const ReferenceRun &reference, ReductionMethod method,
                          const ReductionSettings &settings, std::uint64_t seed) {
    settings.validate();
    Reducer reducer(reference, method, settings, seed);
    ReductionRun run;
    run.method = method;
    run.settings = settings;
    MeasuredRun measured = reference.measure(std::ref(reducer));  // fills the reducer's records
    takeMeasurement(run, std::move(measured), std::move(reducer.records()));
    return run;
}

std::uint64_t destinationSeed(std::uint64_t seed, int step, int block) {
    return derivedSeed(seed, kDestinations + std::uint64_t(step) * 64 + std::uint64_t(block));
}

double maxReductionRatio(const kernels::SpatioTemporalSplit &split) {
    const int tokens = split.frames * split.height * split.width;
    return 1.0 - double(split.chunks()) / tokens;
}

ReductionRun ratioForQuality(const ReferenceRun &reference, ReductionMethod method,
                             const ReductionSettings &settings, double targetPsnrDb, std::uint64_t seed,
                             double maxRatio, int iterations) {
    ReductionSettings s = settings;
    const auto at = [&](double ratio) {
        s.ratio = ratio;
        return runReduction(reference, method, s, seed);
    };
    ReductionRun best = at(maxRatio);
    if (best.psnrDb >= targetPsnrDb)
        return best;
    best = at(0.0);  // identical to the unreduced run: always meets the target
    double low = 0, high = maxRatio;
    for (int i = 0; i < iterations; ++i) {
        const double mid = 0.5 * (low + high);
        ReductionRun run = at(mid);
        if (run.psnrDb >= targetPsnrDb) {
            low = mid;
            best = std::move(run);
        } else {
            high = mid;
        }
    }
    return best;
}

}  // namespace accelscope::orbis
