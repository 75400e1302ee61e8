#include "views/dataflow/dataflowlayout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace accelscope {

namespace {

// Columns for `count` cells of at least `minWidth` in `width`, balanced so the last row is not
// nearly empty (7 cells in 4 columns become 4 + 3, not 6 + 1).
int columnsFor(int count, double width, double minWidth, double gap) {
    if (count <= 0)
        return 1;
    const int fit = std::max(1, static_cast<int>(std::floor((width + gap) / (minWidth + gap))));
    const int columns = std::min(count, fit);
    const int rows = (count + columns - 1) / columns;
    return (count + rows - 1) / rows;
}

int rowsFor(int count, int columns) {
    return (count + columns - 1) / columns;
}

std::vector<QRectF> gridCells(int count, const QRectF &box, int columns, double gap,
                              double maxCellHeight = 1e9) {
    std::vector<QRectF> cells;
    if (count <= 0)
        return cells;
    const int rows = rowsFor(count, columns);
    const double width = (box.width() - (columns - 1) * gap) / columns;
    const double height = std::min(maxCellHeight, (box.height() - (rows - 1) * gap) / rows);
    for (int i = 0; i < count; ++i) {
        const int row = i / columns, column = i % columns;
        cells.emplace_back(box.left() + column * (width + gap), box.top() + row * (height + gap), width,
                           height);
    }
    return cells;
}

// A polyline with rounded corners, so routed connectors read as one smooth line.
QPainterPath roundedPolyline(const std::vector<QPointF> &points, double radius) {
    QPainterPath path(points.front());
    for (std::size_t i = 1; i + 1 < points.size(); ++i) {
        const QPointF a = points[i - 1], corner = points[i], b = points[i + 1];
        const QPointF in = corner - a, out = b - corner;
        const double inLength = std::hypot(in.x(), in.y()), outLength = std::hypot(out.x(), out.y());
        const double r = std::min({radius, inLength / 2, outLength / 2});
        if (inLength <= 0 || outLength <= 0 || r <= 0.5) {
            path.lineTo(corner);
            continue;
        }
        path.lineTo(corner - in * (r / inLength));
        path.quadTo(corner, corner + out * (r / outLength));
    }
    path.lineTo(points.back());
    return path;
}

QRectF segmentBox(QPointF a, QPointF b) {
    return QRectF(QPointF(std::min(a.x(), b.x()) - 1, std::min(a.y(), b.y()) - 1),
                  QPointF(std::max(a.x(), b.x()) + 1, std::max(a.y(), b.y()) + 1));
}

}  // namespace

DataflowLayout::DataflowLayout(const Topology &topology, const QRectF &area, const Metrics &metrics)
    : metrics_(metrics), area_(area) {
    const std::size_t n = topology.units().size();
    rects_.assign(n, QRectF());
    depths_.assign(n, -1);
    containers_.assign(n, 0);
    children_.assign(n, {});
    for (const Unit &unit : topology.units())
        if (unit.kind != UnitKind::Link && unit.parent != kNoUnit && unit.parent < static_cast<UnitId>(n) &&
            topology.unit(unit.parent).kind != UnitKind::Link)
            children_[static_cast<std::size_t>(unit.parent)].push_back(unit.id);
    if (area.width() < 20 || area.height() < 20)
        return;
    placeRoots(topology);
    routeConnectors(topology);
}

QRectF DataflowLayout::rect(UnitId unit) const {
    if (unit < 0 || static_cast<std::size_t>(unit) >= rects_.size())
        return {};
    return rects_[static_cast<std::size_t>(unit)];
}

bool DataflowLayout::isContainer(UnitId unit) const {
    return unit >= 0 && static_cast<std::size_t>(unit) < containers_.size() &&
           containers_[static_cast<std::size_t>(unit)];
}

int DataflowLayout::depth(UnitId unit) const {
    if (unit < 0 || static_cast<std::size_t>(unit) >= depths_.size())
        return -1;
    return depths_[static_cast<std::size_t>(unit)];
}

std::vector<UnitId> DataflowLayout::boxChildren(const Topology &, UnitId parent) const {
    return children_.at(static_cast<std::size_t>(parent));
}

void DataflowLayout::place(UnitId unit, const QRectF &box, int depth) {
    rects_[static_cast<std::size_t>(unit)] = box;
    depths_[static_cast<std::size_t>(unit)] = depth;
    containers_[static_cast<std::size_t>(unit)] = children_[static_cast<std::size_t>(unit)].empty() ? 0 : 1;
    order_.push_back(unit);
}

