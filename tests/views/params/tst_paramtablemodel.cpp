// ParamTableModel: the tree of groups and parameters, edits through the model, refused text,
// undo/redo of edits, preset switches and resets, assignments, and the real DFX schema.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSortFilterProxyModel>
#include <QUndoStack>

#include "core/api/errors.h"
#include "dfxcatalog.h"
#include "tests/views/params/paramfixture.h"
#include "views/params/paramtablemodel.h"

using namespace accelscope;

namespace {

QString parseMessage(const ParamSchema &schema, const QString &key, const QString &text) {
    try {
        schema.at(key).parse(text);
    } catch (const InputError &e) {
        return e.message();
    }
    return {};
}

struct Snapshot {
    QJsonObject params;
    QString preset;
    bool operator==(const Snapshot &) const = default;
};

Snapshot snapshot(const ParamTableModel &model) {
    return {model.params().toJson(), model.presetName()};
}

}  // namespace

class TestParamTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupsParametersAndColumns() {
        ParamTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSchema(test::smallSchema(), test::smallPresets());

        QCOMPARE(model.rowCount(), 2);
        const QModelIndex hardware = model.index(0, 0);
        const QModelIndex workload = model.index(1, 0);
        QCOMPARE(hardware.data().toString(), QStringLiteral("Hardware"));
        QCOMPARE(workload.data().toString(), QStringLiteral("Workload"));
        QCOMPARE(model.rowCount(hardware), 2);
        QCOMPARE(model.rowCount(workload), 3);
        // Schema order within a group.
        QCOMPARE(model.index(0, 0, hardware).data(ParamTableModel::KeyRole).toString(),
                 QStringLiteral("clock_mhz"));
        QCOMPARE(model.index(1, 0, hardware).data(ParamTableModel::KeyRole).toString(),
                 QStringLiteral("lanes"));
        QCOMPARE(model.index(0, 0, workload).data().toString(), QStringLiteral("Model"));

        // Values start from the paper preset.
        QCOMPARE(model.presetName(), QStringLiteral("paper"));
        const QModelIndex tokens = model.indexOf(QStringLiteral("tokens"));
        QCOMPARE(tokens.data().toString(), QStringLiteral("256"));
        QCOMPARE(tokens.data(Qt::EditRole).toLongLong(), 256);
        QCOMPARE(model.indexOf(QStringLiteral("tokens"), ParamTableModel::UnitColumn).data().toString(),
                 QStringLiteral("tokens"));
        QCOMPARE(model.indexOf(QStringLiteral("tokens"), ParamTableModel::AllowedColumn).data().toString(),
                 QStringLiteral("1 – 1024"));
        QCOMPARE(model.indexOf(QStringLiteral("model"), ParamTableModel::AllowedColumn).data().toString(),
                 QStringLiteral("2 choices"));
        QVERIFY(model.indexOf(QStringLiteral("model"), ParamTableModel::AllowedColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("small, large")));

