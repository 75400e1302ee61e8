#pragma once
// Everything a trace snapshot holds, as comparable text lines: events, counters and markers.

#include <QStringList>

#include "core/sim/trace.h"

namespace accelscope::test {

inline QStringList dumpTrace(const TraceSnapshot &s) {
    QStringList lines;
    for (std::size_t i = 0; i < s.eventCount(); ++i) {
        const UnitEvent e = s.event(i);
        lines << QStringLiteral("E %1 %2 %3 %4 %5 %6 %7 %8")
                     .arg(e.unit)
                     .arg(e.begin)
                     .arg(e.end)
                     .arg(static_cast<int>(e.kind))
                     .arg(e.label)
                     .arg(e.bytes)
                     .arg(e.flops)
                     .arg(s.eventStep(i));
    }
    for (std::size_t i = 0; i < s.counterCount(); ++i)
        lines << QStringLiteral("C %1 %2 %3")
                     .arg(s.counterSeriesOf(i))
                     .arg(s.counterTime(i))
                     .arg(s.counterValue(i));
    for (const Marker &m : s.markers())
        lines << QStringLiteral("M %1 %2 %3 %4").arg(m.time).arg(m.level).arg(m.index).arg(m.text);
    return lines;
}

}  // namespace accelscope::test