void DataflowLayout::placeRoots(const Topology &topology) {
    std::vector<UnitId> leafRoots, containerRoots;
    for (const Unit &unit : topology.units()) {
        if (unit.parent != kNoUnit || unit.kind == UnitKind::Link)
            continue;
        (children_[static_cast<std::size_t>(unit.id)].empty() ? leafRoots : containerRoots)
            .push_back(unit.id);
    }
    const double gutter = metrics_.gutter;
    // Half a gutter all round leaves room for connectors routed around the outer boxes.
    QRectF rest = area_.adjusted(gutter / 2, gutter / 4, -gutter / 2, -gutter / 2);
    if (!leafRoots.empty() && !containerRoots.empty()) {
        // Hosts and other top-level leaves: a strip of modest boxes centred above the devices.
        const auto count = static_cast<double>(leafRoots.size());
        const double width = std::min(240.0, (rest.width() - (count - 1) * gutter) / count);
        const double height = std::min(metrics_.hostStripHeight, rest.height() / 5);
        double x = rest.center().x() - (count * width + (count - 1) * gutter) / 2;
        for (const UnitId unit : leafRoots) {
            place(unit, QRectF(x, rest.top(), width, height), 0);
            x += width + gutter;
        }
        rest.setTop(rest.top() + height + gutter);
    }
    const std::vector<UnitId> &items = containerRoots.empty() ? leafRoots : containerRoots;
    const int count = static_cast<int>(items.size());
    if (count == 0 || rest.height() < 10)
        return;
    const double minWidth = containerRoots.empty() ? metrics_.minTileWidth * 1.5 : metrics_.minDeviceWidth;
    // The column count whose cells best match the height their contents ask for: four tall
    // narrow devices waste space that two rows of two use for wider tiles and longer labels.
    int columns = columnsFor(count, rest.width(), minWidth, gutter);
    if (!containerRoots.empty()) {
        const double rowPixels = metrics_.maxTileHeight * 0.75;
        double bestScore = std::numeric_limits<double>::infinity();
        for (int c = 1; c <= count; ++c) {
            const int r = rowsFor(count, c);
            const double cellWidth = (rest.width() - (c - 1) * gutter) / c;
            if (c != (count + r - 1) / r || (c > 1 && cellWidth < minWidth))
                continue;  // unbalanced rows, or cells too narrow
            const double cellHeight = (rest.height() - (r - 1) * gutter) / r;
            double need = 0;
            for (const UnitId unit : items)
                need = std::max(need, demand(topology, unit, cellWidth) * rowPixels);
            // Cramped is worse than roomy.
            double score = std::log(cellHeight / need) * (cellHeight < need ? -1.5 : 0.5);
            // Very wide or very tall boxes read badly and make connectors detour.
            score += 0.5 * std::abs(std::log(cellWidth / cellHeight / 1.6));
            if (score < bestScore - 1e-9) {
                bestScore = score;
                columns = c;
            }
        }
    }
    const int rows = rowsFor(count, columns);
    // Rows read left to right, then right to left, when the top-level boxes are linked, so a
    // chain or a ring of devices keeps its neighbours next to each other across a row break.
    bool linked = false;
    for (const LinkInfo &link : topology.links()) {
        const bool fromItem = std::find(items.begin(), items.end(), link.from) != items.end();
        const bool toItem = std::find(items.begin(), items.end(), link.to) != items.end();
        linked = linked || (fromItem && toItem);
    }
    const double maxHeight = containerRoots.empty() ? metrics_.maxTileHeight : 1e9;
    std::vector<QRectF> cells = gridCells(count, rest, columns, gutter, maxHeight);
    for (int i = 0; i < count; ++i) {
        int slot = i;
        const int row = i / columns;
        if (linked && rows > 1 && row % 2 == 1) {
            const int inRow = std::min(columns, count - row * columns);
            slot = row * columns + (inRow - 1 - (i % columns));
        }
        const UnitId unit = items[static_cast<std::size_t>(i)];
        place(unit, cells[static_cast<std::size_t>(slot)], 0);
        placeInside(topology, unit, cells[static_cast<std::size_t>(slot)], 1);
    }
}

