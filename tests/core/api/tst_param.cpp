// Parameter validation: every error names the key, the bad value and what is allowed.
#include <QtTest>

#include "core/api/errors.h"
#include "core/api/param.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"

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

    // Input tensors: declared with named dimensions, read from a file, checked, recorded.
    void tensorsAreDeclaredCheckedAndRecorded() {
        const ParamSchema withTensor(schema().specs(),
                                     {TensorSpec{QStringLiteral("hidden_states"), QStringLiteral("layer input"),
                                                 {{QStringLiteral("tokens")}, {QStringLiteral("d_model"), 3}}}});
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("h.npy"));
        const QString wrong = dir.filePath(QStringLiteral("w.npy"));
        const QString both = dir.filePath(QStringLiteral("b.safetensors"));
        QVERIFY(test::writeFile(good, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(2, 3)")),
                                                     test::rawBytes(std::vector<float>{1, 2, 3, 4, 5, 6}))));
        QVERIFY(test::writeFile(wrong, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(3, 2)")),
                                                      test::rawBytes(std::vector<float>(6, 0)))));
        QVERIFY(test::writeFile(both, test::safetensorsBytes({{QStringLiteral("a"), QStringLiteral("F32"), {1, 3}, test::rawBytes(std::vector<float>{7, 8, 9})},
                                                              {QStringLiteral("b"), QStringLiteral("F32"), {1}, test::rawBytes(std::vector<float>{1})}})));

        ParamSet set(withTensor);
        QVERIFY(!set.tensor(QStringLiteral("hidden_states")));
        set.assignTensor(QStringLiteral("hidden_states=") + good);
        QCOMPARE(set.tensor(QStringLiteral("hidden_states"))->tensor->values.size(), std::size_t{6});
        const QJsonObject recorded = set.toJson().value(ParamSet::kTensorsKey).toObject().value(QStringLiteral("hidden_states")).toObject();
        QCOMPARE(recorded.value(QStringLiteral("file")).toString(), QFileInfo(good).absoluteFilePath());
        QCOMPARE(recorded.value(QStringLiteral("sha256")).toString().size(), 64);
        // The recorded JSON reads the same file again.
        QCOMPARE(ParamSet::fromJson(withTensor, set.toJson()).toJson(), set.toJson());

        set.assignTensor(QStringLiteral("hidden_states=%1:a").arg(both));
        QCOMPARE(set.tensor(QStringLiteral("hidden_states"))->tensor->values, (std::vector<double>{7, 8, 9}));
        QCOMPARE(set.tensor(QStringLiteral("hidden_states"))->tensorName, QStringLiteral("a"));

        QString message = errorOf([&] { set.assignTensor(QStringLiteral("hidden_states=") + wrong); });
        QVERIFY2(message.contains(QStringLiteral("shape [3, 2] does not fit; allowed: a 2-D tensor [tokens, d_model = 3]")), qPrintable(message));
        message = errorOf([&] { set.assignTensor(QStringLiteral("weights=") + good); });
        QVERIFY2(message.contains(QStringLiteral("unknown tensor 'weights'; this plugin accepts: hidden_states")), qPrintable(message));
        message = errorOf([&] { ParamSet(schema()).assignTensor(QStringLiteral("weights=") + good); });
        QVERIFY2(message.contains(QStringLiteral("accepts no input tensors")), qPrintable(message));
        QVERIFY(errorOf([&] { set.assignTensor(QStringLiteral("hidden_states")); }).contains(QStringLiteral("NAME=FILE")));
        // A file changed since the run was recorded is refused by its hash.
        const QJsonObject before = ParamSet(withTensor).toJson();
        ParamSet fromGood(withTensor);
        fromGood.assignTensor(QStringLiteral("hidden_states=") + good);
        const QJsonObject json = fromGood.toJson();
        QVERIFY(test::writeFile(good, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(1, 3)")), test::rawBytes(std::vector<float>{0, 0, 0}))));
        message = errorOf([&] { ParamSet::fromJson(withTensor, json); });
        QVERIFY2(message.contains(QStringLiteral("has changed since the run")), qPrintable(message));
        QVERIFY(!before.contains(ParamSet::kTensorsKey));
    }

    void reservedAndDuplicateTensorNamesAreProgrammingErrors() {
        const TensorSpec t{QStringLiteral("x"), {}, {{QStringLiteral("n")}}};
        QVERIFY_THROWS_EXCEPTION(std::logic_error, ParamSchema({}, {t, t}));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, ParamSchema({ParamSpec::flag(ParamSet::kTensorsKey, {}, ParamGroup::Workload, true, {})}));
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
