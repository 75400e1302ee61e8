#pragma once
// One DiSC run: CTR and ST run for real on the seeded toy pipeline next to its unreduced run, the
// sparse work of every step is distributed over the banks (chosen hash and contiguous), and the
// generation is timed block by block on the DiSC accelerator with the full-size backbone; the
// A100 and H100 run the unreduced generation through the shared roofline model.
//
// Step levels: block (one transformer block; the embedding belongs to block 0, the final layer to
// the last), step (one denoising step).

#include <memory>
#include <vector>

#include "core/api/model.h"
#include "disccatalog.h"
#include "disctiming.h"
#include "functional/discfunctional.h"

namespace accelscope::disc {

class DiscModel final : public Model {
public:
    DiscModel(const DiscRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return step_ >= config_.steps; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const DiscRunConfig &config() const { return config_; }
    const DiscRun &run() const { return run_; }
    const DiscTiming &timing() const { return *timing_; }
    const std::vector<StepTiming> &stepTimings() const { return stepTimings_; }
    double seconds() const;        // the whole generation on DiSC
    double energyJoules() const;   // the whole generation on DiSC
    double naiveBankSeconds() const;  // the same run with the sparse work on contiguous banks
    double denseSeconds() const;      // neither CTR nor ST on the same accelerator

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelBlock = 0, kLevelStep = 1 };

    StepShares sharesOf(const StepRecord &r, bool naiveBanks) const;
    void buildTopology();
    void begin(TraceSink &sink);
    void emitStepData(TraceSink &sink, int step);
    void emitBankState(TraceSink &sink, int step, int block);

    DiscRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<DiscTiming> timing_;
    std::unique_ptr<DenoisingPipeline> pipeline_;
    std::unique_ptr<DenoisingReference> reference_;
    DiscRun run_;
    std::vector<StepTiming> stepTimings_, naiveTimings_;
    StepTiming denseTiming_;
    mutable std::vector<BaselineResult> baselines_;

    Topology topology_;
    std::vector<UnitId> units_;  // by DiscUnit
    UnitId banks_ = kNoUnit, naiveBanks_ = kNoUnit;

    // Cursor.
    int step_ = 0;
    int block_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::uint32_t recomputedSeries_ = 0, densitySeries_ = 0, psnrSeries_ = 0, efficiencySeries_ = 0,
                  naiveEfficiencySeries_ = 0;
    std::vector<std::uint32_t> bankSeries_, bankConflictSeries_, naiveBankSeries_, naiveConflictSeries_;
    std::vector<std::int64_t> conflicts_, naiveConflicts_;  // running counts per bank
};

}  // namespace accelscope::disc