double DataflowLayout::demand(const Topology &topology, UnitId unit, double width) const {
    const std::vector<UnitId> &kids = children_[static_cast<std::size_t>(unit)];
    if (kids.empty())
        return 1.0;
    const double pad = metrics_.padding;
    const double inner = width - 2 * pad;
    std::vector<UnitId> boxes, tiles, memories;
    for (const UnitId kid : kids) {
        if (!children_[static_cast<std::size_t>(kid)].empty())
            boxes.push_back(kid);
        else
            (topology.unit(kid).kind == UnitKind::Memory ? memories : tiles).push_back(kid);
    }
    double total = 0.45;  // the header band
    for (const auto *group : {&tiles, &memories})
        if (!group->empty()) {
            const int n = static_cast<int>(group->size());
            total += rowsFor(n, columnsFor(n, inner, metrics_.minTileWidth, pad));
        }
    if (!boxes.empty()) {
        const int n = static_cast<int>(boxes.size());
        const int columns = columnsFor(n, inner, 2 * metrics_.minTileWidth + 2 * pad, pad);
        const double cellWidth = (inner - (columns - 1) * pad) / columns;
        for (int row = 0; row * columns < n; ++row) {
            double rowDemand = 0;
            for (int c = 0; c < columns && row * columns + c < n; ++c)
                rowDemand =
                    std::max(rowDemand,
                             demand(topology, boxes[static_cast<std::size_t>(row * columns + c)], cellWidth));
            total += rowDemand;
        }
    }
    return total;
}

double DataflowLayout::usefulHeight(const Topology &topology, UnitId unit, double width) const {
    const std::vector<UnitId> &kids = children_[static_cast<std::size_t>(unit)];
    if (kids.empty())
        return 2 * metrics_.maxTileHeight;
    const double pad = metrics_.padding;
    const double inner = width - 2 * pad;
    std::vector<UnitId> boxes, tiles, memories;
    for (const UnitId kid : kids) {
        if (!children_[static_cast<std::size_t>(kid)].empty())
            boxes.push_back(kid);
        else
            (topology.unit(kid).kind == UnitKind::Memory ? memories : tiles).push_back(kid);
    }
    double total = metrics_.headerHeight + pad;
    int bands = 0;
    for (const auto *group : {&tiles, &memories})
        if (!group->empty()) {
            const int n = static_cast<int>(group->size());
            const int rows = rowsFor(n, columnsFor(n, inner, metrics_.minTileWidth, pad));
            total += rows * 2 * metrics_.maxTileHeight + (rows - 1) * pad;
            ++bands;
        }
    if (!boxes.empty()) {
        const int n = static_cast<int>(boxes.size());
        const int columns = columnsFor(n, inner, 2 * metrics_.minTileWidth + 2 * pad, pad);
        const double cellWidth = (inner - (columns - 1) * pad) / columns;
        for (int row = 0; row * columns < n; ++row) {
            double rowHeight = 0;
            for (int c = 0; c < columns && row * columns + c < n; ++c)
                rowHeight = std::max(
                    rowHeight,
                    usefulHeight(topology, boxes[static_cast<std::size_t>(row * columns + c)], cellWidth));
            total += rowHeight + (row > 0 ? pad : 0);
        }
        ++bands;
    }
    return total + pad * std::max(0, bands - 1);
}