        // The label's tooltip says what the parameter is, its key and what is allowed, escaped.
        const QString tip = model.indexOf(QStringLiteral("functional"), 0).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("functional")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("&lt;the&gt;")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("true or false")), qPrintable(tip));

        // Only values are editable; booleans are check boxes.
        QVERIFY(model.flags(tokens) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.indexOf(QStringLiteral("tokens"), 0)) & Qt::ItemIsEditable));
        const QModelIndex functional = model.indexOf(QStringLiteral("functional"));
        QVERIFY(model.flags(functional) & Qt::ItemIsUserCheckable);
        QCOMPARE(functional.data(Qt::CheckStateRole).toInt(), static_cast<int>(Qt::Unchecked));
    }

    void modelTesterBehindRecursiveFilter() {
        ParamTableModel model;
        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSchema(test::smallSchema(), test::smallPresets());
        proxy.setFilterFixedString(QStringLiteral("Lanes"));
        QCOMPARE(proxy.rowCount(), 1);  // only Hardware keeps a match
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
        proxy.setFilterFixedString(QString());
        QCOMPARE(proxy.rowCount(), 2);
        model.setSchema(dfx::dfxSchema(), dfx::dfxPresets());  // a reset behind the proxy
        QCOMPARE(proxy.rowCount(), 2);
    }

    void editingThroughTheModelSetsTheParamSet() {
        ParamTableModel model;
        model.setSchema(test::smallSchema(), test::smallPresets());
        QSignalSpy changed(&model, &ParamTableModel::paramsChanged);
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);

        QVERIFY(model.setData(model.indexOf(QStringLiteral("clock_mhz")), QStringLiteral("312.5")));
        QCOMPARE(model.params().real(QStringLiteral("clock_mhz")), 312.5);
        QVERIFY(model.setData(model.indexOf(QStringLiteral("lanes")), QVariant::fromValue(qlonglong{32})));
        QCOMPARE(model.params().integer(QStringLiteral("lanes")), 32);
        QVERIFY(model.setData(model.indexOf(QStringLiteral("model")), QStringLiteral("small")));
        QCOMPARE(model.params().choice(QStringLiteral("model")), QStringLiteral("small"));
        QVERIFY(model.setData(model.indexOf(QStringLiteral("functional")), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.params().flag(QStringLiteral("functional")));
        QCOMPARE(changed.count(), 4);
        QVERIFY(!dataChanged.isEmpty());
        QCOMPARE(model.indexOf(QStringLiteral("clock_mhz")).data().toString(), QStringLiteral("312.5"));
        QCOMPARE(model.indexOf(QStringLiteral("functional")).data().toString(), QStringLiteral("on"));

        // Hand edits keep the preset they started from.
        QCOMPARE(model.presetName(), QStringLiteral("paper"));
    }

    void invalidTextIsRefusedWithTheParseMessage_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::newRow("above range") << QStringLiteral("clock_mhz") << QStringLiteral("900");
        QTest::newRow("not a number") << QStringLiteral("clock_mhz") << QStringLiteral("fast");
        QTest::newRow("integer below range") << QStringLiteral("tokens") << QStringLiteral("0");
        QTest::newRow("not an integer") << QStringLiteral("tokens") << QStringLiteral("2.5");
        QTest::newRow("unknown choice") << QStringLiteral("model") << QStringLiteral("huge");
    }
    void invalidTextIsRefusedWithTheParseMessage() {
        QFETCH(QString, key);
        QFETCH(QString, text);
        ParamTableModel model;
        QUndoStack stack;
        model.setUndoStack(&stack);
        model.setSchema(test::smallSchema(), test::smallPresets());
        const QJsonObject before = model.params().toJson();
        QSignalSpy rejected(&model, &ParamTableModel::editRejected);
        QSignalSpy changed(&model, &ParamTableModel::paramsChanged);

        QVERIFY(!model.setData(model.indexOf(key), text));
        const QString expected = parseMessage(model.schema(), key, text);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(model.lastError(), expected);
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(rejected.at(0).at(0).toString(), key);
        QCOMPARE(rejected.at(0).at(1).toString(), expected);
        QVERIFY2(expected.contains(key) && expected.contains(text), qPrintable(expected));
        QCOMPARE(model.params().toJson(), before);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(stack.count(), 0);  // nothing to undo
    }

    void undoRedoRestoreExactly() {
        ParamTableModel model;
        QUndoStack stack;
        model.setUndoStack(&stack);
        model.setSchema(test::smallSchema(), test::smallPresets());

        std::vector<Snapshot> history{snapshot(model)};
        QVERIFY(model.setValueText(QStringLiteral("tokens"), QStringLiteral("100")));
        history.push_back(snapshot(model));
        QVERIFY(model.choosePreset(QStringLiteral("quick")));
        history.push_back(snapshot(model));
        QVERIFY(model.setValueText(QStringLiteral("clock_mhz"), QStringLiteral("123.25")));
        history.push_back(snapshot(model));
        QVERIFY(model.setValue(QStringLiteral("functional"), true));
        history.push_back(snapshot(model));
        QVERIFY(model.resetToPaper());
        history.push_back(snapshot(model));

        QCOMPARE(stack.count(), 5);
        QCOMPARE(stack.text(0), QStringLiteral("Set tokens = 100"));
        QCOMPARE(stack.text(1), QStringLiteral("Preset quick"));
        QCOMPARE(stack.text(2), QStringLiteral("Set clock_mhz = 123.25"));
        QCOMPARE(stack.text(3), QStringLiteral("Set functional = true"));
        QCOMPARE(stack.text(4), QStringLiteral("Reset to paper"));
        QCOMPARE(history[2].preset, QStringLiteral("quick"));
        QCOMPARE(history[2].params.value(QStringLiteral("clock_mhz")).toDouble(), 100.0);
        QCOMPARE(history[5], history[0]);

        for (int i = 4; i >= 0; --i) {
            stack.undo();
            QCOMPARE(snapshot(model), history[static_cast<std::size_t>(i)]);
        }
        for (std::size_t i = 1; i < history.size(); ++i) {
            stack.redo();
            QCOMPARE(snapshot(model), history[i]);
        }
    }

    void aChangeToTheSameValuesIsNotAnUndoStep() {
        ParamTableModel model;
        QUndoStack stack;
        model.setUndoStack(&stack);
        model.setSchema(test::smallSchema(), test::smallPresets());
        QVERIFY(model.setValueText(QStringLiteral("tokens"), QStringLiteral("256")));  // already 256
        QVERIFY(model.resetToPaper());                                                 // already paper
        QCOMPARE(stack.count(), 0);
        // Choosing the shown preset again drops hand edits.
        QVERIFY(model.setValueText(QStringLiteral("tokens"), QStringLiteral("3")));
        QVERIFY(model.choosePreset(QStringLiteral("paper")));
        QCOMPARE(model.params().integer(QStringLiteral("tokens")), 256);
        QCOMPARE(stack.count(), 2);
        QVERIFY(!model.choosePreset(QStringLiteral("nope")));
        QVERIFY2(model.lastError().contains(QStringLiteral("quick")), qPrintable(model.lastError()));
    }

    void assignmentsListOnlyChangedKeysInSchemaOrder() {
        ParamTableModel model;
        model.setSchema(test::smallSchema(), test::smallPresets());
        QVERIFY(model.assignments().isEmpty());
        QVERIFY(model.setValueText(QStringLiteral("lanes"), QStringLiteral("64")));
        QVERIFY(model.setValueText(QStringLiteral("model"), QStringLiteral("small")));
        QVERIFY(model.setValueText(QStringLiteral("clock_mhz"), QStringLiteral("250")));
        QCOMPARE(model.assignments(),
                 (QStringList{QStringLiteral("model=small"), QStringLiteral("clock_mhz=250"),
                              QStringLiteral("lanes=64")}));
        // Back to the preset's value: no longer an assignment.
        QVERIFY(model.setValueText(QStringLiteral("model"), QStringLiteral("large")));
        QCOMPARE(model.assignments(),
                 (QStringList{QStringLiteral("clock_mhz=250"), QStringLiteral("lanes=64")}));

        // The assignments on top of the preset reproduce the values, as the command line would.
        ParamSet replay =
            ParamSet::fromPreset(model.schema(), *findPreset(model.presets(), model.presetName()));
        for (const QString &assignment : model.assignments())
            replay.assign(assignment);
        QCOMPARE(replay.toJson(), model.params().toJson());

        // Relative to the chosen preset, not to paper.
        QVERIFY(model.choosePreset(QStringLiteral("quick")));
        QVERIFY(model.assignments().isEmpty());
    }

    void boldAndPaperMarkers() {
        ParamTableModel model;
        model.setSchema(test::smallSchema(), test::smallPresets());
        const auto bold = [&model](const QString &key, int column) {
            return model.indexOf(key, column).data(Qt::FontRole).value<QFont>().bold();
        };
        QVERIFY(!bold(QStringLiteral("tokens"), ParamTableModel::ValueColumn));
        QVERIFY(model.setValueText(QStringLiteral("tokens"), QStringLiteral("10")));
        QVERIFY(bold(QStringLiteral("tokens"), ParamTableModel::ValueColumn));
        QVERIFY(bold(QStringLiteral("tokens"), ParamTableModel::LabelColumn));
        QVERIFY(!bold(QStringLiteral("lanes"), ParamTableModel::ValueColumn));
        QVERIFY(model.indexOf(QStringLiteral("tokens")).data(ParamTableModel::DiffersFromPaperRole).toBool());

        // A preset that differs from paper: not bold (it is the preset's value) but marked, and
        // the tooltip names the paper's value.
        QVERIFY(model.choosePreset(QStringLiteral("quick")));
        const QModelIndex modelValue = model.indexOf(QStringLiteral("model"));
        QVERIFY(!bold(QStringLiteral("model"), ParamTableModel::ValueColumn));
        QVERIFY(modelValue.data(ParamTableModel::DiffersFromPaperRole).toBool());
        QCOMPARE(modelValue.data(ParamTableModel::PaperValueRole).toString(), QStringLiteral("large"));
        QVERIFY2(modelValue.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("paper: large")),
                 qPrintable(modelValue.data(Qt::ToolTipRole).toString()));
        QVERIFY(!model.indexOf(QStringLiteral("lanes")).data(ParamTableModel::DiffersFromPaperRole).toBool());
    }

    void fromRunLoadsWhatFitsAndNamesTheRest() {
        ParamTableModel model;
        QUndoStack stack;
        model.setUndoStack(&stack);
        model.setSchema(test::smallSchema(), test::smallPresets());
        const QJsonObject recorded{{QStringLiteral("model"), QStringLiteral("small")},
                                   {QStringLiteral("tokens"), 12},
                                   {QStringLiteral("clock_mhz"), 9999.0},
                                   {QStringLiteral("retired_key"), 3}};
        const QStringList problems = model.setFromRun(QStringLiteral("quick"), recorded);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.join(QLatin1Char(' ')).contains(QStringLiteral("retired_key")),
                 qPrintable(problems.join(QLatin1Char(' '))));
        QVERIFY2(problems.join(QLatin1Char(' ')).contains(QStringLiteral("clock_mhz")),
                 qPrintable(problems.join(QLatin1Char(' '))));
        QCOMPARE(model.presetName(), QStringLiteral("quick"));
        QCOMPARE(model.params().integer(QStringLiteral("tokens")), 12);
        QCOMPARE(model.params().real(QStringLiteral("clock_mhz")),
                 100.0);  // the preset's, not the refused one
        QCOMPARE(model.assignments(), QStringList{QStringLiteral("tokens=12")});
        stack.undo();
        QCOMPARE(model.presetName(), QStringLiteral("paper"));

        // A run with no preset is read on top of paper.
        QVERIFY(model.setFromRun(QString(), QJsonObject{{QStringLiteral("lanes"), 8}}).isEmpty());
        QCOMPARE(model.presetName(), QStringLiteral("paper"));
        QCOMPARE(model.assignments(), QStringList{QStringLiteral("lanes=8")});
    }

    void dfxSchemaAndPresets() {
        ParamTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QUndoStack stack;
        model.setUndoStack(&stack);
        const ParamSchema schema = dfx::dfxSchema();
        const std::vector<Preset> presets = dfx::dfxPresets();
        model.setSchema(schema, presets);

        int rows = 0;
        for (int g = 0; g < model.rowCount(); ++g)
            rows += model.rowCount(model.index(g, 0));
        QCOMPARE(rows, static_cast<int>(schema.specs().size()));
        const Preset &paper = *findPreset(presets, QStringLiteral("paper"));
        QCOMPARE(model.params().toJson(), ParamSet::fromPreset(schema, paper).toJson());

        // Every preset loads exactly and undoes back to paper.
        for (const Preset &preset : presets) {
            QVERIFY(model.choosePreset(preset.name));
            QCOMPARE(model.params().toJson(), ParamSet::fromPreset(schema, preset).toJson());
            QVERIFY(model.assignments().isEmpty());
        }
        while (stack.canUndo())
            stack.undo();
        QCOMPARE(model.presetName(), QStringLiteral("paper"));

        QVERIFY(model.setData(model.indexOf(QStringLiteral("model")), QStringLiteral("gpt2-774m")));
        QCOMPARE(stack.text(stack.count() - 1), QStringLiteral("Set model = gpt2-774m"));
        QCOMPARE(model.assignments(), QStringList{QStringLiteral("model=gpt2-774m")});
        QVERIFY(!model.setData(model.indexOf(QStringLiteral("clock_mhz")), QStringLiteral("1000")));
        QVERIFY2(model.lastError().contains(QStringLiteral("50 to 500")), qPrintable(model.lastError()));
        QCOMPARE(model.params().real(QStringLiteral("clock_mhz")), 200.0);
    }
};

QTEST_MAIN(TestParamTableModel)
#include "tst_paramtablemodel.moc"
