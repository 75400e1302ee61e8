#pragma once
// One Oaken run: batched text generation on an Oaken accelerator (or the plain LPU), layer by
// layer, in waves when memory holds the KV cache of fewer sequences than the batch; plus the
// functional track that profiles, quantizes and decodes real (seeded synthetic) K and V tensors
// and gives the timing its bits per entry.
//
// Step levels: layer (one decoder layer of one pass for the whole wave; the embedding belongs to
// layer 0, the LM head to the last), token (the prompt pass, then one decode step per further
// output token), wave (a group of sequences that fits in memory, from prompt to last token).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/workloads/textgeneration.h"
#include "functional/kvquanttrack.h"
#include "oakencatalog.h"
#include "oakentiming.h"

namespace accelscope::oaken {

class OakenModel final : public Model {
public:
    OakenModel(const OakenRunConfig &config, std::uint64_t seed);

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return wave_ >= waves_.waves; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return now_; }

    const OakenRunConfig &config() const { return config_; }
    const KvQuantTrack &functional() const { return *functional_; }
    const OakenTiming &timing() const { return *timing_; }
    const BatchWaves &waves() const { return waves_; }
    UnitId unitOf(int device, OakenUnit unit) const;
    UnitId memoryOf(int device) const { return memories_.at(static_cast<std::size_t>(device)); }
    // Page-granular KV bytes one device holds with `tokens` cached for `sequences` sequences.
    double kvBytesPerDevice(int sequences, std::int64_t tokens) const;

protected:
    int advance(TraceSink &sink) override;

private:
    enum { kLevelLayer = 0, kLevelToken = 1, kLevelWave = 2 };

    void buildTopology();
    void begin(TraceSink &sink);
    void emitBlock(TraceSink &sink, const BlockTiming &block, TimePs start, const QString &label);
    void emitMemory(TraceSink &sink, TimePs time, int sequences, std::int64_t tokens);
    void emitMasks(TraceSink &sink, int layer);
    int batchOf(int wave) const { return waves_.waveBatch(wave); }
    std::int64_t tokenIndex() const;

    OakenRunConfig config_;
    std::uint64_t seed_;
    std::unique_ptr<KvQuantTrack> functional_;
    std::unique_ptr<OakenTiming> timing_;
    BatchWaves waves_;
    Topology topology_;
    std::vector<std::vector<UnitId>> units_;  // [device][OakenUnit]
    std::vector<UnitId> memories_;

    // Cursor.
    int wave_ = 0;
    int token_ = 0;  // 0: the prompt pass
    int layer_ = 0;
    bool begun_ = false;
    TimePs now_ = 0;
    PassTiming pass_;
    std::int64_t stepsDone_ = 0;  // layer units done

    // Totals.
    TimePs prefillPs_ = 0;
    std::array<TimePs, kOakenUnitCount> busyPs_{};
    double peakKvBytesPerDevice_ = 0;

    // Counter series.
    std::vector<std::vector<std::uint32_t>> bankSeries_;  // [device][channel × {total, weights, kv_dense, kv_sparse}]
    std::uint32_t kvSeries_ = 0, tokensSeries_ = 0, batchSeries_ = 0, pagesSeries_ = 0;
    std::int64_t tokensGenerated_ = 0;
    int sampleEvery_ = 1;

    mutable std::optional<std::vector<BaselineResult>> baselines_;
};

}  // namespace accelscope::oaken
