// DataflowLayout: every unit of a topology gets a box inside its parent, siblings never overlap,
// and every link becomes a connector between its endpoints, at small and large sizes.
#include <QtTest>

#include "tests/support/dfxrun.h"
#include "views/dataflow/dataflowlayout.h"

using namespace accelscope;

namespace {

Topology dfxTopology() {
    return test::shortDfxRun(1, 1).record->topology;
}

// Eight devices in a ring, each with two cores of three units and a memory: wraps into rows.
Topology clusterTopology() {
    Topology t;
    t.addUnit(QStringLiteral("host"), UnitKind::Host);
    std::vector<UnitId> devices;
    for (int d = 0; d < 8; ++d) {
        const UnitId device = t.addUnit(QStringLiteral("gpu%1").arg(d), UnitKind::Device);
        devices.push_back(device);
        for (int c = 0; c < 2; ++c) {
            const UnitId core = t.addUnit(QStringLiteral("sm%1").arg(c), UnitKind::Core, device);
            for (const char *name : {"tensor", "alu", "sfu"})
                t.addUnit(QString::fromLatin1(name), UnitKind::Compute, core);
        }
        t.addMemory(QStringLiteral("hbm"), device, 8, 1 << 20, 1e12);
    }
    for (int d = 0; d < 8; ++d)
        t.addLink(QStringLiteral("nvlink%1").arg(d), kNoUnit, devices[static_cast<std::size_t>(d)],
                  devices[static_cast<std::size_t>((d + 1) % 8)], 3e11, false);
    t.addLink(QStringLiteral("pcie"), kNoUnit, 0, devices[5], 3e10);
    return t;
}

}  // namespace

class TestDataflowLayout : public QObject {
    Q_OBJECT
private:
    // `exactHits`: no two connectors share a stretch, so each label's point hits its own link.
    static void checkInvariants(const Topology &topology, const DataflowLayout &layout,
                                bool exactHits = true) {
        const QRectF area = layout.area();
        for (const Unit &unit : topology.units()) {
            if (unit.kind == UnitKind::Link) {
                QVERIFY2(!layout.isPlaced(unit.id), qPrintable(topology.path(unit.id)));
                continue;
            }
            const QRectF box = layout.rect(unit.id);
            QVERIFY2(!box.isNull() && box.width() > 8 && box.height() > 8,
                     qPrintable(topology.path(unit.id)));
            QVERIFY2(area.contains(box), qPrintable(topology.path(unit.id)));
            if (unit.parent != kNoUnit)
                QVERIFY2(layout.rect(unit.parent).contains(box), qPrintable(topology.path(unit.id)));
        }
        // Siblings (children of one parent, or the top-level boxes) never overlap.
        for (const Unit &a : topology.units())
            for (const Unit &b : topology.units()) {
                if (a.id >= b.id || a.parent != b.parent || !layout.isPlaced(a.id) || !layout.isPlaced(b.id))
                    continue;
                const QRectF overlap = layout.rect(a.id).intersected(layout.rect(b.id));
                QVERIFY2(
                    overlap.isEmpty() || overlap.width() * overlap.height() < 1e-6,
                    qPrintable(topology.path(a.id) + QStringLiteral(" overlaps ") + topology.path(b.id)));
            }
        // Every link between two placed boxes is drawn, from one box's edge to the other's.
        int expected = 0;
        for (const LinkInfo &link : topology.links())
            expected += layout.isPlaced(link.from) && layout.isPlaced(link.to) ? 1 : 0;
        QCOMPARE(static_cast<int>(layout.connectors().size()), expected);
        for (const DataflowLayout::Connector &c : layout.connectors()) {
            const QPointF start = c.path.pointAtPercent(0), end = c.path.pointAtPercent(1);
            QVERIFY(layout.rect(c.from).adjusted(-1, -1, 1, 1).contains(start));
            QVERIFY(layout.rect(c.to).adjusted(-1, -1, 1, 1).contains(end));
            const UnitId hit = layout.linkAt(c.labelAnchor);
            QVERIFY2(exactHits ? hit == c.link : hit != kNoUnit,
                     qPrintable(topology.path(c.link) + QStringLiteral(" label on ") +
                                (hit == kNoUnit ? QStringLiteral("nothing") : topology.path(hit))));
        }
    }

private Q_SLOTS:
    void dfxAtSeveralSizes_data() {
        QTest::addColumn<QSizeF>("size");
        QTest::newRow("700x450") << QSizeF(700, 450);
        QTest::newRow("1000x600") << QSizeF(1000, 600);
        QTest::newRow("1600x900") << QSizeF(1600, 900);
        QTest::newRow("560x360") << QSizeF(560, 360);
    }
    void dfxAtSeveralSizes() {
        QFETCH(QSizeF, size);
        const Topology topology = dfxTopology();
        const DataflowLayout layout(topology, QRectF(QPointF(0, 0), size));
        checkInvariants(topology, layout);
        // Tiles stay wide enough for a short name.
        const UnitId mpu = topology.find(QStringLiteral("fpga0/core/MPU"));
        QVERIFY(layout.rect(mpu).width() >= 40);
        // Deepest unit wins the hit test; outside every box there is none.
        QCOMPARE(layout.unitAt(layout.rect(mpu).center()), mpu);
        QCOMPARE(layout.unitAt(QPointF(1, size.height() - 1)), kNoUnit);
    }

