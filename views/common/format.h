#pragma once
// Human-readable quantities with units, shared by every view, tooltip and table.

#include <cstdint>

#include <QString>

#include "core/api/trace.h"

namespace accelscope::format {

// "850 ps", "12.5 ns", "3.21 µs", "732 ms", "1.20 s"; three significant digits.
QString duration(TimePs ps);
// "512 B", "1.50 KiB", "3.2 MiB", "16.0 GiB".
QString bytes(double bytes);
// "1.2 GFLOP", "950 MFLOP".
QString flops(double flops);
// "41.7 GB/s" from bytes over picoseconds.
QString bandwidth(double bytes, TimePs ps);
// "73 %".
QString percent(double fraction);
// A number with `digits` significant digits, no exponent for ordinary magnitudes.
QString number(double value, int digits = 3);

}  // namespace accelscope::format
