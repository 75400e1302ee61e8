#include "views/mask/framematrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/sim/trace.h"
#include "views/common/theme.h"

namespace accelscope {

QString FrameMatrix::shapeText() const {
    QStringList parts;
    for (std::int64_t d : shape)
        parts.append(QString::number(d));
    return parts.join(QStringLiteral(" × "));
}

QString FrameMatrix::sliceLabel(int slice) const {
    if (shape.size() <= 2)
        return {};
    QList<std::int64_t> index;
    std::int64_t rest = slice;
    for (std::size_t d = shape.size() - 2; d-- > 0;) {
        index.prepend(rest % shape[d]);
        rest /= shape[d];
    }
    QStringList parts;
    for (std::int64_t i : index)
        parts.append(QString::number(i));
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

std::optional<FrameMatrix> decodeFrameMatrix(const StoredFrame &frame, QString *error) {
    auto fail = [error](const QString &why) -> std::optional<FrameMatrix> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (frame.shape.empty())
        return fail(QStringLiteral("the frame has no shape"));
    std::int64_t count = 1;
    for (std::int64_t d : frame.shape) {
        if (d <= 0 || d > (std::int64_t{1} << 30))
            return fail(QStringLiteral("the frame's shape has a dimension of %1").arg(d));
        count *= d;
        if (count > (std::int64_t{1} << 28))
            return fail(QStringLiteral("the frame is too large to draw (%1+ elements)").arg(count));
    }
    const Frame raw = frame.decompressed();
    const std::int64_t expected = count * sizeOf(frame.dtype);
    if (raw.data.size() != expected)
        return fail(QStringLiteral("the frame holds %1 bytes where its shape needs %2")
                        .arg(raw.data.size())
                        .arg(expected));

    FrameMatrix m;
    m.kind = frame.kind;
    m.dtype = frame.dtype;
    m.shape = frame.shape;
    m.cols = static_cast<int>(frame.shape.back());
    m.rows = frame.shape.size() >= 2 ? static_cast<int>(frame.shape[frame.shape.size() - 2]) : 1;
    m.slices = static_cast<int>(count / (static_cast<std::int64_t>(m.rows) * m.cols));
    m.values.resize(static_cast<std::size_t>(count));
    const char *bytes = raw.data.constData();
    for (std::size_t i = 0; i < m.values.size(); ++i) {
        switch (frame.dtype) {
            case DType::U8:
                m.values[i] = static_cast<unsigned char>(bytes[i]);
                break;
            case DType::I32: {
                std::int32_t v;
                std::memcpy(&v, bytes + 4 * i, 4);
                m.values[i] = static_cast<float>(v);
                break;
            }
            case DType::F32:
                std::memcpy(&m.values[i], bytes + 4 * i, 4);
                break;
        }
    }
    return m;
}

MatrixStats matrixStats(const FrameMatrix &matrix, int slice) {
    MatrixStats s;
    const std::size_t n = static_cast<std::size_t>(matrix.rows) * matrix.cols;
    const float *v = matrix.values.data() + static_cast<std::size_t>(slice) * n;
    s.count = static_cast<std::int64_t>(n);
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(v[i]))
            continue;
        if (first) {
            s.minimum = s.maximum = v[i];
            first = false;
        }
        s.minimum = std::min<double>(s.minimum, v[i]);
        s.maximum = std::max<double>(s.maximum, v[i]);
    }
    s.maxMagnitude = std::max(std::abs(s.minimum), std::abs(s.maximum));
    std::int64_t dense = 0;
    if (matrix.isBits()) {
        for (std::size_t i = 0; i < n; ++i)
            dense += v[i] != 0 ? 1 : 0;
    } else if (s.maxMagnitude > 0) {
        const double threshold = kDensityThreshold * s.maxMagnitude;
        for (std::size_t i = 0; i < n; ++i)
            dense += std::abs(v[i]) >= threshold ? 1 : 0;
    }
    s.density = n ? static_cast<double>(dense) / static_cast<double>(n) : 0.0;
    return s;
}

MatrixScale scaleFor(const FrameMatrix &matrix, const MatrixStats &stats) {
    if (matrix.isBits())
        return {MatrixScale::Kind::Bits, 0, 1};
    if (stats.minimum < 0 && stats.maximum > 0)
        return {MatrixScale::Kind::Diverging, -stats.maxMagnitude, stats.maxMagnitude};
    return {MatrixScale::Kind::Sequential, stats.minimum, stats.maximum};
}

