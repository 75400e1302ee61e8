#pragma once
// Cycle models of compute units. Each is a value type describing the hardware; the methods
// return cycles for an operation. They hold no state: occupancy is tracked by a Resource.

#include <cstdint>

#include "core/sim/timing/units.h"

namespace accelscope::timing {

// `lanes` adder trees, each reducing a `width`-element dot product per cycle: the input vector
// is broadcast to every lane and each lane reads its own weight column (DFX's MPU, the LPU's
// SXE). A tile is width × lanes weights and is consumed in one cycle when the pipeline is full.
struct MacTreeArray {
    int lanes = 16;
    int width = 64;
    int multiplierLatency = 6;  // cycles
    int adderLatency = 11;      // cycles per tree level
    double hz = 200e6;

    int treeDepth() const;
    // Cycles from the first operand in to the first result out.
    int pipelineLatencyCycles() const { return multiplierLatency + treeDepth() * adderLatency; }
    std::int64_t macsPerCycle() const { return static_cast<std::int64_t>(lanes) * width; }
    double peakFlops() const { return 2.0 * static_cast<double>(macsPerCycle()) * hz; }
    // Tiles needed for a k (inputs) × n (outputs) weight matrix.
    std::int64_t tiles(std::int64_t k, std::int64_t n) const { return ceilDiv(k, width) * ceilDiv(n, lanes); }
    // y = x·W for one input vector: one tile per cycle, plus the pipeline fill.
    std::int64_t matVecCycles(std::int64_t k, std::int64_t n) const {
        return tiles(k, n) + pipelineLatencyCycles();
    }
    // m input vectors that share each weight tile while it is held (weight reuse across rows).
    std::int64_t matMatCycles(std::int64_t m, std::int64_t k, std::int64_t n) const {
        return tiles(k, n) * m + pipelineLatencyCycles();
    }
};

// A weight-stationary rows × cols systolic array.
struct SystolicArray {
    int rows = 128;
    int cols = 128;
    double hz = 1e9;

    double peakFlops() const { return 2.0 * rows * cols * hz; }
    // C[m×n] = A[m×k] · B[k×n]: per weight tile (rows of k × cols of n), load the tile (rows
    // cycles), stream m rows through, then drain (rows + cols - 1 cycles of skew).
    std::int64_t gemmCycles(std::int64_t m, std::int64_t n, std::int64_t k) const {
        const std::int64_t tiles = ceilDiv(k, rows) * ceilDiv(n, cols);
        return tiles * (rows + m + rows + cols - 1);
    }
};

// A SIMD vector unit: `width` elements per cycle after a fixed latency per operation.
struct VectorUnit {
    int width = 64;
    double hz = 200e6;

    std::int64_t cycles(std::int64_t elements, int latencyCycles) const {
        return ceilDiv(elements, width) + latencyCycles;
    }
    // A tree reduction over `elements` (sum, max): a pass over the data, then log2(width) levels.
    std::int64_t reduceCycles(std::int64_t elements, int levelLatencyCycles) const;
};

}  // namespace accelscope::timing
