#include <QTest>

#include "core/api/errors.h"
#include "core/registry/pluginregistry.h"
#include "core/session/runrequest.h"

using namespace accelscope;

class TestRunRequest : public QObject {
    Q_OBJECT

private:
    PluginRegistry registry_{QStringList{QStringLiteral(ACCELSCOPE_FIXTURE_PLUGIN_DIR)}};
    const AcceleratorPlugin &plugin() { return registry_.plugin(QStringLiteral("testaccel")); }
    static RunRequest request(const QString &preset, const QStringList &assignments = {}) {
        RunRequest r;
        r.pluginId = QStringLiteral("testaccel");
        r.preset = preset;
        r.assignments = assignments;
        return r;
    }

private Q_SLOTS:
    void defaultsToPaperAndSeedOne() {
        const RunRequest r;
        QCOMPARE(r.preset, QStringLiteral("paper"));
        QCOMPARE(r.seed, std::uint64_t{1});
        QVERIFY(r.sessionPath.isEmpty());
    }

    void presetValuesThenAssignmentsInOrder() {
        const ParamSet small = request(QStringLiteral("small")).resolve(plugin());
        QCOMPARE(small.integer(QStringLiteral("array_rows")), 4);
        QCOMPARE(small.integer(QStringLiteral("m")), 16);
        QCOMPARE(small.real(QStringLiteral("clock_mhz")), 200.0);  // not in the preset: the default

        const ParamSet set =
            request(QStringLiteral("small"),
                    {QStringLiteral("m=8"), QStringLiteral("clock_mhz=400"), QStringLiteral("m=32")})
                .resolve(plugin());
        QCOMPARE(set.integer(QStringLiteral("m")), 32);  // the last assignment wins
        QCOMPARE(set.real(QStringLiteral("clock_mhz")), 400.0);
        QCOMPARE(set.integer(QStringLiteral("array_rows")), 4);
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("unknown preset")
            << QStringLiteral("huge") << QStringList()
            << QStringList{QStringLiteral("unknown preset 'huge'"), QStringLiteral("paper, small")};
        QTest::newRow("unknown key") << QStringLiteral("paper") << QStringList{QStringLiteral("rows=4")}
                                     << QStringList{QStringLiteral("unknown parameter 'rows'"),
                                                    QStringLiteral("array_rows")};
        QTest::newRow("out of range")
            << QStringLiteral("paper") << QStringList{QStringLiteral("m=0")}
            << QStringList{QStringLiteral("'m'"), QStringLiteral("'0'"), QStringLiteral("from 1 to 1024")};
        QTest::newRow("not a number")
            << QStringLiteral("paper") << QStringList{QStringLiteral("clock_mhz=fast")}
            << QStringList{QStringLiteral("'clock_mhz'"), QStringLiteral("'fast'"),
                           QStringLiteral("a number")};
        QTest::newRow("not a choice")
            << QStringLiteral("paper") << QStringList{QStringLiteral("dataflow=row")}
            << QStringList{QStringLiteral("'row'"), QStringLiteral("output_stationary, weight_stationary")};
        QTest::newRow("no equals sign") << QStringLiteral("paper") << QStringList{QStringLiteral("m")}
                                        << QStringList{QStringLiteral("'m'"), QStringLiteral("KEY=VALUE")};
    }

    void rejectsBadInput() {
        QFETCH(QString, preset);
        QFETCH(QStringList, assignments);
        QFETCH(QStringList, mentions);
        try {
            request(preset, assignments).resolve(plugin());
            QFAIL("bad input must throw InputError");
        } catch (const InputError &e) {
            for (const QString &mention : mentions)
                QVERIFY2(e.message().contains(mention),
                         qPrintable(e.message() + QStringLiteral(" lacks ") + mention));
        }
    }
};

QTEST_GUILESS_MAIN(TestRunRequest)
#include "tst_runrequest.moc"