QColor scaleColor(const MatrixScale &scale, double value) {
    switch (scale.kind) {
        case MatrixScale::Kind::Bits:
            return value != 0 ? maskcolor::set() : maskcolor::unset();
        case MatrixScale::Kind::BitDiff:
            return value > 0 ? maskcolor::added() : value < 0 ? maskcolor::removed() : maskcolor::unset();
        case MatrixScale::Kind::Diverging:
            return theme::diverging(scale.high > 0 ? value / scale.high : 0.0);
        case MatrixScale::Kind::Sequential: {
            const double span = scale.high - scale.low;
            // A constant matrix sits in the middle of the map rather than at one end.
            return theme::sequential(span > 0 ? (value - scale.low) / span : 0.5);
        }
    }
    return {};
}

namespace maskcolor {
QColor set() {
    return theme::isDark() ? QColor(0x8c, 0xc8, 0xff) : QColor(0x1d, 0x4f, 0x91);
}
QColor unset() {
    return theme::isDark() ? QColor(0x26, 0x2a, 0x30) : QColor(0xed, 0xf0, 0xf4);
}
QColor added() {
    return theme::isDark() ? QColor(0x5f, 0xd3, 0x8a) : QColor(0x1e, 0x9e, 0x4f);
}
QColor removed() {
    return theme::isDark() ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd6, 0x33, 0x3f);
}
QColor unchanged() {
    return theme::isDark() ? QColor(0x5c, 0x6b, 0x80) : QColor(0xa9, 0xb8, 0xcc);
}
}  // namespace maskcolor

namespace {
// Colours precomputed for a table lookup: a 1024x1024 heat map is a million pixels per redraw.
struct ColorTable {
    static constexpr int kSize = 513;  // odd, so 0 of a diverging scale is an entry
    QRgb entries[kSize];
    double low, high;
    ColorTable(const MatrixScale &scale) : low(scale.low), high(scale.high) {
        for (int i = 0; i < kSize; ++i)
            entries[i] = scaleColor(scale, low + (high - low) * i / (kSize - 1)).rgb();
    }
    QRgb operator()(double v) const {
        if (!std::isfinite(v))
            return entries[0];
        const double span = high - low;
        const double f = span > 0 ? (v - low) / span : 0.5;
        return entries[std::clamp(static_cast<int>(std::lround(f * (kSize - 1))), 0, kSize - 1)];
    }
};
}  // namespace

QImage renderMatrix(const FrameMatrix &matrix, int slice, const MatrixScale &scale) {
    QImage image(matrix.cols, matrix.rows, QImage::Format_RGB32);
    if (scale.kind == MatrixScale::Kind::Bits) {
        const QRgb on = maskcolor::set().rgb(), off = maskcolor::unset().rgb();
        for (int r = 0; r < matrix.rows; ++r) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
            for (int c = 0; c < matrix.cols; ++c)
                line[c] = matrix.at(slice, r, c) != 0 ? on : off;
        }
        return image;
    }
    const ColorTable table(scale);
    for (int r = 0; r < matrix.rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
        for (int c = 0; c < matrix.cols; ++c)
            line[c] = table(matrix.at(slice, r, c));
    }
    return image;
}

QImage renderDifference(const FrameMatrix &current, const FrameMatrix &previous, int slice,
                        MatrixScale *scale) {
    QImage image(current.cols, current.rows, QImage::Format_RGB32);
    if (current.isBits()) {
        *scale = {MatrixScale::Kind::BitDiff, -1, 1};
        const QRgb add = maskcolor::added().rgb(), rem = maskcolor::removed().rgb(),
                   same = maskcolor::unchanged().rgb(), off = maskcolor::unset().rgb();
        for (int r = 0; r < current.rows; ++r) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
            for (int c = 0; c < current.cols; ++c) {
                const bool now = current.at(slice, r, c) != 0, before = previous.at(slice, r, c) != 0;
                line[c] = now && before ? same : now ? add : before ? rem : off;
            }
        }
        return image;
    }
    double largest = 0;
    for (int r = 0; r < current.rows; ++r)
        for (int c = 0; c < current.cols; ++c) {
            const double d = static_cast<double>(current.at(slice, r, c)) - previous.at(slice, r, c);
            if (std::isfinite(d))
                largest = std::max(largest, std::abs(d));
        }
    *scale = {MatrixScale::Kind::Diverging, -largest, largest};
    const ColorTable table(*scale);
    for (int r = 0; r < current.rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
        for (int c = 0; c < current.cols; ++c)
            line[c] = table(static_cast<double>(current.at(slice, r, c)) - previous.at(slice, r, c));
    }
    return image;
}

BitDiffCounts bitDiffCounts(const FrameMatrix &current, const FrameMatrix &previous, int slice) {
    BitDiffCounts counts;
    for (int r = 0; r < current.rows; ++r)
        for (int c = 0; c < current.cols; ++c) {
            const bool now = current.at(slice, r, c) != 0, before = previous.at(slice, r, c) != 0;
            counts.added += now && !before;
            counts.removed += !now && before;
            counts.unchanged += now && before;
        }
    return counts;
}

}  // namespace accelscope
