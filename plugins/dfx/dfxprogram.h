#pragma once
// DFX's instruction stream for one core, as the host's compiler would emit it: per token a head
// (prompt upload, embedding lookup), one block per decoder layer and a tail (LM head, sampling).
// Every core runs the same stream on its own slice of the weights (SPMD); DfxModel schedules each
// instruction on all cores and expands router instructions into ring hops.
//
// Durations come from the unit models (MacTreeArray, VectorUnit, MemoryChannel) and DfxHardware.
// Dependencies are the scoreboard's read-after-write hazards: an instruction waits for the end of
// its producers (plus a lag when the producer is a pipeline whose last result leaves after its
// last input), or, when chained, starts a lag after its producer starts, consumes the stream as
// it arrives (the MPU eating weight tiles straight from the DMA) and ends no earlier than the
// producer's end plus that lag.

#include <cstdint>
#include <vector>

#include <QString>

#include "core/api/trace.h"
#include "core/workloads/transformer.h"
#include "dfxhardware.h"

namespace accelscope::dfx {

// The units of one core; each is an in-order resource with its own timeline lane.
enum class CoreUnit { Mpu, Vpu, Sfu, DmaRead, DmaWrite, Router, Pcie };
inline constexpr int kCoreUnitCount = 7;
QString toString(CoreUnit unit);

enum class MemorySpace { None, Hbm, Ddr, Host };

struct Instruction {
    struct Dep {
        int slot = 0;  // index in the same block; kPreviousBlock = the previous block's output
        bool chained = false;
        TimePs lagPs = 0;
    };
    static constexpr int kPreviousBlock = -1;

    QString name;  // "Conv1D V"; events are labelled "<name> L<layer>"
    CoreUnit unit = CoreUnit::Vpu;
    OpKind kind = OpKind::Vector;
    TimePs durationPs = 0;    // the unit's busy time (router: computed from the ring hops)
    std::uint64_t bytes = 0;  // DMA / PCIe bytes, router: this core's sub-vector bytes
    std::uint64_t flops = 0;
    MemorySpace memory = MemorySpace::None;
    std::uint64_t kvBytesAppended = 0;  // a DMA write that grows the KV cache
    int sync = 0;                       // router: 1..4 within a layer, 5 for sampling
    bool coreZeroOnly = false;          // e.g. returning the token to the host
    std::vector<Dep> deps;
    QString doc;  // one sentence for narration
};

// One block of instructions and the slot whose result the next block consumes.
struct InstructionBlock {
    std::vector<Instruction> instructions;
    int outputSlot = 0;
};

class DfxProgram {
public:
    DfxProgram(const TransformerConfig &config, const DfxHardware &hardware, int devices);

    // `rows`: tokens processed together (the prompt in summarization, 1 in generation);
    // `kvLength`: cached tokens after this step's keys are appended. `first`: the first token
    // step (uploads the prompt from the host).
    InstructionBlock head(int rows, bool first) const;
    InstructionBlock decoderLayer(int rows, int kvLength) const;
    InstructionBlock tail() const;

    // Instructions per block (constant for a run).
    int headSize() const;
    int layerSize() const;
    int tailSize() const;

    // Bytes one core keeps resident in HBM: its slice of every layer's weights and of the LM head.
    std::uint64_t weightBytesPerDevice() const;
    std::uint64_t layerWeightBytesPerDevice() const;
    std::uint64_t lmHeadBytesPerDevice() const;
    // KV-cache bytes one core appends per token per layer (its heads' K and V rows).
    std::uint64_t kvBytesPerTokenPerLayer() const;

    const TransformerConfig &config() const { return config_; }
    const DfxHardware &hardware() const { return hw_; }
    int devices() const { return devices_; }

    // The MPU is pipelined: its timeline bar is the cycles in which tiles enter the MAC trees, and
    // the last result leaves this much later (multiplier + log2(d) adder levels, plus the bias add
    // for Conv1D). HBM reads are pipelined too: the DMA is busy for bytes / bandwidth and the data
    // arrives the HBM latency later.
    TimePs matrixDrainPs() const;
    TimePs conv1dDrainPs() const;
    TimePs hbmStreamPs(std::uint64_t bytes) const;

private:
    TimePs cycles(std::int64_t n) const;
    Instruction weightRead(const QString &what, std::int64_t k, std::int64_t n, int inputSlot) const;
    Instruction conv1d(const QString &what, int rows, std::int64_t k, std::int64_t n, int dmaSlot,
                       int inputSlot) const;
    // `producerLagPs`: how long after the producer's end its last result is valid (an MPU drain).
    Instruction sync(int index, const QString &what, int rows, std::int64_t width, int producerSlot,
                     TimePs producerLagPs = 0) const;
    void layerNorm(std::vector<Instruction> &out, const QString &name, int rows, int inputSlot) const;

    TransformerConfig config_;
    DfxHardware hw_;
    int devices_;
};

}  // namespace accelscope::dfx
