#include "views/timeline/countertrack.h"

#include <algorithm>
#include <cmath>

namespace accelscope {

void rasterizeCounterTrack(const CounterSampler::Columns &columns, double low, double high, const QRect &area,
                           const CounterTrackStyle &style, QImage &image) {
    if (image.format() != QImage::Format_ARGB32_Premultiplied)
        image.convertTo(QImage::Format_ARGB32_Premultiplied);
    const QRect bounds = area.intersected(image.rect());
    if (bounds.isEmpty() || !(high > low))
        return;
    const QRgb line = qPremultiply(style.line.rgba());
    const QRgb fill = qPremultiply(style.fill.rgba());
    // Row of a value: the baseline is the row below the area's bottom, so `low` fills nothing and
    // `high` reaches the top row.
    const auto yOf = [&](double v) { return area.bottom() + 1 - (v - low) / (high - low) * area.height(); };
    const auto clampRow = [&](double row) {
        return static_cast<int>(std::clamp(row, static_cast<double>(area.top()), static_cast<double>(area.bottom())));
    };
    uchar *const bits = image.bits();  // once: scanLine() checks for a shared copy on every call
    const qsizetype stride = image.bytesPerLine();
    const auto paint = [&](int x, int fromRow, int toRow, QRgb colour) {  // rows [fromRow, toRow]
        const int last = std::min(toRow, bounds.bottom());
        for (int y = std::max(fromRow, bounds.top()); y <= last; ++y)
            reinterpret_cast<QRgb *>(bits + y * stride)[x] = colour;
    };
    const auto n = static_cast<int>(columns.maximum.size());
    int previousTop = -1;  // the outline's row in the previous column, -1 after a gap
    for (int i = 0; i < n; ++i) {
        const double hi = columns.maximum[static_cast<std::size_t>(i)];
        const int x = area.left() + i;
        if (std::isnan(hi) || x < bounds.left() || x > bounds.right()) {
            previousTop = -1;
            continue;
        }
        const double lo = columns.minimum[static_cast<std::size_t>(i)];
        // The row the maximum falls in, and the stroke down to the last row the minimum touches.
        const int top = clampRow(std::floor(yOf(hi)));
        const int strokeEnd = lo < hi ? std::max(top, clampRow(std::ceil(yOf(lo)) - 1)) : top;
        // The outline also steps from the previous column's row.
        int lineFrom = top, lineTo = strokeEnd;
        if (previousTop >= 0) {
            lineFrom = std::min(lineFrom, previousTop);
            lineTo = std::max(lineTo, previousTop);
        }
        paint(x, lineFrom, lineTo, line);
        // The fill under the outline: below what the line covers in this column, down to the baseline.
        paint(x, std::max(top, lineTo + 1), area.bottom(), fill);
        previousTop = top;
    }
}

}  // namespace accelscope