void DataflowLayout::placeInside(const Topology &topology, UnitId container, const QRectF &box, int depth) {
    const std::vector<UnitId> &kids = children_[static_cast<std::size_t>(container)];
    if (kids.empty())
        return;
    const double pad = metrics_.padding;
    const QRectF inner = box.adjusted(pad, metrics_.headerHeight, -pad, -pad);
    if (inner.width() <= 0 || inner.height() <= 0)
        return;
    // Three bands, top to bottom: boxes (cores), compute tiles, memory tiles.
    std::vector<UnitId> boxes, tiles, memories;
    for (const UnitId kid : kids) {
        if (!children_[static_cast<std::size_t>(kid)].empty())
            boxes.push_back(kid);
        else
            (topology.unit(kid).kind == UnitKind::Memory ? memories : tiles).push_back(kid);
    }
    struct Band {
        const std::vector<UnitId> *units;
        bool boxes;
        int columns = 1;
        int rows = 1;
        double demand = 0;
        double height = 0;
        std::vector<double> rowDemand;
    };
    std::vector<Band> bands;
    if (!boxes.empty())
        bands.push_back({&boxes, true});
    if (!tiles.empty())
        bands.push_back({&tiles, false});
    if (!memories.empty())
        bands.push_back({&memories, false});
    for (Band &band : bands) {
        const int n = static_cast<int>(band.units->size());
        const double minWidth = band.boxes ? 2 * metrics_.minTileWidth + 2 * pad : metrics_.minTileWidth;
        band.columns = columnsFor(n, inner.width(), minWidth, pad);
        band.rows = rowsFor(n, band.columns);
        if (band.boxes) {
            const double cellWidth = (inner.width() - (band.columns - 1) * pad) / band.columns;
            for (int row = 0; row < band.rows; ++row) {
                double d = 0;
                for (int c = 0; c < band.columns && row * band.columns + c < n; ++c)
                    d = std::max(
                        d, demand(topology, (*band.units)[static_cast<std::size_t>(row * band.columns + c)],
                                  cellWidth));
                band.rowDemand.push_back(d);
                band.demand += d;
            }
        } else {
            band.demand = band.rows;
        }
    }
    double totalDemand = 0;
    for (const Band &band : bands)
        totalDemand += band.demand;
    const double available = inner.height() - pad * static_cast<double>(bands.size() - 1);
    // Tiles first get up to one row height each; boxes take what tiles leave, up to what their
    // own contents can use; tiles then grow to twice their row height; the rest stays free.
    double spare = 0;
    for (Band &band : bands) {
        band.height = available * band.demand / totalDemand;
        if (!band.boxes) {
            const double cap = band.rows * metrics_.maxTileHeight + (band.rows - 1) * pad;
            if (band.height > cap) {
                spare += band.height - cap;
                band.height = cap;
            }
        }
    }
    for (Band &band : bands) {
        if (!band.boxes)
            continue;
        const int n = static_cast<int>(band.units->size());
        const double cellWidth = (inner.width() - (band.columns - 1) * pad) / band.columns;
        double useful = (band.rows - 1) * pad;
        for (int row = 0; row < band.rows; ++row) {
            double rowUseful = 0;
            for (int c = 0; c < band.columns && row * band.columns + c < n; ++c)
                rowUseful = std::max(
                    rowUseful,
                    usefulHeight(topology, (*band.units)[static_cast<std::size_t>(row * band.columns + c)],
                                 cellWidth));
            useful += rowUseful;
        }
        const double grown = std::max(band.height, std::min(useful, band.height + spare));
        spare -= grown - band.height;
        if (band.height > useful) {
            spare += band.height - useful;
            band.height = useful;
        } else {
            band.height = grown;
        }
    }
    double tileDemand = 0;
    for (const Band &band : bands)
        tileDemand += band.boxes ? 0 : band.demand;
    const double tileSpare = spare;
    for (Band &band : bands)
        if (!band.boxes && tileDemand > 0)
            band.height = std::min(band.height + tileSpare * band.demand / tileDemand,
                                   band.rows * 2 * metrics_.maxTileHeight + (band.rows - 1) * pad);
    double y = inner.top();
    for (const Band &band : bands) {
        const QRectF region(inner.left(), y, inner.width(), band.height);
        y += band.height + pad;
        const int n = static_cast<int>(band.units->size());
        if (!band.boxes) {
            const std::vector<QRectF> cells = gridCells(n, region, band.columns, pad);
            for (int i = 0; i < n; ++i)
                place((*band.units)[static_cast<std::size_t>(i)], cells[static_cast<std::size_t>(i)], depth);
            continue;
        }
        // Box rows share the band in proportion to what they hold.
        const double rowsHeight = region.height() - (band.rows - 1) * pad;
        const double cellWidth = (region.width() - (band.columns - 1) * pad) / band.columns;
        double rowTop = region.top();
        for (int row = 0; row < band.rows; ++row) {
            const double height = rowsHeight * band.rowDemand[static_cast<std::size_t>(row)] / band.demand;
            for (int c = 0; c < band.columns && row * band.columns + c < n; ++c) {
                const UnitId unit = (*band.units)[static_cast<std::size_t>(row * band.columns + c)];
                const QRectF cell(region.left() + c * (cellWidth + pad), rowTop, cellWidth, height);
                place(unit, cell, depth);
                placeInside(topology, unit, cell, depth + 1);
            }
            rowTop += height + pad;
        }
    }
}

UnitId DataflowLayout::topAncestor(const Topology &topology, UnitId unit) const {
    while (unit != kNoUnit && topology.unit(unit).parent != kNoUnit)
        unit = topology.unit(unit).parent;
    return unit;
}

