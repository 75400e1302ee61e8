#include <QTest>

#include <atomic>

#include "core/api/errors.h"
#include "core/registry/pluginregistry.h"
#include "core/session/sweep.h"

using namespace accelscope;

namespace {
// testaccel, except that it refuses k = 32 the way a plugin refuses a combination its schema
// cannot express; counts the models it creates.
class PickyPlugin : public AcceleratorPlugin {
public:
    explicit PickyPlugin(const AcceleratorPlugin &inner) : inner_(inner) {}
    ParamSchema schema() const override { return inner_.schema(); }
    std::vector<Preset> presets() const override { return inner_.presets(); }
    std::vector<Claim> claims() const override { return inner_.claims(); }
    std::unique_ptr<Model> createModel(const ParamSet &params, std::uint64_t seed) const override {
        ++created;
        if (params.integer(QStringLiteral("k")) == 32)
            throw InputError(QStringLiteral("k = 32 is refused by this plugin"));
        return inner_.createModel(params, seed);
    }
    mutable std::atomic<int> created{0};

private:
    const AcceleratorPlugin &inner_;
};
}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};
    const AcceleratorPlugin &plugin() { return registry_.plugin(QStringLiteral("testaccel")); }
    static SweepRequest request(const QStringList &varies) {
        SweepRequest r;
        r.base.pluginId = QStringLiteral("testaccel");
        for (const QString &vary : varies)
            r.axes.push_back(SweepAxis::parse(vary));
        return r;
    }

private Q_SLOTS:
    void parsesAxis() {
        const SweepAxis axis = SweepAxis::parse(QStringLiteral("k = 16, 32,64"));
        QCOMPARE(axis.key, QStringLiteral("k"));
        QCOMPARE(axis.values,
                 (QStringList{QStringLiteral("16"), QStringLiteral("32"), QStringLiteral("64")}));
    }

    void rejectsBadSweeps_data() {
        QTest::addColumn<QStringList>("varies");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("no equals") << QStringList{QStringLiteral("k")}
                                   << QStringList{QStringLiteral("'k'"), QStringLiteral("KEY=V1,V2")};
        QTest::newRow("empty value") << QStringList{QStringLiteral("k=16,,32")}
                                     << QStringList{QStringLiteral("'k=16,,32'"),
                                                    QStringLiteral("empty value")};
        QTest::newRow("unknown key") << QStringList{QStringLiteral("rows=1,2")}
                                     << QStringList{QStringLiteral("unknown parameter 'rows'"),
                                                    QStringLiteral("array_rows")};
        QTest::newRow("out of range")
            << QStringList{QStringLiteral("k=16,4096")}
            << QStringList{QStringLiteral("'k'"), QStringLiteral("'4096'"), QStringLiteral("1 to 1024")};
        QTest::newRow("twice") << QStringList{QStringLiteral("k=16"), QStringLiteral("k=32")}
                               << QStringList{QStringLiteral("'k' is varied twice")};
        QTest::newRow("value twice") << QStringList{QStringLiteral("k=16,32,16")}
                                     << QStringList{QStringLiteral("'16'"), QStringLiteral("listed twice")};
        QTest::newRow("nothing") << QStringList{} << QStringList{QStringLiteral("--vary")};
    }

    void rejectsBadSweeps() {
        QFETCH(QStringList, varies);
        QFETCH(QStringList, mentions);
        try {
            sweepRequests(plugin(), request(varies));
            QFAIL("a bad sweep must throw InputError");
        } catch (const InputError &e) {
            for (const QString &mention : mentions)
                QVERIFY2(e.message().contains(mention),
                         qPrintable(e.message() + QStringLiteral(" lacks ") + mention));
        }
    }

    void cartesianProductFirstAxisOutermost() {
        const std::vector<RunRequest> runs = sweepRequests(
            plugin(), request({QStringLiteral("k=16,32,64"), QStringLiteral("array_rows=4,8")}));
        QCOMPARE(runs.size(), std::size_t{6});
        QCOMPARE(runs[0].assignments, (QStringList{QStringLiteral("k=16"), QStringLiteral("array_rows=4")}));
        QCOMPARE(runs[1].assignments, (QStringList{QStringLiteral("k=16"), QStringLiteral("array_rows=8")}));
        QCOMPARE(runs[5].assignments, (QStringList{QStringLiteral("k=64"), QStringLiteral("array_rows=8")}));
    }

    void runsEveryPointInOrder() {
        SweepRequest r = request({QStringLiteral("k=16,32,64")});
        r.maxThreads = 3;
        const std::vector<SweepPoint> points =
            runSweep(registry_.info(QStringLiteral("testaccel")), plugin(), r);
        QCOMPARE(points.size(), std::size_t{3});
        const std::int64_t ks[] = {16, 32, 64};
        double previousLatency = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            QVERIFY(points[i].outcome.ok());
            QCOMPARE(points[i].coordinates.at(0).first, QStringLiteral("k"));
            QCOMPARE(points[i].outcome.params.integer(QStringLiteral("k")), ks[i]);
            // Per tile: (16 k) · 8 B at 25.6 GB/s, (k + 14) cycles at 200 MHz, 512 B back.
            const double tileNs = 16.0 * ks[i] * 8 / 25.6 + (ks[i] + 14) * 5.0 + 20.0;
            const double latencyUs =
                findMetric(points[i].outcome.metrics, QStringLiteral("latency_us"))->value;
            QVERIFY2(std::fabs(latencyUs - 64 * tileNs / 1000) < 1e-6,
                     qPrintable(QString::number(latencyUs)));
            QVERIFY(latencyUs > previousLatency);
            previousLatency = latencyUs;
        }
    }

    void refusedPointIsNamedAndStopsTheSweep() {
        const PickyPlugin picky(plugin());
        SweepRequest r = request({QStringLiteral("k=16,32,64")});
        r.maxThreads = 1;  // in order: 16 runs, 32 is refused, 64 must not start
        try {
            runSweep(registry_.info(QStringLiteral("testaccel")), picky, r);
            QFAIL("a refused point must fail the sweep");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("with k=32: k = 32 is refused")),
                     qPrintable(e.message()));
        }
        QCOMPARE(picky.created.load(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
