// Topology: paths, lookups and a JSON round trip (the store keeps topologies as JSON).
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/topology.h"

using namespace accelscope;

class TestTopology : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pathsAndChildren() {
        Topology t;
        const UnitId fpga = t.addUnit(QStringLiteral("fpga0"), UnitKind::Device);
        const UnitId core = t.addUnit(QStringLiteral("core"), UnitKind::Core, fpga);
        const UnitId mpu = t.addUnit(QStringLiteral("MPU"), UnitKind::Compute, core);
        const UnitId hbm = t.addMemory(QStringLiteral("HBM"), fpga, 32, 256ll << 20, 409.6e9);
        QCOMPARE(t.path(mpu), QStringLiteral("fpga0/core/MPU"));
        QCOMPARE(t.find(QStringLiteral("fpga0/HBM")), hbm);
        QCOMPARE(t.find(QStringLiteral("fpga1/HBM")), kNoUnit);
        QCOMPARE(t.children(fpga), (std::vector<UnitId>{core, hbm}));
        QCOMPARE(t.memories().front().banks, 32);
    }

    void jsonRoundTrip() {
        Topology t;
        const UnitId a = t.addUnit(QStringLiteral("fpga0"), UnitKind::Device);
        const UnitId b = t.addUnit(QStringLiteral("fpga1"), UnitKind::Device);
        t.addLink(QStringLiteral("ring0"), kNoUnit, a, b, 12.5e9, true, QStringLiteral("QSFP"));
        t.addMemory(QStringLiteral("HBM"), a, 32, 1 << 28, 4e11);
        const Topology back = Topology::fromJson(t.toJson());
        QCOMPARE(back.toJson(), t.toJson());
        QCOMPARE(back.links().front().from, a);
        QVERIFY(back.unit(2).kind == UnitKind::Link);
    }

    void malformedJsonNamesTheProblem() {
        QJsonObject bad =
            QJsonDocument::fromJson(R"({"units":[{"name":"x","kind":"gizmo","parent":-1}]})").object();
        try {
            Topology::fromJson(bad);
            QFAIL("expected an InputError");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("gizmo")));
            QVERIFY(e.message().contains(QStringLiteral("compute")));
        }
    }
};

QTEST_GUILESS_MAIN(TestTopology)
#include "tst_topology.moc"
