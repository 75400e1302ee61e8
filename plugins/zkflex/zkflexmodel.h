#pragma once
// A ZK-Flex run: the proof's stages planned on the configured TCores (zkflexcost.h), stepped pass
// by pass with events on every TCore, the NoC ports and HBM, bucket and polynomial buffers placed
// by a real linked-list block allocator whose per-bank occupancy is recorded, and the same proof
// on the reconfigurable baseline, a CPU server and a GPU for comparison.
#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/sim/timing/blockallocator.h"
#include "zkflexcatalog.h"
#include "zkflexcost.h"

namespace accelscope::zkflex {

struct FunctionalCheck {
    bool nttRoundTrip = false;     // INTT(NTT(x)) = x at 2^10 with the chosen radix/decomposition
    bool nttMatchesNaive = false;  // against the O(n²) transform at 2^6
    bool msmMatchesNaive = true;   // Pippenger with the chosen window vs double-and-add (no MSM: true)
    bool msmOnCurve = true;
    // The checked MSM's buckets: points per bucket, window-major (MsmStats::bucketFill).
    int msmWindowBits = 0;
    std::int64_t msmWindows = 0;
    std::vector<std::int32_t> bucketFill;
};

class ZkFlexModel : public Model {
public:
    ZkFlexModel(ZkFlexConfig config, std::uint64_t seed);

    Topology topology() const override;
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override;
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const std::vector<StagePlan> &plans() const { return plans_; }
    TimePs baselineAcceleratorPs() const;
    const std::optional<FunctionalCheck> &functionalCheck() const { return check_; }

protected:
    int advance(TraceSink &sink) override;

private:
    void runFunctionalCheck();
    void declareSeries(TraceSink &sink);
    void recordBanks(TraceSink &sink, TimePs time, bool poly);
    void emitBucketFill(TraceSink &sink, const StagePlan &plan);
    ZkFlexConfig config_;
    std::uint64_t seed_;
    std::vector<StagePlan> plans_;
    std::vector<StagePlan> baselinePlans_;
    Topology topology_;
    std::vector<UnitId> tcoreUnits_;
    std::vector<UnitId> portUnits_;
    UnitId sramUnit_ = kNoUnit, hbmUnit_ = kNoUnit, hbmLink_ = kNoUnit;
    timing::BlockAllocator allocator_;
    std::size_t stage_ = 0, step_ = 0;
    std::int64_t stepsDone_ = 0, stepsTotal_ = 0;
    TimePs now_ = 0;
    TimePs busyPs_ = 0;  // Σ TCore busy time
    TimePs polyPs_ = 0, ecPs_ = 0;
    std::optional<FunctionalCheck> check_;
    bool seriesDeclared_ = false;
    std::vector<std::uint32_t> bankSeries_, polySeries_, bucketSeries_;
    std::uint32_t activeSeries_ = 0;
    std::vector<timing::BlockChain> chains_;
    mutable std::optional<std::vector<BaselineResult>> baselines_;
};

}  // namespace accelscope::zkflex
