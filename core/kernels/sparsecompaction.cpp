#include "core/kernels/sparsecompaction.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

namespace accelscope::kernels {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

}  // namespace

void CompactionSettings::validate() const {
    const auto check = [](bool ok, const char *field, int value, const char *allowed) {
        if (!ok)
            throw std::invalid_argument(std::string("compaction: ") + field + " " + std::to_string(value) +
                                        " is out of range; allowed: " + allowed);
    };
    check(tileRows >= 1 && tileRows <= 4096, "tile_rows", tileRows, "1 to 4096");
    check(tileCols >= 1 && tileCols <= 4096, "tile_cols", tileCols, "1 to 4096");
    check(mergeDepth >= 1 && mergeDepth <= 64, "merge_depth", mergeDepth, "1 to 64");
}

double Compaction::utilizationBefore() const {
    return tilesBefore > 0 ? double(nonzeros) / (double(tilesBefore) * settings.tileRows * settings.tileCols)
                           : 0.0;
}

double Compaction::utilizationAfter() const {
    // A group narrower than the array (the last one) still occupies every PE column.
    return mergedRows > 0 ? double(nonzeros) / (double(mergedRows) * settings.tileCols) : 0.0;
}

double Compaction::rowShare() const {
    const double denseRows = double(groups.size()) * rows;
    return denseRows > 0 ? double(mergedRows) / denseRows : 0.0;
}

MaskU8 Compaction::scatter() const {
    MaskU8 mask = MaskU8::Zero(rows, cols);
    for (const CompactedGroup &g : groups)
        for (const std::vector<int> &slot : g.slots)
            for (int c = 0; c < g.width; ++c)
                if (slot[static_cast<std::size_t>(c)] >= 0)
                    mask(slot[static_cast<std::size_t>(c)], g.firstColumn + c) += 1;
    if (transposed)
        return mask.transpose();
    return mask;
}

Compaction compactSparseRows(const MaskU8 &mask, const CompactionSettings &settings) {
    settings.validate();
    Compaction out;
    out.settings = settings;
    out.rows = static_cast<int>(mask.rows());
    out.cols = static_cast<int>(mask.cols());
    const int R = settings.tileRows, C = settings.tileCols;
    out.denseTiles = ceilDiv(out.rows, R) * ceilDiv(out.cols, C);
    for (int first = 0; first < out.cols; first += C) {
        CompactedGroup g;
        g.firstColumn = first;
        g.width = std::min(C, out.cols - first);
        // Tiles before compaction: row blocks of this group holding a nonzero.
        for (int r0 = 0; r0 < out.rows; r0 += R) {
            bool any = false;
            for (int r = r0; r < std::min(out.rows, r0 + R) && !any; ++r)
                for (int c = 0; c < g.width && !any; ++c)
                    any = mask(r, first + c) != 0;
            out.tilesBefore += any ? 1 : 0;
        }
        // Merge, entry by entry: each nonzero goes to the first merged row whose slot in its column
        // is free and which already takes its source row or can take one more (mergeDepth).
        std::vector<int> depth;      // source rows per merged row
        std::set<std::size_t> open;  // merged rows with depth < mergeDepth
        std::vector<std::size_t> firstFree(static_cast<std::size_t>(g.width), 0);  // per column
        std::vector<std::size_t> own;  // the merged rows the current source row is in
        for (int r = 0; r < out.rows; ++r) {
            int count = 0;
            for (int c = 0; c < g.width; ++c)
                count += mask(r, first + c) ? 1 : 0;
            out.nonzeros += count;
            if (count == 0 && settings.condense)
                continue;
            ++out.condensedRows;
            if (!settings.merge || count == 0) {
                // Uncompacted: the row keeps a merged row of its own.
                g.slots.emplace_back(static_cast<std::size_t>(g.width), -1);
                depth.push_back(settings.mergeDepth);
                for (int c = 0; c < g.width; ++c)
                    if (mask(r, first + c))
                        g.slots.back()[static_cast<std::size_t>(c)] = r;
                continue;
            }
            own.clear();
            for (int c = 0; c < g.width; ++c) {
                if (!mask(r, first + c))
                    continue;
                const auto column = static_cast<std::size_t>(c);
                const auto freeAt = [&](std::size_t m) { return g.slots[m][column] < 0; };
                std::size_t target = g.slots.size();
                for (const std::size_t m : own)
                    if (m >= firstFree[column] && m < target && freeAt(m))
                        target = m;
                for (auto it = open.lower_bound(firstFree[column]); it != open.end() && *it < target; ++it)
                    if (freeAt(*it)) {
                        target = *it;
                        break;
                    }
                if (target == g.slots.size()) {
                    g.slots.emplace_back(static_cast<std::size_t>(g.width), -1);
                    depth.push_back(0);
                    open.insert(target);
                }
                if (std::find(own.begin(), own.end(), target) == own.end()) {
                    own.push_back(target);
                    if (++depth[target] >= settings.mergeDepth)
                        open.erase(target);
                }
                g.slots[target][column] = r;
                // Slots above stay full: the next search in this column starts at the first free one.
                while (firstFree[column] < g.slots.size() && !freeAt(firstFree[column]))
                    ++firstFree[column];
            }
        }
        out.mergedRows += static_cast<std::int64_t>(g.slots.size());
        out.tilesAfter += ceilDiv(static_cast<std::int64_t>(g.slots.size()), R);
        out.groups.push_back(std::move(g));
    }
    return out;
}

Compaction compactSparseMask(const MaskU8 &mask, const CompactionSettings &settings) {
    Compaction byRows = compactSparseRows(mask, settings);
    const MaskU8 transpose = mask.transpose();
    Compaction byColumns = compactSparseRows(transpose, settings);
    byColumns.transposed = true;
    // Fewer PE slots used is less array time for the same nonzeros.
    const auto slots = [](const Compaction &c) { return double(c.mergedRows) * c.settings.tileCols; };
    return slots(byColumns) < slots(byRows) ? byColumns : byRows;
}

}  // namespace accelscope::kernels
