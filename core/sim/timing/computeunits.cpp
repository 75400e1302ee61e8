#include "core/sim/timing/computeunits.h"

namespace accelscope::timing {

namespace {
int ceilLog2(std::int64_t n) {
    int depth = 0;
    for (std::int64_t v = 1; v < n; v <<= 1)
        ++depth;
    return depth;
}
}  // namespace

int MacTreeArray::treeDepth() const {
    return ceilLog2(width);
}

std::int64_t VectorUnit::reduceCycles(std::int64_t elements, int levelLatencyCycles) const {
    return ceilDiv(elements, width) + static_cast<std::int64_t>(ceilLog2(width)) * levelLatencyCycles;
}

}  // namespace accelscope::timing
