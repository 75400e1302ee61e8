#pragma once
// Draws a counter track from its per-column minimum and maximum (CounterSampler) straight into the
// pixels of an image: per column, the area under the maximum in a translucent fill, a stroke from
// the maximum down to the minimum where the column spans several values, and the step outline along
// the maxima. One pass over the columns writes each pixel once, where the same picture through
// QPainter (a polygon, a rectangle per stroke, a polyline) costs several times more for a dense
// track: every one-pixel-wide stroke becomes a span per row in the raster engine.

#include <QColor>
#include <QImage>
#include <QRect>

#include "views/timeline/countersampler.h"

namespace accelscope {

struct CounterTrackStyle {
    QColor line;  // outline and min-max strokes
    QColor fill;  // the area under the maximum (usually translucent)
};

// Column i of `columns` is drawn in image column area.left() + i; value `low` sits on area.bottom()
// (the baseline) and `high` on area.top(). Columns without a value (NaN) stay untouched; the pixels
// drawn are replaced by the style's colours (premultiplied), so the image usually starts transparent
// and is then composed over the track's background.
void rasterizeCounterTrack(const CounterSampler::Columns &columns, double low, double high, const QRect &area,
                           const CounterTrackStyle &style, QImage &image);

}  // namespace accelscope
