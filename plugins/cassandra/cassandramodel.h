#pragma once
// One Cassandra run: self-speculative decoding of a reasoning LLM on an RTX 4090 or the LPU-like
// NPU. The prompt pass reads the full stored model; then every round runs γ draft passes that
// stream only the speculation data (the Wanda-pruned, mantissa-truncated bit-subset of weights
// and KV, with its bitmap and exponent codes) and one verification pass that streams everything
// and checks γ + 1 positions at once. Each pass is the op graph of core/workloads/textgeneration
// with the draft's or the full data's bits per weight and per KV entry (measured by the
// functional encoder), priced by the shared roofline model (GPU) or the LPU core (NPU).
// The functional run (functional/selfspeculation) supplies the bits, the measured acceptance,
// the masks and the token-by-token losslessness.
//
// Step levels: pass (the prompt, one draft pass or one verification), round (the prompt, then γ
// drafts and their verification).

#include <memory>
#include <optional>
#include <vector>

#include "cassandracatalog.h"
#include "core/api/model.h"
#include "core/hw/baselinemodel.h"

namespace accelscope::cassandra {

// The memory a scheme needs under one budget: the target's weights, its draft's and KV per token.
struct MemoryPlan {
    QString name;
    double weightBytes = 0;
    double draftBytes = 0;
    double kvBytesPerToken = 0;
    // KV positions that fit in `budget` beside the weights (0 when the weights do not fit).
    double tokensThatFit(double budget) const;
};

class CassandraModel final : public Model {
public:
    CassandraModel(const CassandraRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return done_; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const CassandraRunConfig &config() const { return config_; }
    const SelfSpeculation &functional() const { return *functional_; }
    // The acceptance rate the timing uses (the configured one, or the functional model's).
    double acceptanceRate() const { return acceptance_; }
    // Draft tokens the target accepts in timing round `round` (0-based): spread evenly so that
    // every prefix of rounds accepts as close to acceptanceRate() · γ per round as whole tokens allow.
    int acceptedInRound(std::int64_t round) const;
    // The stored data: bits per KV entry (in the shapes) and per linear-layer weight, draft and full.
    const TextGenerationWorkload &draftShape() const { return draftShape_; }
    const TextGenerationWorkload &targetShape() const { return targetShape_; }
    double draftWeightBits() const { return draftWeightBits_; }
    double targetWeightBits() const { return targetWeightBits_; }
    double memoryBudgetBytes() const;
    MemoryPlan cassandraPlan() const;
    MemoryPlan eagle3Plan() const;
    MemoryPlan separateDraftPlan() const;
    // Seconds of plain BF16 decoding (prompt, then one token per pass) on the same platform.
    double bf16Seconds() const { return bf16Seconds_; }
    double bf16PrefillSeconds() const { return bf16PrefillSeconds_; }

    struct Pricing;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelPass = 0, kLevelRound = 1 };
    enum class Phase { Prefill, Draft, Verify };

    void buildTopology();
    void begin(TraceSink &sink);
    // Prices the current pass, emits its events and advances the clock; returns the bytes it streamed.
    double emitPass(TraceSink &sink, const QString &label);
    void emitMemory(TraceSink &sink, double contextTokens);
    void emitAcceptanceFrame(TraceSink &sink);
    void emitFunctionalFrames(TraceSink &sink);
    void priceBf16();

    CassandraRunConfig config_;
    std::uint64_t seed_;
    std::shared_ptr<const SelfSpeculation> functional_;
    std::shared_ptr<const Pricing> pricing_;
    TextGenerationWorkload draftShape_, targetShape_, bf16Shape_;
    double draftWeightBits_ = 0, targetWeightBits_ = 0;
    double acceptance_ = 0;
    int gamma_ = 5;
    Topology topology_;
    UnitId matrixLane_ = kNoUnit, vectorLane_ = kNoUnit, decoderLane_ = kNoUnit, memory_ = kNoUnit, budget_ = kNoUnit;
    int memoryBanks_ = 8;

    // Cursor.
    Phase phase_ = Phase::Prefill;
    std::int64_t round_ = 0;  // timing round (0-based)
    int draftIndex_ = 0;
    int committed_ = 0;  // output tokens produced so far
    bool begun_ = false, done_ = false;
    TimePs now_ = 0;
    std::int64_t passes_ = 0;
    std::vector<int> acceptedLog_;  // accepted drafts of every finished round
    std::int64_t acceptedTotal_ = 0;

    // Totals.
    double prefillSeconds_ = 0, draftSeconds_ = 0, verifySeconds_ = 0, energyJ_ = 0;
    double draftBytes_ = 0, verifyBytes_ = 0;
    std::int64_t draftPasses_ = 0, verifyPasses_ = 0;
    double bf16Seconds_ = 0, bf16PrefillSeconds_ = 0, bf16EnergyJ_ = 0;

    std::vector<std::uint32_t> bankSeries_, budgetSeries_;
    std::uint32_t acceptedSeries_ = 0, runningAcceptanceSeries_ = 0, passBytesSeries_ = 0;
};

}  // namespace accelscope::cassandra
