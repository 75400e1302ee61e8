// ParamEditor and ParamDelegate: live validation of typed numbers, Enter refusing invalid text,
// presets, reset to paper and undo/redo from the widget, on the offscreen platform.
#include <QtTest>

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeView>
#include <QUndoStack>

#include "dfxcatalog.h"
#include "tests/views/params/paramfixture.h"
#include "views/params/paramdelegate.h"
#include "views/params/parameditor.h"
#include "views/params/paramtablemodel.h"
#include "views/params/tensorinputs.h"
#include "tests/support/reviewshot.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;

namespace {

// Opens the value editor of `key` and returns it.
QWidget *openEditor(ParamEditor &editor, const QString &key) {
    const QModelIndex index = editor.model()->indexOf(key);
    editor.view()->setCurrentIndex(index);
    editor.view()->edit(index);
    QWidget *widget = editor.view()->indexWidget(index);
    if (widget)
        widget->setFocus();
    return widget;
}


}  // namespace

class TestParamEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validationFunction_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");  // "" when valid
        QTest::newRow("in range") << QStringLiteral("250") << QString();
        QTest::newRow("edge") << QStringLiteral("500") << QString();
        QTest::newRow("spaces") << QStringLiteral(" 75.5 ") << QString();
        QTest::newRow("out of range") << QStringLiteral("900") << QStringLiteral("out of range");
        QTest::newRow("text") << QStringLiteral("fast") << QStringLiteral("not a finite number");
        QTest::newRow("empty") << QString() << QStringLiteral("not a finite number");
        QTest::newRow("infinite") << QStringLiteral("inf") << QStringLiteral("not a finite number");
    }
    void validationFunction() {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        const ParamSchema schema = test::smallSchema();  // outlives the spec it hands out
        const ParamSpec &spec = schema.at(QStringLiteral("clock_mhz"));
        const QString message = ParamDelegate::validationError(spec, text);
        if (problem.isEmpty()) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
        } else {
            QVERIFY2(message.contains(problem), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("a number from 50 to 500 MHz")), qPrintable(message));
        }
    }

    void typedOutOfRangeTextIsMarkedAndNotCommitted() {
        ParamEditor editor;
        editor.setSchema(test::smallSchema(), test::smallPresets());
        editor.resize(420, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy changed(&editor, &ParamEditor::paramsChanged);

        auto *edit = qobject_cast<QLineEdit *>(openEditor(editor, QStringLiteral("clock_mhz")));
        QVERIFY(edit);
        QCOMPARE(edit->text(), QStringLiteral("200"));
        QVERIFY(!edit->property(ParamDelegate::kInvalidProperty).toBool());
        QVERIFY(!editor.messageIsError());
        QVERIFY2(editor.message().contains(QStringLiteral("Core clock")), qPrintable(editor.message()));

        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("900"));
        QCOMPARE(edit->text(), QStringLiteral("900"));
        QVERIFY(edit->property(ParamDelegate::kInvalidProperty).toBool());
        const QString expected = ParamDelegate::validationError(
            editor.model()->schema().at(QStringLiteral("clock_mhz")), QStringLiteral("900"));
        QCOMPARE(edit->toolTip(), expected);
        QVERIFY(editor.messageIsError());
        QCOMPARE(editor.message(), expected);
        test::saveReviewShot(editor, QStringLiteral("param-editor-invalid.png"));

        // The border is drawn in the error colour: some pixel on the editor's left edge is reddish.
        const QImage image = edit->grab().toImage();
        bool reddish = false;
        for (int y = 0; y < image.height() && !reddish; ++y) {
            const QColor c = image.pixelColor(0, y);
            reddish = c.red() > 150 && c.green() < 110 && c.blue() < 110;
        }
        QVERIFY(reddish);

        // Enter with invalid text keeps the editor open and the value unchanged.
        QTest::keyClick(edit, Qt::Key_Return);
        QCoreApplication::processEvents();
        QCOMPARE(editor.view()->indexWidget(editor.model()->indexOf(QStringLiteral("clock_mhz"))), edit);
        QCOMPARE(editor.params().real(QStringLiteral("clock_mhz")), 200.0);
        QCOMPARE(changed.count(), 0);

        // Fixing the text clears the mark; Enter commits one undoable edit.
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("250"));
        QVERIFY(!edit->property(ParamDelegate::kInvalidProperty).toBool());
        QVERIFY(edit->toolTip().isEmpty());
        QVERIFY(!editor.messageIsError());
        QTest::keyClick(edit, Qt::Key_Return);
        QCoreApplication::processEvents();  // the view commits on a queued call
        QCOMPARE(editor.params().real(QStringLiteral("clock_mhz")), 250.0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(editor.undoStack()->count(), 1);
        QCOMPARE(editor.undoStack()->text(0), QStringLiteral("Set clock_mhz = 250"));
        QCOMPARE(editor.assignments(), QStringList{QStringLiteral("clock_mhz=250")});
    }

    void invalidTextLeftByFocusIsRefusedWithAMessage() {
        ParamEditor editor;
        editor.setSchema(test::smallSchema(), test::smallPresets());
        editor.resize(420, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *edit = qobject_cast<QLineEdit *>(openEditor(editor, QStringLiteral("clock_mhz")));
        QVERIFY(edit);
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("-3"));
        // Committing anyway (as Tab or a click elsewhere does) is refused by the model.
        Q_EMIT editor.delegate()->commitData(edit);
        Q_EMIT editor.delegate()->closeEditor(edit);
        QCoreApplication::processEvents();
        QCOMPARE(editor.params().real(QStringLiteral("clock_mhz")), 200.0);
        QVERIFY(editor.messageIsError());
        QVERIFY2(editor.message().startsWith(QStringLiteral("Not applied: parameter 'clock_mhz'")),
                 qPrintable(editor.message()));
        QCOMPARE(editor.undoStack()->count(), 0);
    }

    void typedEditorsMatchTheSpec() {
        ParamEditor editor;
        editor.setSchema(test::smallSchema(), test::smallPresets());
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));

        auto *spin = qobject_cast<QSpinBox *>(openEditor(editor, QStringLiteral("tokens")));
        QVERIFY(spin);
        QCOMPARE(spin->minimum(), 1);
        QCOMPARE(spin->maximum(), 1024);
        QCOMPARE(spin->suffix(), QStringLiteral(" tokens"));
        QCOMPARE(spin->value(), 256);
        spin->setValue(300);
        QTest::keyClick(spin, Qt::Key_Return);
        QCoreApplication::processEvents();
        QCOMPARE(editor.params().integer(QStringLiteral("tokens")), 300);

        auto *combo = qobject_cast<QComboBox *>(openEditor(editor, QStringLiteral("model")));
        QVERIFY(combo);
        QCOMPARE(combo->count(), 2);
        QCOMPARE(combo->currentText(), QStringLiteral("large"));
        combo->setCurrentIndex(0);
        Q_EMIT combo->activated(0);  // what picking an item does
        QCOMPARE(editor.params().choice(QStringLiteral("model")), QStringLiteral("small"));
        QCOMPARE(editor.undoStack()->text(1), QStringLiteral("Set model = small"));
    }

    void presetsResetAndUndoFromTheWidget() {
        ParamEditor editor;
        editor.setSchema(test::smallSchema(), test::smallPresets());
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *presets = editor.findChild<QComboBox *>();
        QVERIFY(presets);
        QCOMPARE(presets->count(), 2);
        QCOMPARE(presets->currentText(), QStringLiteral("paper"));
        QCOMPARE(presets->itemData(1, Qt::ToolTipRole).toString(), QStringLiteral("A fast look"));
        QPushButton *reset = nullptr;
        for (auto *button : editor.findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Reset to paper"))
                reset = button;
        QVERIFY(reset);
        QVERIFY(!reset->isEnabled());  // already the paper's values

        const QJsonObject paper = editor.params().toJson();
        presets->setCurrentIndex(1);
        Q_EMIT presets->activated(1);
        QCOMPARE(editor.presetName(), QStringLiteral("quick"));
        QCOMPARE(editor.params().integer(QStringLiteral("tokens")), 8);
        QVERIFY(reset->isEnabled());
        QVERIFY(editor.model()->setValueText(QStringLiteral("lanes"), QStringLiteral("4")));
        const QJsonObject edited = editor.params().toJson();
        reset->click();
        QCOMPARE(editor.params().toJson(), paper);
        QCOMPARE(presets->currentText(), QStringLiteral("paper"));
        QCOMPARE(editor.undoStack()->text(2), QStringLiteral("Reset to paper"));

        // Ctrl+Z / Ctrl+Shift+Z while focus is in the editor.
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        editor.view()->setFocus();
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.params().toJson(), edited);
        QCOMPARE(editor.presetName(), QStringLiteral("quick"));
        QCOMPARE(presets->currentText(), QStringLiteral("quick"));
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.params().toJson(), paper);
        QTest::keyClick(editor.view(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(editor.presetName(), QStringLiteral("quick"));
        QCOMPARE(editor.params().integer(QStringLiteral("tokens")), 8);
    }

    void parameterFilesSaveAndLoad() {
        QTemporaryDir dir;
        ParamEditor editor;
        editor.setSchema(test::smallSchema(), test::smallPresets());
        editor.model()->choosePreset(QStringLiteral("quick"));
        QVERIFY(editor.model()->setValueText(QStringLiteral("lanes"), QStringLiteral("32")));
        const QJsonObject saved = editor.params().toJson();
        const QString path = dir.filePath(QStringLiteral("point.json"));
        QCOMPARE(editor.saveParamFile(path), QString());

        editor.model()->resetToPaper();
        QVERIFY(editor.params().toJson() != saved);
        QCOMPARE(editor.loadParamFile(path), QString());
        QCOMPARE(editor.params().toJson(), saved);
        QCOMPARE(editor.presetName(), QStringLiteral("quick"));
        QCOMPARE(editor.assignments(), QStringList{QStringLiteral("lanes=32")});
        editor.undoStack()->undo();  // loading is one undoable change
        QCOMPARE(editor.presetName(), QStringLiteral("paper"));

        // A file with one bad value changes nothing and says which file and key.
        const QJsonObject before = editor.params().toJson();
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"format": "accelscope-params", "params": {"tokens": 16, "lanes": 999}})");
        }
        const QString message = editor.loadParamFile(bad);
        QVERIFY2(message.startsWith(bad + QStringLiteral(": params.lanes: ")), qPrintable(message));
        QCOMPARE(editor.params().toJson(), before);
        QVERIFY(editor.messageIsError());
        QVERIFY(editor.message().contains(QStringLiteral("params.lanes")));
        QVERIFY(editor.loadParamFile(dir.filePath(QStringLiteral("missing.json"))).contains(QStringLiteral("cannot be read")));
    }

    void dfxEditorRoundTripsARun() {
        ParamEditor editor;
        editor.setSchema(dfx::dfxSchema(), dfx::dfxPresets());
        editor.resize(420, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QCOMPARE(editor.presetName(), QStringLiteral("paper"));
        QVERIFY(editor.model()->setValueText(QStringLiteral("model"), QStringLiteral("gpt2-774m")));
        QVERIFY(editor.model()->setValueText(QStringLiteral("output_tokens"), QStringLiteral("32")));
        const QJsonObject recorded = editor.params().toJson();
        const QStringList assignments = editor.assignments();
        QCOMPARE(assignments,
                 (QStringList{QStringLiteral("model=gpt2-774m"), QStringLiteral("output_tokens=32")}));

        ParamEditor reopened;
        reopened.setSchema(dfx::dfxSchema(), dfx::dfxPresets());
        QVERIFY(reopened.setFromRun(QStringLiteral("paper"), recorded).isEmpty());
        QCOMPARE(reopened.params().toJson(), recorded);
        QCOMPARE(reopened.assignments(), assignments);

        // One value being typed wrong, for the screenshot.
        auto *edit = qobject_cast<QLineEdit *>(openEditor(editor, QStringLiteral("clock_mhz")));
        QVERIFY(edit);
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("800"));
        QVERIFY(editor.messageIsError());
        test::saveReviewShot(editor, QStringLiteral("param-editor-dfx.png"));
    }

    void inputTensorsAreChosenCheckedAndRestored() {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("h.npy"));
        const QString flat = dir.filePath(QStringLiteral("flat.npy"));
        QVERIFY(test::writeFile(good, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(2, 3)")),
                                                     test::rawBytes(std::vector<float>{1, 2, 3, 4, 5, 6}))));
        QVERIFY(test::writeFile(flat, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(6,)")),
                                                     test::rawBytes(std::vector<float>(6, 0)))));
        ParamEditor editor;
        editor.setSchema(dfx::dfxSchema(), dfx::dfxPresets());
        TensorInputs *inputs = editor.tensorInputs();
        QVERIFY(!inputs->isHidden());  // DFX declares hidden_states
        QCOMPARE(inputs->statusText(QStringLiteral("hidden_states")), QStringLiteral("synthetic (no file)"));
        QVERIFY(!editor.params().tensor(QStringLiteral("hidden_states")));

        QSignalSpy changed(&editor, &ParamEditor::paramsChanged);
        inputs->load(QStringLiteral("hidden_states"), good);
        QVERIFY(inputs->isLoading());  // read in the background
        QTRY_COMPARE(changed.count(), 1);
        const ParamSet withFile = editor.params();
        const io::LoadedTensor *given = withFile.tensor(QStringLiteral("hidden_states"));
        QVERIFY(given);
        QCOMPARE(given->tensor->values.size(), std::size_t{6});
        QVERIFY(inputs->statusText(QStringLiteral("hidden_states")).startsWith(QStringLiteral("h.npy [2, 3] F32")));
        const QJsonObject recorded = editor.params().toJson();

        // A tensor of the wrong rank is refused with a message; the file given before stays.
        inputs->load(QStringLiteral("hidden_states"), flat);
        QTRY_VERIFY(editor.messageIsError());
        QVERIFY2(editor.message().contains(QStringLiteral("flat.npy")), qPrintable(editor.message()));
        QCOMPARE(editor.params().tensor(QStringLiteral("hidden_states"))->path, given->path);

        inputs->clear(QStringLiteral("hidden_states"));
        QVERIFY(!editor.params().tensor(QStringLiteral("hidden_states")));

        // A recorded run's tensor is read again; a file changed since is refused.
        ParamEditor reopened;
        reopened.setSchema(dfx::dfxSchema(), dfx::dfxPresets());
        QVERIFY(reopened.setFromRun(QStringLiteral("paper"), recorded).isEmpty());
        QTRY_VERIFY(reopened.params().tensor(QStringLiteral("hidden_states")));
        QCOMPARE(reopened.params().toJson(), recorded);
        QVERIFY(test::writeFile(good, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(2, 3)")),
                                                     test::rawBytes(std::vector<float>{0, 2, 3, 4, 5, 6}))));
        ParamEditor changedFile;
        changedFile.setSchema(dfx::dfxSchema(), dfx::dfxPresets());
        changedFile.setFromRun(QStringLiteral("paper"), recorded);
        QTRY_VERIFY(changedFile.messageIsError());
        QVERIFY2(changedFile.message().contains(QStringLiteral("has changed since the run read it")),
                 qPrintable(changedFile.message()));
        QVERIFY(!changedFile.params().tensor(QStringLiteral("hidden_states")));
    }
};

QTEST_MAIN(TestParamEditor)
#include "tst_parameditor.moc"
