#pragma once
// Level of detail for a lane: how busy a unit is in each pixel column and with what kind of work,
// in O(columns x log events) whatever the zoom. Busy time comes from the lane's prefix sums (the
// duration begun in each column, as TraceIndex::durationBegunIn defines it); time that overflows a
// column spills into the next ones, so an event wider than a column still fills them. In a lane
// whose events share one op kind (a timing model's unit, mostly) the colour and the visible time are
// exact; otherwise the colour is the dominant kind among a few events sampled evenly from those
// begun in the column, and the share of hidden kinds is estimated from the same sample.

#include <cstdint>
#include <vector>

#include "core/sim/traceindex.h"

namespace accelscope {

class LaneSampler {
public:
    struct Columns {
        std::vector<float> busy;          // 0..1 per column
        std::vector<std::int8_t> kind;    // OpKind per column; -1 where nothing ran
        std::vector<std::int32_t> count;  // events begun in the column
    };

    // Samples `unit`'s events into `columns` columns; column i covers run time
    // [t0 + i * psPerColumn, t0 + (i + 1) * psPerColumn). Kinds outside `kindMask` are left out.
    static void sample(const TraceIndex &index, UnitId unit, double t0, double psPerColumn, int columns,
                       std::uint32_t kindMask, Columns &out);

    // Combines lanes into one summary: per column the largest busy fraction and its kind.
    static void merge(const Columns &lane, Columns &summary);

    // How many samples per column decide the colour and the share of masked kinds.
    static constexpr int kSamplesPerColumn = 8;
};

}  // namespace accelscope
