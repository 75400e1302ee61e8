#pragma once
// Time of one forward pass on an Oaken accelerator, layer by layer. The ops come from
// core/workloads (the same graphs the GPU baselines price, with the KV cache at Oaken's measured
// bits per entry); the LPU core (core/accelerators/lpucore.h) prices them, and Oaken's DMA-path
// modules add theirs:
//   - the quantization engine takes the new token's K and V rows after the QKV projection, in
//     series (the cache write waits for it): entries / (lanes × f) + pipeline latency;
//   - the dequantization engine expands the cached K or V as the SMA streams it into the MAC
//     trees, in parallel with the stream: an attention op takes the longest of compute, memory,
//     dequantization and MMU translation, plus the engine's pipeline latency;
//   - the MMU translates one page of the dense or sparse table per cycle for every page a head's
//     history occupies.
// With the KV cache in FP16 (the plain LPU) there are no engines and no tables.

#include <array>
#include <vector>

#include "core/accelerators/lpucore.h"
#include "core/workloads/transformer.h"
#include "oakenhardware.h"

namespace accelscope::oaken {

enum class OakenUnit { Sxe, Vxe, Sma, Esl, Quant, Dequant, Mmu };
inline constexpr int kOakenUnitCount = 7;
QString toString(OakenUnit unit);

// What one unit did in a block (a layer, or the ops before or after the layers).
struct UnitBusy {
    TimePs first = -1;  // start of its first op, from the block's start; -1 when idle
    TimePs busy = 0;
    double bytes = 0;
    double flops = 0;
};

struct BlockTiming {
    TimePs duration = 0;
    std::array<UnitBusy, kOakenUnitCount> units{};
    void add(OakenUnit unit, TimePs at, TimePs busy, double bytes, double flops);
};

// One pass: `head` (embedding), `layer` (every decoder layer is the same), `tail` (final norm
// and LM head).
struct PassTiming {
    BlockTiming head, layer, tail;
    int layers = 0;
    TimePs total() const { return head.duration + layer.duration * layers + tail.duration; }
};

// Memory layout of a head's KV history: bytes per token in the dense and the sparse table.
struct KvLayout {
    double denseBytesPerTokenHead = 0;   // one K or V head: dense codes and its share of the scales
    double sparseBytesPerTokenHead = 0;  // one K or V head: 8-bit sparse entries
    int pageBytes = 4096;
    std::int64_t densePages(std::int64_t tokens) const;
    std::int64_t sparsePages(std::int64_t tokens) const;
};

class OakenTiming {
public:
    // `kvBitsPerEntry` and `sparseFraction` come from the functional track (ignored in FP16 mode).
    OakenTiming(const TransformerConfig &model, const OakenHardware &hardware, double kvBitsPerEntry,
                double sparseFraction);

    PassTiming prefill(int batch, int inputTokens) const;
    PassTiming decode(int batch, int contextTokens) const;

    const KvLayout &layout() const { return layout_; }
    double kvBitsPerEntry() const { return kvBits_; }
    int kvHeadsPerDevice() const { return kvHeadsPerDevice_; }
    double weightBytesPerDevice() const { return weightBytes_; }
    // KV bytes one sequence holds on one device with `tokens` cached, page-granular (MMU pages).
    double kvPageBytesPerSequence(std::int64_t tokens) const;
    // Dense and sparse pages of one sequence on one device with `tokens` cached.
    std::int64_t densePagesPerSequence(std::int64_t tokens) const;
    std::int64_t sparsePagesPerSequence(std::int64_t tokens) const;

private:
    PassTiming time(const TextGenerationWorkload &workload, int contextTokens, bool prefill) const;

    TransformerConfig model_;
    TransformerConfig oneLayer_;  // the model with one layer: the ops of a layer, the head and the tail
    OakenHardware hw_;
    LpuCore core_;
    double kvBits_ = 16;
    int kvHeadsPerDevice_ = 1;
    double weightBytes_ = 0;
    KvLayout layout_;
};

}  // namespace accelscope::oaken
