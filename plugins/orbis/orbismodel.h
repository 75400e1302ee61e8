#pragma once
// One ORBIS run: the reduction runs for real on the seeded toy video pipeline (the chosen method
// at its ratio, the unreduced reference, and the other method at the same quality), and the
// generation is timed block by block on the ORBIS accelerator with the paper's video DiT, the
// matching unit working one step ahead of the blocks it feeds; the A100 runs the same video.
//
// Step levels: block (one transformer block of the backbone; the embedding belongs to block 0,
// the final layer to the last), step (one denoising step).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/hw/baselinemodel.h"
#include "functional/orbisreduction.h"
#include "orbiscatalog.h"
#include "orbistiming.h"

namespace accelscope::orbis {

class OrbisModel final : public Model {
public:
    OrbisModel(const OrbisRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return step_ >= config_.steps; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const OrbisRunConfig &config() const { return config_; }
    const OrbisTiming &timing() const { return *timing_; }
    const ReductionRun &run() const { return run_; }
    // The other method (AsymRnR, or ORBIS for an AsymRnR run) at the run's quality.
    const std::optional<ReductionRun> &comparison() const { return comparison_; }
    double ratio() const { return run_.settings.ratio; }
    const std::vector<StepSchedule> &schedule() const { return schedule_; }
    double matchSecondsPerBlock() const { return matchSeconds_; }
    const kernels::MatchingWork &fullSizeWorkPerBlock() const { return fullWork_; }
    double seconds() const;       // the whole generation on ORBIS
    double a100Seconds() const;   // unreduced on the baseline GPU
    double energyJoules() const;  // the whole generation on ORBIS
    double stallSeconds() const;  // blocks waiting for their matching

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelBlock = 0, kLevelStep = 1 };

    void buildTopology();
    void begin(TraceSink &sink);
    void emitStepData(TraceSink &sink, int step);
    void emitSlot(TraceSink &sink, int step, std::size_t slot);

    OrbisRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<OrbisTiming> timing_;
    std::unique_ptr<DenoisingPipeline> pipeline_;
    std::unique_ptr<ReferenceRun> reference_;
    ReductionRun run_;
    std::optional<ReductionRun> comparison_;
    kernels::MatchingWork fullWork_;
    double matchSeconds_ = 0;
    std::vector<StepSchedule> schedule_;
    BaselineModel gpu_;
    BaselineEstimate gpuDense_, gpuComparison_;
    std::vector<std::vector<WorkloadOp>> slotOps_[2];  // [reduced?][slot]

    Topology topology_;
    UnitId engine_ = kNoUnit, vector_ = kNoUnit, matcher_ = kNoUnit, hbm_ = kNoUnit;

    // Cursor.
    int step_ = 0;
    int slot_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::uint32_t tokensSeries_ = 0, psnrSeries_ = 0, comparisonPsnrSeries_ = 0, stallSeries_ = 0,
                  slackSeries_ = 0;
};

}  // namespace accelscope::orbis
