#pragma once
// One LaProx run: long-context text generation on a GPU with the KV cache evicted after the
// prompt. The prompt pass computes every layer and LaProx's scores for it (window attention, the
// values projected through W_O, each token's contribution); one model-wide selection then keeps
// the budget and compacts the cache; every decode step attends to the kept tokens only, so the
// KV bytes it streams, and its time, shrink with the budget. All ops are priced by the shared
// roofline model of core/hw. The functional experiment (functional/evictionexperiment) supplies
// the retention maps, the per-layer split of the budget and the output errors of every method.
//
// Step levels: layer (one decoder layer of a pass, or the selection and compaction), token (the
// prompt pass with its eviction, then one decode step per further output token).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/hw/baselinemodel.h"
#include "core/hw/gpulanes.h"
#include "functional/evictionexperiment.h"
#include "laproxcatalog.h"

namespace accelscope::laprox {

class LaproxModel final : public Model {
public:
    LaproxModel(const LaproxRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return done_; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const LaproxRunConfig &config() const { return config_; }
    const EvictionExperiment &experiment() const { return *experiment_; }
    bool evicts() const { return config_.budget < 1.0; }
    // Prompt tokens each layer keeps (all of them without eviction); they sum to keptPerLayer × layers.
    const std::vector<int> &keptTokensPerLayer() const { return keptPerLayer_; }
    int keptTokensMean() const { return keptMean_; }
    // KV bytes one device holds for one layer with `tokens` cached per sequence.
    double kvBytesPerLayer(std::int64_t tokens) const;
    // LaProx's scoring ops for one layer of the prompt pass, and the selection and compaction.
    std::vector<WorkloadOp> scoringOps(int layer) const;
    std::vector<WorkloadOp> evictionOps() const;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelLayer = 0, kLevelToken = 1 };
    enum class Phase { Prefill, Evict, Decode };

    void buildTopology();
    void splitBudgetOverLayers();
    void begin(TraceSink &sink);
    TimePs emitOps(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs start, bool scoring);
    void emitMemory(TraceSink &sink, const std::vector<std::int64_t> &tokensPerLayer);
    void emitFrames(TraceSink &sink);
    std::vector<WorkloadOp> passOps(int layer) const;  // the current pass's ops of `layer` (-1 ops attached)

    LaproxRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<EvictionExperiment> experiment_;
    BaselineModel gpu_;
    Topology topology_;
    std::vector<UnitId> lanes_;  // [ServingLane]
    UnitId hbm_ = kNoUnit, kvMemory_ = kNoUnit;
    int hbmBanks_ = 8;
    std::vector<int> keptPerLayer_;
    int keptMean_ = 0;
    double weightBytes_ = 0;

    // Cursor.
    Phase phase_ = Phase::Prefill;
    int layer_ = 0;
    int token_ = 0;  // decode step (1 .. outputTokens - 1)
    bool begun_ = false, done_ = false;
    TimePs now_ = 0;
    std::vector<WorkloadOp> pass_;  // the current pass's ops
    std::int64_t stepsDone_ = 0;

    // Totals.
    TimePs prefillPs_ = 0, scoringPs_ = 0, evictionPs_ = 0, decodePs_ = 0;
    double energyJ_ = 0;
    double decodeKvBytes_ = 0;  // KV bytes attention streamed over all decode steps

    std::vector<std::uint32_t> bankSeries_;  // [bank × {total, weights, kv}]
    std::vector<std::uint32_t> layerSeries_;
    std::uint32_t kvSeries_ = 0, fullKvSeries_ = 0, keptPctSeries_ = 0;
    int sampleEvery_ = 1;

    mutable std::optional<std::vector<BaselineResult>> baselines_;
};

}  // namespace accelscope::laprox