void DataflowLayout::routeConnectors(const Topology &topology) {
    const auto isAncestorOrSelf = [&](UnitId ancestor, UnitId unit) {
        for (; unit != kNoUnit; unit = topology.unit(unit).parent)
            if (unit == ancestor)
                return true;
        return false;
    };
    // A segment is clear when it crosses no box other than its endpoints, their ancestors and
    // their descendants.
    const auto clear = [&](QPointF a, QPointF b, UnitId from, UnitId to) {
        const QRectF segment = segmentBox(a, b).adjusted(1.5, 1.5, -1.5, -1.5);
        for (const UnitId unit : order_) {
            if (isAncestorOrSelf(unit, from) || isAncestorOrSelf(unit, to) || isAncestorOrSelf(from, unit) ||
                isAncestorOrSelf(to, unit))
                continue;
            if (rects_[static_cast<std::size_t>(unit)].intersects(segment))
                return false;
        }
        return true;
    };
    // Parallel links between the same two boxes are spread apart.
    std::map<std::pair<UnitId, UnitId>, int> pairCount, pairSeen;
    for (const LinkInfo &link : topology.links())
        if (isPlaced(link.from) && isPlaced(link.to))
            ++pairCount[std::minmax(link.from, link.to)];

    // Lanes within a shared gutter: 0, +7, -7, +14, ... pixels from its centre line.
    std::map<long, int> laneUse;
    const auto lane = [&laneUse](double gutterCoordinate) {
        const int k = laneUse[std::lround(gutterCoordinate)]++;
        return ((k + 1) / 2) * 7.0 * (k % 2 ? 1 : -1);
    };
    for (const LinkInfo &link : topology.links()) {
        const QRectF a = rect(link.from), b = rect(link.to);
        if (a.isNull() || b.isNull() || a.contains(b) || b.contains(a))
            continue;
        const auto key = std::minmax(link.from, link.to);
        const int parallel = pairCount[key];
        const int k = pairSeen[key]++;
        // Offsets keep the same sign for links drawn in opposite directions between the same pair.
        const double spread = (k - (parallel - 1) / 2.0) * 10.0;
        const bool forward = link.from == key.first;
        const double offset = forward ? spread : -spread;

        std::vector<QPointF> points;
        const double overlapY0 = std::max(a.top(), b.top()), overlapY1 = std::min(a.bottom(), b.bottom());
        const double overlapX0 = std::max(a.left(), b.left()), overlapX1 = std::min(a.right(), b.right());
        const bool besides = a.right() <= b.left() || b.right() <= a.left();
        const bool stacked = a.bottom() <= b.top() || b.bottom() <= a.top();
        if (besides && overlapY1 - overlapY0 >= 12) {
            const double y = std::clamp((overlapY0 + overlapY1) / 2 + offset, overlapY0 + 3, overlapY1 - 3);
            const QPointF p(a.right() <= b.left() ? a.right() : a.left(), y);
            const QPointF q(a.right() <= b.left() ? b.left() : b.right(), y);
            if (clear(p, q, link.from, link.to))
                points = {p, q};
        } else if (stacked && overlapX1 - overlapX0 >= 12) {
            const double x = std::clamp((overlapX0 + overlapX1) / 2 + offset, overlapX0 + 3, overlapX1 - 3);
            const QPointF p(x, a.bottom() <= b.top() ? a.bottom() : a.top());
            const QPointF q(x, a.bottom() <= b.top() ? b.top() : b.bottom());
            if (clear(p, q, link.from, link.to))
                points = {p, q};
        }
        if (points.empty()) {
            // Route through the gutters, from the upper box to the lower one.
            const bool fromUpper = a.center().y() <= b.center().y();
            const QRectF upper = fromUpper ? a : b, lower = fromUpper ? b : a;
            const double margin = std::min(14.0, upper.width() / 3);
            const double half = metrics_.gutter / 2;
            if (upper.bottom() > lower.top()) {
                // Side by side with something in between: loop underneath both.
                const double y = std::min(std::max(upper.bottom(), lower.bottom()) + half * 0.75 + offset / 2,
                                          area_.bottom() - 2);
                const double ux =
                    std::clamp(upper.center().x() + offset, upper.left() + margin, upper.right() - margin);
                const double lx =
                    std::clamp(lower.center().x() + offset, lower.left() + margin, lower.right() - margin);
                points = {QPointF(ux, upper.bottom()), QPointF(ux, y), QPointF(lx, y),
                          QPointF(lx, lower.bottom())};
            } else {
                const double ux =
                    std::clamp(lower.center().x() + offset, upper.left() + margin, upper.right() - margin);
                const double lx =
                    std::clamp(upper.center().x() + offset, lower.left() + margin, lower.right() - margin);
                const double y1 = std::min(upper.bottom() + half + offset / 2, lower.top() - 3);
                if (clear(QPointF(ux, upper.bottom()), QPointF(ux, y1), link.from, link.to) &&
                    clear(QPointF(ux, y1), QPointF(lx, y1), link.from, link.to) &&
                    clear(QPointF(lx, y1), QPointF(lx, lower.top()), link.from, link.to)) {
                    points = {QPointF(ux, upper.bottom()), QPointF(ux, y1), QPointF(lx, y1),
                              QPointF(lx, lower.top())};
                } else {
                    // Down the vertical gutter beside the lower box, then into its top. Each
                    // connector sharing a gutter gets its own lane so none hides another.
                    const bool leftSide = upper.center().x() <= lower.center().x();
                    const double gutterX = leftSide ? lower.left() - half : lower.right() + half;
                    const double xg = gutterX + lane(gutterX);
                    const double y2 = lower.top() - half + offset / 2;
                    // Enter near the gutter's corner, clear of links through the box's middle.
                    const double lx2 = std::clamp(
                        leftSide ? lower.left() + 2 * margin + offset : lower.right() - 2 * margin + offset,
                        lower.left() + margin, lower.right() - margin);
                    const double ux2 = std::clamp(xg, upper.left() + margin, upper.right() - margin);
                    if (std::abs(ux2 - xg) < 0.5) {
                        points = {QPointF(xg, upper.bottom()), QPointF(xg, y2), QPointF(lx2, y2),
                                  QPointF(lx2, lower.top())};
                    } else {
                        const double y1g = upper.bottom() + half * 0.6 + offset / 2;
                        points = {QPointF(ux2, upper.bottom()),
                                  QPointF(ux2, y1g),
                                  QPointF(xg, y1g),
                                  QPointF(xg, y2),
                                  QPointF(lx2, y2),
                                  QPointF(lx2, lower.top())};
                    }
                }
            }
            if (!fromUpper)
                std::reverse(points.begin(), points.end());
        }

        Connector connector;
        connector.link = link.unit;
        connector.from = link.from;
        connector.to = link.to;
        connector.bidirectional = link.bidirectional;
        connector.points = points;
        connector.path = roundedPolyline(points, 8);
        double longest = -1;
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
            const QPointF d = points[i + 1] - points[i];
            const double length = std::hypot(d.x(), d.y());
            if (length > longest + 0.5) {
                longest = length;
                connector.labelAnchor = (points[i] + points[i + 1]) / 2;
                connector.labelVertical = std::abs(d.y()) > std::abs(d.x());
            }
        }
        connector.endPoint = points.back();
        const QPointF last = points.back() - points[points.size() - 2];
        connector.endAngleDegrees = std::atan2(last.y(), last.x()) * 180.0 / M_PI;
        connectors_.push_back(std::move(connector));
    }
}

UnitId DataflowLayout::unitAt(const QPointF &point) const {
    UnitId best = kNoUnit;
    for (const UnitId unit : order_)
        if (rects_[static_cast<std::size_t>(unit)].contains(point) &&
            (best == kNoUnit ||
             depths_[static_cast<std::size_t>(unit)] > depths_[static_cast<std::size_t>(best)]))
            best = unit;
    return best;
}

UnitId DataflowLayout::linkAt(const QPointF &point, double tolerance) const {
    // The nearest route within the tolerance (distance to its straight segments).
    UnitId best = kNoUnit;
    double bestDistance = tolerance;
    for (const Connector &connector : connectors_)
        for (std::size_t i = 0; i + 1 < connector.points.size(); ++i) {
            const QPointF a = connector.points[i], d = connector.points[i + 1] - a;
            const double length2 = d.x() * d.x() + d.y() * d.y();
            const double t =
                length2 > 0 ? std::clamp(QPointF::dotProduct(point - a, d) / length2, 0.0, 1.0) : 0.0;
            const QPointF nearest = a + d * t;
            const double distance = std::hypot(point.x() - nearest.x(), point.y() - nearest.y());
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = connector.link;
            }
        }
    return best;
}

}  // namespace accelscope
