#include "views/token/tokengrid.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/sim/trace.h"

namespace accelscope {

QString TokenGrid::describe(int token) const {
    const Position p = position(token);
    if (wrapped || shape.size() <= 1)
        return QStringLiteral("token %1").arg(token);
    if (frames > 1)
        return QStringLiteral("token %1 (f %2, h %3, w %4)").arg(token).arg(p.frame).arg(p.row).arg(p.col);
    return QStringLiteral("token %1 (h %2, w %3)").arg(token).arg(p.row).arg(p.col);
}

int wrapWidth(int count) {
    if (count <= 48)
        return std::max(count, 1);
    const int near = static_cast<int>(std::ceil(std::sqrt(2.0 * count)));
    return std::min(128, (near + 7) / 8 * 8);
}

std::optional<TokenGrid> decodeTokenGrid(const std::vector<std::int64_t> &shape, DType dtype,
                                         const QByteArray &data, QString *error) {
    auto fail = [error](const QString &why) -> std::optional<TokenGrid> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (dtype == DType::F32)
        return fail(QStringLiteral("token states are integers, but the frame holds F32 values"));
    if (shape.empty())
        return fail(QStringLiteral("the frame has no shape"));
    std::int64_t count = 1;
    for (std::int64_t d : shape) {
        if (d <= 0)
            return fail(QStringLiteral("the frame's shape has a dimension of %1").arg(d));
        count *= d;
        if (count > (std::int64_t{1} << 24))
            return fail(QStringLiteral("the frame has too many tokens to draw (%1+)").arg(count));
    }
    if (data.size() != count * sizeOf(dtype))
        return fail(QStringLiteral("the frame holds %1 bytes where its shape needs %2")
                        .arg(data.size())
                        .arg(count * sizeOf(dtype)));
    TokenGrid grid;
    grid.shape = shape;
    grid.states.resize(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < grid.states.size(); ++i) {
        if (dtype == DType::U8)
            grid.states[i] = static_cast<unsigned char>(data[static_cast<qsizetype>(i)]);
        else
            std::memcpy(&grid.states[i], data.constData() + 4 * i, 4);
    }
    if (shape.size() == 1) {
        grid.wrapped = true;
        grid.cols = wrapWidth(static_cast<int>(count));
        grid.rows = static_cast<int>((count + grid.cols - 1) / grid.cols);
    } else {
        grid.cols = static_cast<int>(shape.back());
        grid.rows = static_cast<int>(shape[shape.size() - 2]);
        grid.frames = static_cast<int>(count / (static_cast<std::int64_t>(grid.rows) * grid.cols));
    }
    return grid;
}

std::optional<TokenGrid> decodeTokenGrid(const StoredFrame &frame, QString *error) {
    if (frame.dtype == DType::F32)
        return decodeTokenGrid(frame.shape, frame.dtype, {}, error);
    const Frame raw = frame.decompressed();
    return decodeTokenGrid(raw.shape, raw.dtype, raw.data, error);
}

std::vector<TokenLink> mergeLinks(const TokenGrid &grid) {
    std::vector<TokenLink> links;
    for (int t = 0; t < grid.count(); ++t) {
        const std::int32_t s = grid.states[static_cast<std::size_t>(t)];
        if (s < token_state::kMergedBase)
            continue;
        const std::int32_t to = s - token_state::kMergedBase;
        if (to < grid.count() && to != t)
            links.push_back({t, to});
    }
    return links;
}

int TokenCounts::precision() const {
    int n = 0;
    for (const auto &[bits, tokens] : precisionByBits)
        n += tokens;
    return n;
}

TokenCounts countStates(const TokenGrid &grid) {
    using namespace token_state;
    TokenCounts c;
    c.total = grid.count();
    for (std::int32_t s : grid.states) {
        if (s >= kMergedBase)
            ++c.merged;
        else if (s >= kPrecisionBase)
            ++c.precisionByBits[s - kPrecisionBase];
        else if (s == kKept)
            ++c.kept;
        else if (s == kPruned)
            ++c.pruned;
        else if (s == kReused)
            ++c.reused;
        else if (s == kEvicted)
            ++c.evicted;
        else
            ++c.other;
    }
    return c;
}

}  // namespace accelscope
