#pragma once
// One POP run: batched text generation on a GPU with the FFN pruned online. The prompt pass runs
// the dense model and, per layer, scores every FFN channel on the prompt's activations and splits
// the channels of each sequence into retained, candidate and pruned. Every decode step computes
// the gate and up rows of the retained and candidate channels only, re-scores the candidates,
// keeps exactly the budget and runs the down projection over the kept columns; a batched GEMV
// streams the union of the batch's channels, which the functional experiment measures. All ops
// are priced by the shared roofline model of core/hw, against the dense run and a static mask of
// the same budget on the same GPU.
//
// Step levels: layer (one decoder layer of a pass), token (the prompt pass, then one decode step
// per further output token).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/hw/baselinemodel.h"
#include "core/hw/gpulanes.h"
#include "core/workloads/ffnpruning.h"
#include "functional/popexperiment.h"
#include "popcatalog.h"

namespace accelscope::pop {

class PopModel final : public Model {
public:
    PopModel(const PopRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return done_; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const PopRunConfig &config() const { return config_; }
    const PopExperiment &experiment() const { return *experiment_; }
    // The decode FFN as priced: the shares of channels streamed are the batch's union of computed
    // (gate, up) and kept (down) channels; all 1 without pruning.
    const FfnChannelShare &popShare() const { return popShare_; }
    // A static mask of the same budget: every step and sequence the same kept channels.
    FfnChannelShare staticShare() const;
    // The same requests with that static mask, prompt pass included, on the same GPU.
    BaselineResult staticBaseline() const;
    // POP's own kernels: channel scoring and partition in a prompt layer, candidate re-scoring and
    // selection in a decode layer.
    std::vector<WorkloadOp> scoringOps(int layer) const;
    std::vector<WorkloadOp> selectionOps(int layer) const;
    // One decode layer's FFN time (gate/up, activation, down, and POP's selection when `pop`).
    double ffnSecondsPerLayer(const FfnChannelShare &share, bool pop) const;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelLayer = 0, kLevelToken = 1 };
    enum class Phase { Prefill, Decode };

    void buildTopology();
    void begin(TraceSink &sink);
    TimePs emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs start, bool pruner);
    void emitPartitionFrames(TraceSink &sink);
    void emitMaskFrames(TraceSink &sink, int functionalToken);
    double channelsPerDevice() const;
    double maskGroups() const;  // masks per decode step: 1 for the batch scope, else the batch

    PopRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<PopExperiment> experiment_;
    BaselineModel gpu_;
    FfnChannelShare popShare_;
    Topology topology_;
    std::vector<UnitId> lanes_;  // [ServingLane]

    // Cursor.
    Phase phase_ = Phase::Prefill;
    int layer_ = 0;
    int token_ = 0;  // decode step (1 .. outputTokens - 1)
    bool begun_ = false, done_ = false;
    TimePs now_ = 0;
    std::vector<WorkloadOp> pass_;
    std::int64_t stepsDone_ = 0;

    // Totals.
    TimePs prefillPs_ = 0, scoringPs_ = 0, selectionPs_ = 0, decodePs_ = 0;
    double energyJ_ = 0;
    std::uint32_t keptSeries_ = 0, computedSeries_ = 0;

    mutable std::optional<std::vector<BaselineResult>> baselines_;
};

}  // namespace accelscope::pop