    void dfxConnectorsAvoidOtherBoxes() {
        // A ring link drawn across a third FPGA would say the wrong thing about who talks to whom.
        const Topology topology = dfxTopology();
        const DataflowLayout layout(topology, QRectF(0, 0, 1000, 600));
        for (const DataflowLayout::Connector &c : layout.connectors())
            for (const UnitId unit : layout.placedUnits()) {
                if (layout.depth(unit) != 0 || unit == c.from || unit == c.to ||
                    unit == topology.unit(c.to).parent || unit == topology.unit(c.from).parent)
                    continue;
                const QRectF inside = layout.rect(unit).adjusted(2, 2, -2, -2);
                for (int i = 0; i <= 100; ++i)
                    QVERIFY2(!inside.contains(c.path.pointAtPercent(i / 100.0)),
                             qPrintable(topology.path(c.link) + QStringLiteral(" crosses ") +
                                        topology.path(unit)));
            }
    }

    void manyDevicesWrapIntoRows() {
        const Topology topology = clusterTopology();
        const DataflowLayout layout(topology, QRectF(0, 0, 1000, 600));
        checkInvariants(topology, layout, false);
        QSet<int> rowTops;
        for (const Unit &unit : topology.units())
            if (unit.kind == UnitKind::Device)
                rowTops.insert(qRound(layout.rect(unit.id).top()));
        QVERIFY(rowTops.size() >= 2);
        // Ring neighbours stay adjacent across the row break (rows alternate direction).
        const QRectF g3 = layout.rect(topology.find(QStringLiteral("gpu3")));
        const QRectF g4 = layout.rect(topology.find(QStringLiteral("gpu4")));
        const double gap = layout.metrics().gutter + 1;
        const bool sideBySide =
            std::abs(g3.top() - g4.top()) < 1 &&
            (std::abs(g4.left() - g3.right()) <= gap || std::abs(g3.left() - g4.right()) <= gap);
        const bool stacked =
            std::abs(g3.center().x() - g4.center().x()) < 1 &&
            (std::abs(g4.top() - g3.bottom()) <= gap || std::abs(g3.top() - g4.bottom()) <= gap);
        QVERIFY(sideBySide || stacked);
    }

    void deterministic() {
        const Topology topology = clusterTopology();
        const DataflowLayout a(topology, QRectF(0, 0, 900, 500)), b(topology, QRectF(0, 0, 900, 500));
        for (const Unit &unit : topology.units())
            QCOMPARE(a.rect(unit.id), b.rect(unit.id));
        QCOMPARE(a.connectors().size(), b.connectors().size());
        for (std::size_t i = 0; i < a.connectors().size(); ++i)
            QCOMPARE(a.connectors()[i].path, b.connectors()[i].path);
    }

    void emptyTopologyPlacesNothing() {
        const DataflowLayout layout(Topology{}, QRectF(0, 0, 800, 500));
        QVERIFY(layout.placedUnits().empty());
        QVERIFY(layout.connectors().empty());
    }
};

QTEST_GUILESS_MAIN(TestDataflowLayout)
#include "tst_dataflowlayout.moc"
