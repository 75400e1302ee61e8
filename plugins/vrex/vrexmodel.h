#pragma once
// One V-Rex run: a streaming video LLM (VideoLLM-Online: SigLIP frames into Llama-3-8B) on V-Rex
// cores. Every frame runs the vision encoder on the LXE, then the LLM over the frame's tokens; in
// every layer the DRE hashes the new keys, the HCU clusters them, the DPE scores the clusters, the
// WTU picks the clusters by WiCSum with its early-exit sort, and the KVMU brings the selected KV
// that was offloaded (to an NVMe SSD on the edge, to CPU memory on the server) over PCIe, ahead
// of the layer's attention over the retrieved tokens only. After the frames, the question is one
// pass and the answer one pass per token, with text retrieval. The LXE's ops are priced by the
// shared LPU core (core/accelerators/lpucore), the DRE by its lanes, the counts (clusters,
// comparisons, retrieved and offloaded tokens) come from the functional ReSV run. The baseline is
// the same passes with the full KV cache on the platform's GPU (shared roofline model), KV beyond
// its memory streamed over the same PCIe link.
//
// Step levels: layer (one decoder layer of a pass with its DRE work; a frame's first also runs
// the vision encoder), pass (one frame, the question, or one answer token).

#include <memory>
#include <optional>
#include <vector>

#include "core/accelerators/lpucore.h"
#include "core/api/model.h"
#include "core/hw/baselinemodel.h"
#include "functional/resv.h"
#include "vrexcatalog.h"

namespace accelscope::vrex {

// Table III, one core [V].
struct CorePower {
    double dpeW = 2.31139, vpeW = 0.12206, memoryW = 0.11894, hcuW = 0.00299, wtuW = 0.03904, kvmuW = 0.01501;
    double totalW() const { return dpeW + vpeW + memoryW + hcuW + wtuW + kvmuW; }
};
inline constexpr double kPcieWattsPerLane = 3.0;  // at full load [V]

enum class PassKind { Frame, Question, Answer };

// What one pass needs from the functional run, per stream and KV head, and where its KV lives.
struct PassPlan {
    PassKind kind = PassKind::Frame;
    int index = 0;         // frame number, or answer token number (1-based)
    int newTokens = 0;     // per stream
    int pastTokens = 0;    // cached per stream before the pass
    double retrieved = 0;  // past tokens retrieved per KV head
    double clusters = 0;   // HC-table clusters per KV head
    double selectedClusters = 0;
    double hashComparisons = 0;     // per KV head
    double wtuComparisons = 0;      // per KV head, all rows
    double wtuElements = 0;         // per KV head, all rows (rows × clusters)
    double offloadedTokens = 0;     // oldest tokens per stream beyond the V-Rex DRAM budget
    double retrievedOffloaded = 0;  // of the retrieved, per KV head
};

class VrexModel final : public Model {
public:
    VrexModel(const VrexRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return done_; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const VrexRunConfig &config() const { return config_; }
    const ResvExperiment &experiment() const { return *experiment_; }
    const std::vector<PassPlan> &passes() const { return passes_; }
    const LpuCore &lxe() const { return *lxe_; }
    // KV bytes of one token of one stream, all layers, and the KV bytes V-Rex's DRAM can hold.
    double kvBytesPerToken() const { return kvBytesPerToken_; }
    double kvBudgetBytes() const { return kvBudget_; }
    double weightBytes() const { return weightBytes_; }
    // The baseline's frame time and energy per frame (whole batch), and its offloaded KV bytes.
    double baselineFrameSeconds() const { return baselineFrameSeconds_; }
    double baselineFrameEnergyJ() const { return baselineFrameEnergyJ_; }
    double baselineOffloadedBytes(int pastTokens, int newTokens) const;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelLayer = 0, kLevelPass = 1 };

    void planPasses();
    void priceBaseline();
    void buildTopology();
    void begin(TraceSink &sink);
    TimePs emitLxe(TraceSink &sink, const WorkloadOp &op, TimePs start);
    TimePs emitDre(TraceSink &sink, const PassPlan &pass, int layer, TimePs start);
    void emitCounters(TraceSink &sink, const PassPlan &pass);
    void emitFrameViews(TraceSink &sink, const PassPlan &pass);
    std::vector<WorkloadOp> llmOps(const PassPlan &pass) const;

    VrexRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<ResvExperiment> experiment_;
    std::unique_ptr<LpuCore> lxe_;
    BaselineModel baseline_;
    CorePower power_;
    std::vector<PassPlan> passes_;
    std::vector<WorkloadOp> visionOps_;
    double kvBytesPerToken_ = 0, kvBudget_ = 0, weightBytes_ = 0, baselineBudget_ = 0;
    double linkBytesPerSecond_ = 0, linkLatencySeconds_ = 0;
    Topology topology_;
    UnitId dpe_ = kNoUnit, vpe_ = kNoUnit, hcu_ = kNoUnit, wtu_ = kNoUnit, kvmu_ = kNoUnit, pcie_ = kNoUnit;
    UnitId dram_ = kNoUnit, offload_ = kNoUnit;
    int dramBanks_ = 8, offloadBanks_ = 4;

    // Cursor.
    std::size_t pass_ = 0;
    int layer_ = 0;
    std::vector<WorkloadOp> passOps_;
    bool begun_ = false, done_ = false;
    TimePs now_ = 0, passStart_ = 0, linkFree_ = 0, selectionReady_ = 0;

    // Totals.
    double frameSeconds_ = 0, questionSeconds_ = 0, answerSeconds_ = 0;
    double energyJ_ = 0, frameEnergyJ_ = 0;
    double dreSeconds_ = 0, kvmuWaitSeconds_ = 0, fetchedBytes_ = 0, dpeBusy_ = 0, vpeBusy_ = 0, hcuBusy_ = 0,
           wtuBusy_ = 0, linkBusy_ = 0;
    double passEnergyStart_ = 0;
    std::vector<double> frameLatencies_;

    // Baseline totals.
    double baselineFrameSeconds_ = 0, baselineFrameEnergyJ_ = 0, baselineSeconds_ = 0, baselineEnergyJ_ = 0,
           baselinePrefillSeconds_ = 0, baselineDecodeSeconds_ = 0;

    std::vector<std::uint32_t> dramSeries_, offloadSeries_;
    std::uint32_t clustersSeries_ = 0, retrievedSeries_ = 0, retrievedPctSeries_ = 0, offloadedSeries_ = 0,
                  frameLatencySeries_ = 0, visitedSeries_ = 0;
};

}  // namespace accelscope::vrex
