// Parameter validation: every error names the key, the bad value and what is allowed.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/param.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using test::errorOf;

class TestParam : public QObject {
    Q_OBJECT

private:
    static ParamSchema schema() {
        return ParamSchema({
            ParamSpec::choice(QStringLiteral("model"), QStringLiteral("Model"), ParamGroup::Workload,
                              QStringLiteral("gpt2-345m"),
                              {QStringLiteral("gpt2-345m"), QStringLiteral("gpt2-1.5b")},
                              QStringLiteral("GPT-2 checkpoint")),
            ParamSpec::integer(QStringLiteral("devices"), QStringLiteral("Devices"), ParamGroup::Hardware, 4,
                               1, 8, QString(), QStringLiteral("FPGAs in the ring")),
            ParamSpec::real(QStringLiteral("clock_mhz"), QStringLiteral("Clock"), ParamGroup::Hardware, 200,
                            50, 1000, QStringLiteral("MHz"), QStringLiteral("core clock")),
            ParamSpec::flag(QStringLiteral("chaining"), QStringLiteral("Chaining"), ParamGroup::Hardware,
                            true, QStringLiteral("instruction chaining")),
        });
    }

private Q_SLOTS:
    void defaultsAreValid() {
        const ParamSet set(schema());
        QCOMPARE(set.integer(QStringLiteral("devices")), 4);
        QCOMPARE(set.real(QStringLiteral("clock_mhz")), 200.0);
        QCOMPARE(set.choice(QStringLiteral("model")), QStringLiteral("gpt2-345m"));
        QCOMPARE(set.flag(QStringLiteral("chaining")), true);
    }

    void parsesText_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("int") << "devices=8"
                             << "devices"
                             << "8";
        QTest::newRow("int with spaces") << "devices = 2 "
                                         << "devices"
                                         << "2";
        QTest::newRow("double") << "clock_mhz=187.5"
                                << "clock_mhz"
                                << "187.5";
        QTest::newRow("int as double") << "clock_mhz=300"
                                       << "clock_mhz"
                                       << "300";
        QTest::newRow("enum") << "model=gpt2-1.5b"
                              << "model"
                              << "gpt2-1.5b";
        QTest::newRow("bool off") << "chaining=off"
                                  << "chaining"
                                  << "false";
        QTest::newRow("bool 1") << "chaining=1"
                                << "chaining"
                                << "true";
    }
    void parsesText() {
        QFETCH(QString, assignment);
        QFETCH(QString, key);
        QFETCH(QString, formatted);
        ParamSet set(schema());
        set.assign(assignment);
        QCOMPARE(formatValue(set.value(key)), formatted);
    }

    void rejectsWithClearMessage_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QStringList>("mustMention");
        QTest::newRow("unknown key") << "lanes=4"
                                     << QStringList{QStringLiteral("unknown parameter 'lanes'"),
                                                    QStringLiteral("devices"), QStringLiteral("clock_mhz")};
        QTest::newRow("out of range")
            << "devices=9"
            << QStringList{QStringLiteral("'devices'"), QStringLiteral("out of range"), QStringLiteral("'9'"),
                           QStringLiteral("from 1 to 8")};
        QTest::newRow("not numeric") << "devices=four"
                                     << QStringList{QStringLiteral("'devices'"),
                                                    QStringLiteral("not an integer"),
                                                    QStringLiteral("'four'"), QStringLiteral("from 1 to 8")};
        QTest::newRow("fraction for int")
            << "devices=2.5" << QStringList{QStringLiteral("'devices'"), QStringLiteral("'2.5'")};
        QTest::newRow("nan") << "clock_mhz=nan"
                             << QStringList{QStringLiteral("'clock_mhz'"), QStringLiteral("finite"),
                                            QStringLiteral("MHz")};
        QTest::newRow("unknown choice") << "model=gpt3"
                                        << QStringList{QStringLiteral("'model'"), QStringLiteral("'gpt3'"),
                                                       QStringLiteral("one of gpt2-345m, gpt2-1.5b")};
        QTest::newRow("bad bool") << "chaining=maybe"
                                  << QStringList{QStringLiteral("'chaining'"),
                                                 QStringLiteral("true or false")};
        QTest::newRow("no equals") << "devices"
                                   << QStringList{QStringLiteral("malformed"), QStringLiteral("KEY=VALUE")};
    }
    void rejectsWithClearMessage() {
        QFETCH(QString, assignment);
        QFETCH(QStringList, mustMention);
        ParamSet set(schema());
        const ParamSet before = set;
        const QString message = errorOf([&] { set.assign(assignment); });
        QVERIFY2(!message.isEmpty(), "expected an InputError");
        for (const QString &part : mustMention)
            QVERIFY2(message.contains(part), qPrintable(message + QStringLiteral(" lacks ") + part));
        QCOMPARE(set.toJson(), before.toJson());  // a rejected assignment changes nothing
    }

    void duplicateKeysAreAProgrammingError() {
        const auto spec =
            ParamSpec::flag(QStringLiteral("x"), QStringLiteral("X"), ParamGroup::Hardware, true, {});
        QVERIFY_THROWS_EXCEPTION(std::logic_error, ParamSchema({spec, spec}));
    }

    void presetAndJsonRoundTrip() {
        const Preset preset{QStringLiteral("paper"),
                            QStringLiteral("paper setup"),
                            {{QStringLiteral("devices"), std::int64_t{2}},
                             {QStringLiteral("model"), QStringLiteral("gpt2-1.5b")}}};
        const ParamSet set = ParamSet::fromPreset(schema(), preset);
        QCOMPARE(set.integer(QStringLiteral("devices")), 2);
        const ParamSet again = ParamSet::fromJson(schema(), set.toJson());
        QCOMPARE(again.toJson(), set.toJson());
    }

    void badPresetValueIsRejected() {
        const Preset preset{QStringLiteral("broken"), {}, {{QStringLiteral("devices"), std::int64_t{0}}}};
        const QString message = errorOf([&] { ParamSet::fromPreset(schema(), preset); });
        QVERIFY(message.contains(QStringLiteral("'devices'")));
        QVERIFY(message.contains(QStringLiteral("out of range")));
    }
};

QTEST_GUILESS_MAIN(TestParam)
#include "tst_param.moc"
