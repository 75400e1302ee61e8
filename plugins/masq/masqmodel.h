#pragma once
// One MASQ run: the denoising steps of a masked-diffusion task on the MASQ accelerator. The
// functional track (functional/masqfunctional.h) runs the seeded pipeline with and without the
// stage-wise MX quantization; each step's token plan (precision and recompute per token, from the
// mask management unit's table) sets the timing of the full-size backbone's step.
//
// Step levels: step (one denoising step), stage (early, middle, late).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "functional/masqfunctional.h"
#include "masqcatalog.h"
#include "masqtiming.h"

namespace accelscope::masq {

class MasqModel final : public Model {
public:
    MasqModel(const MasqRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return step_ >= config_.steps; }
    double progress() const override { return double(step_) / config_.steps; }
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const MasqFunctional &functional() const { return *functional_; }
    const MasqTiming &timing() const { return *timing_; }
    const TokenPlan &plan(int step) const { return plans_.at(static_cast<std::size_t>(step)); }
    const StepTiming &stepTiming(int step) const { return stepTimings_.at(static_cast<std::size_t>(step)); }

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelStep = 0, kLevelStage = 1 };
    void begin(TraceSink &sink);
    void emitFrames(TraceSink &sink, int step);
    void emitBanks(TraceSink &sink, int step);
    double totalSeconds() const;
    double totalEnergy() const;

    MasqRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<MasqFunctional> functional_;
    std::unique_ptr<MasqTiming> timing_;
    std::vector<TokenPlan> plans_;
    std::vector<StepTiming> stepTimings_;
    Topology topology_;
    std::array<UnitId, kMasqUnits> units_{};
    UnitId sram_ = kNoUnit;

    int step_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::vector<std::array<std::uint32_t, 4>> bankSeries_;  // [bank] act_int8, act_int4, act_int2, weights
    std::uint32_t bitsSeries_ = 0, recomputeSeries_ = 0;
    mutable std::optional<std::vector<BaselineResult>> baselines_;
};

}  // namespace accelscope::masq
