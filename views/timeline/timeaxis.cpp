#include "views/timeline/timeaxis.h"

#include <algorithm>
#include <cmath>

#include "views/common/format.h"

namespace accelscope {

TimePs TimeAxis::niceStep(double rawPs) {
    if (!(rawPs > 1))
        return 1;
    TimePs power = 1;
    while (static_cast<double>(power) * 10 <= rawPs && power < kPsPerS * 1000000)
        power *= 10;
    for (TimePs factor : {1, 2, 5, 10})
        if (static_cast<double>(power * factor) >= rawPs)
            return power * factor;
    return power * 10;
}

QString TimeAxis::preciseDuration(TimePs time, TimePs resolutionPs) {
    struct UnitScale {
        double ps;
        const char16_t *name;
    };
    static constexpr UnitScale scales[] = {
        {1, u"ps"}, {1e3, u"ns"}, {1e6, u"µs"}, {1e9, u"ms"}, {1e12, u"s"}};
    const double magnitude = std::abs(static_cast<double>(time));
    std::size_t u = 0;
    while (u + 1 < std::size(scales) && magnitude >= scales[u + 1].ps)
        ++u;
    const double ratio = scales[u].ps / static_cast<double>(std::max<TimePs>(resolutionPs, 1));
    const int decimals =
        std::clamp(static_cast<int>(std::ceil(std::log10(std::max(ratio, 1.0)) - 1e-9)), 0, 9);
    return QString::number(static_cast<double>(time) / scales[u].ps, 'f', decimals) + QLatin1Char(' ') +
           QString::fromUtf16(scales[u].name);
}

std::vector<TimeAxis::Tick> TimeAxis::ticks(TimePs begin, TimePs end, double widthPx, double minSpacingPx) {
    std::vector<Tick> result;
    if (end <= begin || widthPx <= 1)
        return result;
    const double psPerPx = static_cast<double>(end - begin) / widthPx;
    const TimePs step = niceStep(psPerPx * minSpacingPx);
    // 1/5 of a major step, or 1/2 when the step is a 2 x 10^k.
    const TimePs leading =
        step / std::max<TimePs>(
                   1, static_cast<TimePs>(std::pow(10.0, std::floor(std::log10(static_cast<double>(step))))));
    const TimePs minor = std::max<TimePs>(1, leading == 2 ? step / 2 : step / 5);

    const auto floorTo = [](TimePs t, TimePs s) { return (t >= 0 ? t / s : (t - s + 1) / s) * s; };
    const TimePs firstMajor =
        floorTo(begin, step) < begin ? floorTo(begin, step) + step : floorTo(begin, step);
    // Relative labels when consecutive ticks would read the same with three significant digits.
    const bool relative = format::duration(firstMajor) == format::duration(firstMajor + step) ||
                          format::duration(firstMajor + step) == format::duration(firstMajor + 2 * step);

    const TimePs firstMinor =
        floorTo(begin, minor) < begin ? floorTo(begin, minor) + minor : floorTo(begin, minor);
    for (TimePs t = firstMinor; t <= end; t += minor) {
        Tick tick;
        tick.time = t;
        tick.major = (t - firstMajor) % step == 0;
        if (tick.major) {
            if (!relative)
                tick.label = format::duration(t);
            else if (t == firstMajor)
                tick.label = preciseDuration(t, step);
            else
                tick.label = QStringLiteral("+") + format::duration(t - firstMajor);
        }
        result.push_back(std::move(tick));
        if (result.size() > 4096)  // never more than a few per pixel
            break;
    }
    return result;
}

}  // namespace accelscope
