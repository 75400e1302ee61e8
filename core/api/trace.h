#pragma once
// What a model records while it steps. Time is simulated time in picoseconds (int64), so mixed
// clocks (200 MHz FPGA, HBM, NoC, GPU baselines) share one axis without rounding drift.
//
// TraceSink is the write side the model sees; Trace (core/sim/trace.h) is the columnar,
// append-only in-memory store every view and the RunStore read.

#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QString>

#include "core/api/topology.h"

namespace accelscope {

using TimePs = std::int64_t;
inline constexpr TimePs kPsPerNs = 1000;
inline constexpr TimePs kPsPerUs = 1000 * kPsPerNs;
inline constexpr TimePs kPsPerMs = 1000 * kPsPerUs;
inline constexpr TimePs kPsPerS = 1000 * kPsPerMs;

// What a unit is doing; views colour by it. Coarse on purpose so every plugin maps onto it.
enum class OpKind : std::uint8_t {
    Matrix,   // GEMM / GEMV / MAC trees / systolic arrays
    Vector,   // element-wise and reductions
    Special,  // nonlinear functions: softmax, GELU, LUTs, sorting, hashing
    MemoryRead,
    MemoryWrite,
    Transfer,  // link / NoC / PCIe traffic
    Sync,      // waiting at a barrier or collective
    Control,   // instruction issue, host work, scheduling
    Other,
};
inline constexpr int kOpKindCount = 9;
QString toString(OpKind kind);
OpKind opKindFromString(const QString &text);  // throws InputError

struct UnitEvent {
    UnitId unit = kNoUnit;
    TimePs begin = 0;
    TimePs end = 0;
    OpKind kind = OpKind::Other;
    QString label;  // "Conv1D QKV", "all-gather 2/3"
    std::uint64_t bytes = 0;
    std::uint64_t flops = 0;
};

// Frames carry matrices and per-token states for the mask, heat and token views.
enum class FrameKind : std::uint8_t { Mask, Tokens, Heat, Graph };
QString toString(FrameKind kind);
FrameKind frameKindFromString(const QString &text);

// Per-token states for FrameKind::Tokens (int32 per token; values >= kMergedBase mean
// "merged into token (value - kMergedBase)"; precision states carry their bit width).
namespace token_state {
inline constexpr std::int32_t kKept = 0;
inline constexpr std::int32_t kPruned = 1;
inline constexpr std::int32_t kReused = 2;
inline constexpr std::int32_t kEvicted = 3;
inline constexpr std::int32_t kPrecisionBase = 1000;  // 1000 + bits, e.g. 1004 = 4-bit
inline constexpr std::int32_t kMergedBase = 1 << 20;
}  // namespace token_state

enum class DType : std::uint8_t { U8, I32, F32 };
QString toString(DType type);
int sizeOf(DType type);

struct Frame {
    std::int64_t step = 0;
    TimePs time = 0;
    FrameKind kind = FrameKind::Heat;
    QString name;  // "layer3/head0/attention"
    std::vector<std::int64_t> shape;
    DType dtype = DType::F32;
    QByteArray data;  // raw little-endian, row-major; Trace compresses it
};

struct Marker {
    TimePs time = 0;
    int level = 0;           // index into Model::stepLevels()
    std::int64_t index = 0;  // which unit of that level ended here
    QString text;            // narration
};

class TraceSink {
public:
    virtual ~TraceSink() = default;
    // Events are recorded against an interned (unit, kind, label) type, because the same few
    // hundred types repeat across millions of events; eventType() returns the same id each time.
    virtual std::uint32_t eventType(UnitId unit, OpKind kind, const QString &label) = 0;
    virtual void appendEvent(std::uint32_t type, TimePs begin, TimePs end, std::uint64_t bytes = 0,
                             std::uint64_t flops = 0) = 0;
    void event(const UnitEvent &e) {
        appendEvent(eventType(e.unit, e.kind, e.label), e.begin, e.end, e.bytes, e.flops);
    }
    // A counter series is named once; values are (time, value) samples, step-interpolated.
    virtual std::uint32_t counterSeries(const QString &name, const QString &unit) = 0;
    virtual void counter(std::uint32_t series, TimePs time, double value) = 0;
    virtual void frame(Frame frame) = 0;
    virtual void marker(const Marker &marker) = 0;
    // The index of the finest step being executed; stamped on events.
    virtual void setStepIndex(std::int64_t step) = 0;
};

}  // namespace accelscope
