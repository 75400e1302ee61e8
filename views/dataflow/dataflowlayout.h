#pragma once
// Where the dataflow view draws each unit of a Topology in a given rectangle: devices (and other
// top-level units with children) as large boxes side by side, wrapping into rows when there are
// many, their cores as boxes inside and compute and memory units as tiles inside their parent.
// Top-level leaves (a host) sit in a strip above the devices. Links are not boxes: each LinkInfo
// becomes a connector path between its endpoints' boxes, straight when nothing is in the way and
// routed through the gutters between boxes otherwise.
//
// Pure geometry, no painting and no trace: deterministic for a topology and a size, so tests can
// check that every unit is placed inside its parent and siblings never overlap.

#include <vector>

#include <QPainterPath>
#include <QPointF>
#include <QRectF>

#include "core/api/topology.h"

namespace accelscope {

// Sizes in pixels; the view derives them from its font.
struct DataflowLayoutMetrics {
    double headerHeight = 22;  // title band of a container box
    double padding = 7;        // inside a container, around and between its children
    double gutter = 30;        // between top-level boxes (connectors run here)
    double minTileWidth = 64;
    double maxTileHeight = 92;
    double minDeviceWidth = 150;
    double hostStripHeight = 40;
};

class DataflowLayout {
public:
    using Metrics = DataflowLayoutMetrics;

    struct Connector {
        UnitId link = kNoUnit;
        UnitId from = kNoUnit;
        UnitId to = kNoUnit;
        bool bidirectional = true;
        std::vector<QPointF> points;  // the route's corners, from the `from` box to the `to` box
        QPainterPath path;            // the route with rounded corners
        QPointF labelAnchor;          // the middle of the connector's longest straight part
        bool labelVertical = false;   // that part runs vertically (place the label beside it)
        QPointF endPoint;             // where the path meets the `to` box
        double endAngleDegrees = 0;   // direction of travel there, for the arrowhead
    };

    DataflowLayout() = default;
    DataflowLayout(const Topology &topology, const QRectF &area, const Metrics &metrics = Metrics{});

    const Metrics &metrics() const { return metrics_; }
    QRectF area() const { return area_; }
    // The box of a unit; null (isNull()) for links and units that could not be placed.
    QRectF rect(UnitId unit) const;
    bool isPlaced(UnitId unit) const { return !rect(unit).isNull(); }
    // A unit drawn as a box holding others (a device, a core); leaves are tiles.
    bool isContainer(UnitId unit) const;
    // Nesting depth of a placed unit (0 for top-level boxes); -1 when not placed.
    int depth(UnitId unit) const;
    // Placed units, parents before children.
    const std::vector<UnitId> &placedUnits() const { return order_; }
    const std::vector<Connector> &connectors() const { return connectors_; }

    // The deepest placed unit under `point`, or kNoUnit.
    UnitId unitAt(const QPointF &point) const;
    // The link whose connector passes within `tolerance` of `point`, or kNoUnit.
    UnitId linkAt(const QPointF &point, double tolerance = 5) const;

private:
    std::vector<UnitId> boxChildren(const Topology &topology, UnitId parent) const;
    void placeRoots(const Topology &topology);
    void placeInside(const Topology &topology, UnitId container, const QRectF &box, int depth);
    double demand(const Topology &topology, UnitId unit, double width) const;
    double usefulHeight(const Topology &topology, UnitId unit, double width) const;
    void place(UnitId unit, const QRectF &box, int depth);
    void routeConnectors(const Topology &topology);
    UnitId topAncestor(const Topology &topology, UnitId unit) const;

    Metrics metrics_;
    QRectF area_;
    std::vector<QRectF> rects_;  // by unit id
    std::vector<int> depths_;
    std::vector<char> containers_;
    std::vector<UnitId> order_;
    std::vector<Connector> connectors_;
    std::vector<std::vector<UnitId>> children_;  // box children by unit id (links excluded)
};

}  // namespace accelscope
