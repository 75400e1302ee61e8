// File > Import tensor… as a user drives it: the dialog lists a .safetensors file's tensors,
// the import runs off the UI thread and shows one read-only frame in the Masks or Tokens view,
// and a malformed file ends in a message naming it.

#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "app/gui/mainwindow.h"
#include "app/gui/sessioncontroller.h"
#include "core/registry/pluginregistry.h"
#include "tests/support/reviewshot.h"
#include "tests/support/tensorwriter.h"
#include "views/state/viewstate.h"
#include "views/tensors/tensorimportdialog.h"

using namespace accelscope;

class TestTensorImport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString safetensors_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        // An 8 x 8 attention map (row i attends to columns <= i) and a 16-token score vector.
        std::vector<float> attention(64, 0.0f);
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j <= i; ++j)
                attention[static_cast<std::size_t>(i * 8 + j)] = 1.0f / static_cast<float>(i + 1);
        std::vector<float> scores;
        for (int t = 0; t < 16; ++t)
            scores.push_back(static_cast<float>(t % 4) / 4.0f);
        safetensors_ = dir_.filePath(QStringLiteral("acts.safetensors"));
        QVERIFY(test::writeFile(safetensors_, test::safetensorsBytes({
            {QStringLiteral("attn"), QStringLiteral("F32"), {1, 8, 8}, test::rawBytes(attention)},
            {QStringLiteral("scores"), QStringLiteral("F32"), {16}, test::rawBytes(scores)},
        })));
    }

    void dialogListsTheFilesTensors() {
        TensorImportDialog dialog;
        QSignalSpy listed(&dialog, &TensorImportDialog::tensorsListed);
        dialog.setPath(safetensors_);
        QVERIFY(listed.wait(10000));
        QCOMPARE(dialog.listedTensors(), (QStringList{QStringLiteral("attn"), QStringLiteral("scores")}));
        dialog.setTensorName(QStringLiteral("scores"));
        dialog.setView(io::TensorView::Tokens);
        dialog.setThreshold(0.4);
        test::saveReviewShot(dialog, QStringLiteral("tensor-import-dialog.png"));
        const std::optional<TensorImportRequest> request = dialog.request();
        QVERIFY(request);
        QCOMPARE(request->tensorName, QStringLiteral("scores"));
        QVERIFY(request->options.view == io::TensorView::Tokens);
        QCOMPARE(request->options.threshold.value_or(-1), 0.4);
        dialog.findChild<QLineEdit *>(QStringLiteral("leading_index"))->setText(QStringLiteral("0, x"));
        QString error;
        QVERIFY(!dialog.request(&error));
        QVERIFY2(error.contains(QStringLiteral("'x' is not an index")), qPrintable(error));
    }

    void importShowsAReadOnlyFrame() {
        PluginRegistry registry{QStringList{QStringLiteral(ACCELSCOPE_PLUGIN_DIR)}};
        MainWindow window(registry, dir_.filePath(QStringLiteral("s.ascope")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy imported(&window, &MainWindow::tensorImported);

        TensorImportRequest heat;
        heat.path = safetensors_;
        heat.tensorName = QStringLiteral("attn");
        window.importTensor(heat);
        QVERIFY(imported.wait(10000));
        const RunRecord *record = window.viewState().record();
        QVERIFY(record && record->info.isImported());
        QVERIFY(record->info.dataSource.contains(QStringLiteral("tensor 'attn' (F32 [1, 8, 8], sha256 ")));
        const auto &frames = window.viewState().index().snapshot().frames();
        QCOMPARE(frames.size(), std::size_t{1});
        QVERIFY(frames.front()->kind == FrameKind::Heat);
        QCOMPARE(frames.front()->shape, (std::vector<std::int64_t>{8, 8}));
        QVERIFY(!window.dock(QStringLiteral("Masks"))->visibleRegion().isEmpty());
        test::saveReviewShot(window, QStringLiteral("tensor-import-heat.png"));

        TensorImportRequest tokens = heat;
        tokens.tensorName = QStringLiteral("scores");
        tokens.options.view = io::TensorView::Tokens;
        tokens.options.threshold = 0.4;
        window.importTensor(tokens);
        QVERIFY(imported.wait(10000));
        const StoredFrame &frame = *window.viewState().index().snapshot().frames().front();
        QVERIFY(frame.kind == FrameKind::Tokens);
        const QByteArray states = frame.decompressed().data;
        int kept = 0;
        for (int t = 0; t < 16; ++t)
            kept += reinterpret_cast<const std::int32_t *>(states.constData())[t] == token_state::kKept;
        QCOMPARE(kept, 8);  // scores 0.5 and 0.75
        QVERIFY(!window.dock(QStringLiteral("Tokens"))->visibleRegion().isEmpty());
        // Nothing was recorded in the session.
        QVERIFY(window.session().runs().empty());

        // A malformed file: the window keeps running and says what is wrong with which file.
        const QString broken = dir_.filePath(QStringLiteral("broken.npy"));
        QVERIFY(test::writeFile(broken, QByteArray("\x93NUMPY\x01\x00\xff\xff{", 11)));
        TensorImportRequest bad;
        bad.path = broken;
        window.importTensor(bad);
        QVERIFY(QTest::qWaitFor([&] { return window.lastError().contains(QStringLiteral("broken.npy")); }, 10000));
        QVERIFY2(window.lastError().contains(QStringLiteral("truncated")), qPrintable(window.lastError()));
        QVERIFY(window.viewState().record()->info.isImported());  // the previous import stays on show
    }
};

QTEST_MAIN(TestTensorImport)
#include "tst_tensorimport.moc"
