#pragma once
// One FastSTAR run: the pruning runs for real on the seeded toy next-scale generator (pruned and
// unpruned), and InfinityStar's generation is timed scale by scale on the GPU, each pruned scale
// keeping the share of queries the functional run kept at the same clip and scale.
//
// Step levels: block (one transformer block of one pass; the embedding and scoring belong to
// block 0, the head to the last), pass (one repetition of a scale), scale (every pass of one
// scale), clip (every scale of one clip; the text prefix belongs to the first).

#include <memory>
#include <vector>

#include "core/api/model.h"
#include "core/hw/gpulanes.h"
#include "faststarcatalog.h"
#include "faststartiming.h"
#include "functional/spatiotemporalpruning.h"

namespace accelscope::faststar {

class FastStarModel final : public Model {
public:
    FastStarModel(const FastStarRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return pass_ >= plan_.size(); }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const FastStarRunConfig &config() const { return config_; }
    const FastStarTiming &timing() const { return *timing_; }
    const PruningRun &run() const { return run_; }
    const std::vector<ScalePass> &plan() const { return plan_; }
    const std::vector<ScalePass> &unprunedPlan() const { return unpruned_; }
    double speedup() const;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelBlock = 0, kLevelPass = 1, kLevelScale = 2, kLevelClip = 3 };

    void buildTopology();
    void begin(TraceSink &sink);
    void emitScaleData(TraceSink &sink, const ScalePass &pass);
    void emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops);
    // The pass (of the pruned plan) whose unit `index` of `level` is.
    const ScalePass &passAt(int level, std::int64_t index) const;

    FastStarRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<FastStarTiming> timing_;
    std::unique_ptr<NextScaleGenerator> generator_;
    PruningRun run_;
    std::vector<ScalePass> plan_, unpruned_;
    std::vector<std::int64_t> firstPassOf_, firstBlockOf_;  // per plan entry: global pass and block indices

    Topology topology_;
    std::unique_ptr<GpuLanes> gpuLanes_;

    // Cursor.
    std::size_t pass_ = 0;
    int repetition_ = 0;
    int block_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    std::vector<WorkloadOp> before_, after_;                 // ops of the current pass outside the blocks
    std::vector<std::vector<WorkloadOp>> blocks_;            // per block

    std::uint32_t queriesSeries_ = 0, prunedSeries_ = 0, keptShareSeries_ = 0;
};

}  // namespace accelscope::faststar
