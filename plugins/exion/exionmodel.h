#pragma once
// One EXION run: the functional track (functional/exionfunctional.h) runs FFN-Reuse, eager
// attention prediction and ConMerge on the seeded toy pipeline and measures, per step, the FFN
// entries recomputed, the attention entries kept and the PE utilization after compaction; those
// counts drive the timing (exiontiming.h) of the full-size backbone's step on the server or edge
// instance, block by block.
//
// Step levels: block (one transformer block of the backbone; the embedding belongs to the first,
// the final layer to the last), step (one denoising iteration), interval (a dense FFN iteration
// and the sparse iterations reusing its mask).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "exioncatalog.h"
#include "exiontiming.h"
#include "functional/exionfunctional.h"

namespace accelscope::exion {

class ExionModel final : public Model {
public:
    ExionModel(const ExionRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return step_ >= config_.steps; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const ExionRunConfig &config() const { return config_; }
    const ExionFunctional &functional() const { return *functional_; }
    const StepShares &shares(int step) const { return shares_.at(static_cast<std::size_t>(step)); }
    const StepTiming &stepTiming(int step) const { return stepTimings_.at(static_cast<std::size_t>(step)); }
    double totalSeconds() const;
    double totalEnergy() const;
    double denseSeconds() const { return denseTiming_.seconds * config_.steps; }

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelBlock = 0, kLevelStep = 1, kLevelInterval = 2 };

    StepShares sharesOf(const StepRecord &record) const;
    int intervalOf(int step) const;
    void buildTopology();
    void begin(TraceSink &sink);
    void emitStepData(TraceSink &sink, int step);

    ExionRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<ExionFunctional> functional_;
    std::unique_ptr<ExionTiming> timing_;
    std::vector<StepShares> shares_;
    std::vector<StepTiming> stepTimings_;
    StepTiming denseTiming_;
    mutable std::optional<std::vector<BaselineResult>> baselines_;

    Topology topology_;
    std::array<UnitId, kExionUnits> units_{};

    int step_ = 0;
    int block_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::uint32_t ffnSeries_ = 0, attentionSeries_ = 0, recallSeries_ = 0, ffnUtilBefore_ = 0,
                  ffnUtilAfter_ = 0, attnUtilBefore_ = 0, attnUtilAfter_ = 0, psnrSeries_ = 0;
};

}  // namespace accelscope::exion
