#include "views/common/format.h"

#include <array>
#include <cmath>

namespace accelscope::format {

QString number(double value, int digits) {
    if (!std::isfinite(value))
        return QStringLiteral("—");
    if (value == 0)
        return QStringLiteral("0");
    const double magnitude = std::abs(value);
    if (magnitude >= 1e9 || magnitude < 1e-4)
        return QString::number(value, 'g', digits);
    const int integerDigits = magnitude >= 1 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 1;
    const int decimals = std::max(0, digits - integerDigits);
    return QString::number(value, 'f', decimals);
}

namespace {
QString scaled(double value, const std::array<const char16_t *, 5> &units, double step) {
    std::size_t u = 0;
    while (std::abs(value) >= step && u + 1 < units.size()) {
        value /= step;
        ++u;
    }
    return number(value) + QLatin1Char(' ') + QString::fromUtf16(units[u]);
}
}  // namespace

QString duration(TimePs ps) {
    const double v = static_cast<double>(ps);
    if (std::abs(v) < 1e3)
        return QString::number(ps) + QStringLiteral(" ps");
    if (std::abs(v) < 1e6)
        return number(v / 1e3) + QStringLiteral(" ns");
    if (std::abs(v) < 1e9)
        return number(v / 1e6) + QStringLiteral(" µs");
    if (std::abs(v) < 1e12)
        return number(v / 1e9) + QStringLiteral(" ms");
    return number(v / 1e12) + QStringLiteral(" s");
}

QString bytes(double value) {
    if (std::abs(value) < 1024)
        return QString::number(std::llround(value)) + QStringLiteral(" B");
    return scaled(value, {u"B", u"KiB", u"MiB", u"GiB", u"TiB"}, 1024);
}

QString flops(double value) { return scaled(value, {u"FLOP", u"kFLOP", u"MFLOP", u"GFLOP", u"TFLOP"}, 1000); }

QString bandwidth(double value, TimePs ps) {
    if (ps <= 0)
        return QStringLiteral("—");
    const double perSecond = value / (static_cast<double>(ps) / static_cast<double>(kPsPerS));
    return scaled(perSecond, {u"B/s", u"kB/s", u"MB/s", u"GB/s", u"TB/s"}, 1000);
}

QString percent(double fraction) {
    if (!std::isfinite(fraction))
        return QStringLiteral("—");
    return number(fraction * 100.0, fraction * 100.0 >= 10 ? 3 : 2) + QStringLiteral(" %");
}

}  // namespace accelscope::format
