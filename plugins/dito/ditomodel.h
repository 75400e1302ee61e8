#pragma once
// One DiTo run: the reduction runs for real on the seeded toy pipeline (DiTo or ToMeSD, the
// unreduced reference, and for DiTo also ToMeSD at the same speedup), and the generation is timed
// step by step on the GPU with the paper's backbone, following the schedule the functional run set.
//
// Step levels: block (one transformer block of the backbone on the GPU; the embedding belongs to
// block 0, the final layer to the last), step (one denoising step), interval (a DiTo Matching
// step and the Reduction steps reusing its pairs; a single step for ToMeSD).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/hw/gpulanes.h"
#include "ditocatalog.h"
#include "ditotiming.h"
#include "functional/ditoreduction.h"

namespace accelscope::dito {

class DitoModel final : public Model {
public:
    DitoModel(const DitoRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return step_ >= config_.steps; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const DitoRunConfig &config() const { return config_; }
    const DitoTiming &timing() const { return *timing_; }
    const ReductionRun &run() const { return run_; }
    // DiTo runs: ToMeSD on the same pipeline at the ratio whose speedup equals DiTo's.
    const std::optional<ReductionRun> &comparison() const { return comparison_; }
    double speedup() const;
    double comparisonSpeedup() const;
    // Steps of each interval: [first, last].
    const std::vector<std::pair<int, int>> &intervals() const { return intervals_; }

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelBlock = 0, kLevelStep = 1, kLevelInterval = 2 };

    StepShape shapeOf(int step) const;
    void buildTopology();
    void begin(TraceSink &sink);
    void emitStepData(TraceSink &sink, int step);
    void emitBlockOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, int layer);

    DitoRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<DitoTiming> timing_;
    std::unique_ptr<DenoisingPipeline> pipeline_;
    std::unique_ptr<ReferenceRun> reference_;
    ReductionRun run_;
    std::optional<ReductionRun> comparison_;
    double comparisonRatio_ = 0;
    std::vector<std::pair<int, int>> intervals_;
    std::vector<int> intervalOf_;  // step -> interval index

    Topology topology_;
    std::unique_ptr<GpuLanes> gpuLanes_;

    // Cursor.
    int step_ = 0;
    int block_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::vector<WorkloadOp> stepOps_;

    std::uint32_t tokensSeries_ = 0, intervalSeries_ = 0, pmrSeries_ = 0, psnrSeries_ = 0, comparisonPsnrSeries_ = 0;
};

}  // namespace accelscope::dito
