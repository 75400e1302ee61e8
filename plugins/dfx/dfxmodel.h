#pragma once
// One DFX run: the timing model of D FPGA cores executing GPT-2 text generation instruction by
// instruction, plus a functional track that computes the first layers for real.
//
// Step levels: instruction (one instruction on every core), layer (a decoder layer; the token's
// embedding lookup belongs to layer 0 and its LM head is a unit of its own), token (the
// summarization stage, then one generation step per further output token).

#include <memory>
#include <optional>
#include <vector>

#include "core/api/model.h"
#include "core/sim/timing/scheduler.h"
#include "dfxcatalog.h"
#include "dfxprogram.h"
#include "functional/functionaltrack.h"

namespace accelscope::dfx {

class DfxModel final : public Model {
public:
    DfxModel(const DfxRunConfig &config, std::uint64_t seed);
    ~DfxModel() override;

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override;
    bool finished() const override { return token_ >= config_.outputTokens; }
    double progress() const override;
    std::vector<Metric> metrics() const override;
    std::vector<BaselineResult> baselines() const override;
    QString narration(int level, std::int64_t index) const override;
    DataSource dataSource() const override;
    TimePs now() const override { return scheduler_ ? scheduler_->makespan() : 0; }

    const DfxRunConfig &config() const { return config_; }
    const DfxProgram &program() const { return program_; }
    // HBM bytes one core holds now: its weights and its KV cache.
    std::uint64_t hbmBytesPerDevice() const { return program_.weightBytesPerDevice() + kvBytesPerDevice_; }
    // The unit a core's instruction runs on (for tests and views).
    UnitId unitOf(int device, CoreUnit unit) const;
    UnitId ringLink(int device) const { return ringLinks_.at(static_cast<std::size_t>(device)); }

protected:
    int advance(TraceSink &sink) override;

private:
    struct Position {
        int token = 0;
        int block = 0;        // 0 head, 1..layers decoder layers, layers + 1 tail
        int instruction = 0;  // within the block
    };
    enum { kLevelInstruction = 0, kLevelLayer = 1, kLevelToken = 2 };

    void buildTopology();
    void begin(TraceSink &sink);
    InstructionBlock blockAt(int token, int block) const;
    int rowsOf(int token) const { return token == 0 ? config_.inputTokens : 1; }
    int kvLengthOf(int token) const { return config_.inputTokens + token; }
    QString labelOf(const Instruction &instruction, int block) const;
    void schedule(const Instruction &instruction, const QString &label);
    void scheduleSync(const Instruction &instruction, const QString &label);
    timing::TaskId producer(int device, const Instruction::Dep &dep) const;
    void endOfLayerUnit(TraceSink &sink);
    void endOfToken(TraceSink &sink);
    void emitHbmOccupancy(TraceSink &sink, TimePs time);
    Position locate(std::int64_t instructionIndex) const;
    TextGenerationWorkload workload() const;

    DfxRunConfig config_;
    std::uint64_t seed_;
    DfxProgram program_;
    Topology topology_;
    std::vector<std::vector<UnitId>> coreUnits_;  // [device][CoreUnit]
    std::vector<UnitId> hbmUnits_;
    std::vector<UnitId> ringLinks_;  // link d: FPGA d → FPGA d+1

    std::unique_ptr<timing::Scheduler> scheduler_;
    std::vector<std::vector<timing::ResourceId>> resources_;  // [device][CoreUnit]
    std::vector<timing::ResourceId> linkResources_;

    // Cursor.
    int token_ = 0;
    int block_ = 0;
    int instruction_ = 0;
    const InstructionBlock *current_ = nullptr;
    InstructionBlock headOrTail_;
    InstructionBlock layerBlock_;  // every layer of a token step runs the same block
    int layerBlockToken_ = -1;
    std::vector<std::vector<timing::TaskId>> blockTasks_;  // [device][slot]
    std::vector<timing::TaskId> previousOutput_;           // [device], -1 before the first block
    std::int64_t instructionsDone_ = 0;
    std::vector<std::int64_t> tokenFirstInstruction_;  // instruction index where each token starts
    TimePs unitStart_ = 0;
    std::vector<std::uint64_t> unitHbmBytes_;  // per device, this layer unit

    // Totals.
    std::uint64_t kvBytesPerDevice_ = 0;
    std::uint64_t hbmBytesMoved_ = 0;  // all devices
    std::uint64_t ringBytes_ = 0;
    TimePs prefillEndPs_ = 0;

    // Counter series.
    std::vector<std::vector<std::uint32_t>> hbmBankSeries_;  // [device][channel]
    std::vector<std::uint32_t> hbmBandwidthSeries_;
    std::uint32_t kvSeries_ = 0;
    std::uint32_t tokensSeries_ = 0;

    std::unique_ptr<FunctionalTrack> functional_;
    mutable std::optional<BaselineResult> baseline_;  // computed once, on first request
};

}  // namespace accelscope::dfx
