// The run list: values, status colours, sorting through the proxy, filtering, and the open,
// compare and notes signals of the browser.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>

#include "views/runs/runbrowserview.h"
#include "views/runs/runlistmodel.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {
std::vector<RunInfo> sampleRuns() {
    std::vector<RunInfo> runs;
    const RunStatus statuses[] = {RunStatus::Complete, RunStatus::Failed, RunStatus::Interrupted,
                                  RunStatus::Complete};
    for (int i = 0; i < 4; ++i) {
        RunInfo info;
        info.id = i + 1;
        info.pluginId = i == 3 ? QStringLiteral("vitcod") : QStringLiteral("dfx");
        info.preset = i % 2 ? QStringLiteral("paper") : QStringLiteral("small");
        info.status = statuses[i];
        info.seed = 7 + static_cast<std::uint64_t>(i);
        info.startedAt = QDateTime(QDate(2024, 5, 3), QTime(10, 0), Qt::UTC).addSecs(i * 60);
        info.finishedAt = info.startedAt.addMSecs(1500 + i * 1000);
        info.eventCount = (4 - i) * 1000;
        info.simulatedEndPs = (i + 1) * 2 * kPsPerMs;
        runs.push_back(info);
    }
    return runs;
}
}  // namespace

class TestRunBrowserView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelShowsRuns() {
        RunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(Qt::EditRole);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(sampleRuns());
        QCOMPARE(model.rowCount(), 4);
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(0, RunListModel::Plugin).toString(), QStringLiteral("dfx"));
        QCOMPARE(cell(1, RunListModel::Status).toString(), QStringLiteral("failed"));
        QCOMPARE(cell(0, RunListModel::Duration).toString(), QStringLiteral("1.50 s"));
        QCOMPARE(cell(2, RunListModel::SimulatedEnd).toString(), QStringLiteral("6.00 ms"));
        QCOMPARE(cell(1, RunListModel::Status, Qt::ForegroundRole).value<QColor>(),
                 RunListModel::statusColor(RunStatus::Failed));
        QCOMPARE(cell(2, RunListModel::Status, Qt::ForegroundRole).value<QColor>(),
                 RunListModel::statusColor(RunStatus::Interrupted));
        QVERIFY(!cell(0, RunListModel::Status, Qt::ForegroundRole).isValid());
        QVERIFY(RunListModel::statusColor(RunStatus::Failed) !=
                RunListModel::statusColor(RunStatus::Interrupted));

        model.setCurrentRun(3);
        QVERIFY(cell(2, RunListModel::Id, Qt::FontRole).value<QFont>().bold());
        QVERIFY(!cell(0, RunListModel::Id, Qt::FontRole).value<QFont>().bold());

        // Sorting by events compares numbers, not text.
        proxy.sort(RunListModel::Events, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, RunListModel::Id).data(RunListModel::RunIdRole).toLongLong(), RunId{4});
        QCOMPARE(proxy.index(3, RunListModel::Id).data(RunListModel::RunIdRole).toLongLong(), RunId{1});

        QSignalSpy notes(&model, &RunListModel::notesEdited);
        QVERIFY(model.flags(model.index(0, RunListModel::Notes)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, RunListModel::Plugin)) & Qt::ItemIsEditable));
        QVERIFY(proxy.setData(proxy.mapFromSource(model.index(1, RunListModel::Notes)),
                              QStringLiteral("bad HBM")));
        QCOMPARE(notes.count(), 1);
        QCOMPARE(notes.at(0).at(0).value<RunId>(), RunId{2});
        QCOMPARE(model.runs()[1].notes, QStringLiteral("bad HBM"));
    }

    void browserEmitsOpenCompareAndNotes() {
        ViewState state;
        RunBrowserView view(state);
        view.resize(900, 400);
        view.show();
        view.setRuns(sampleRuns());
        QTableView *table = view.table();
        QCOMPARE(table->model()->rowCount(), 4);

        QSignalSpy open(&view, &RunBrowserView::openRequested);
        // Newest first: row 0 is run 4.
        table->setCurrentIndex(table->model()->index(0, RunListModel::Plugin));
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).value<RunId>(), RunId{4});

        QSignalSpy compare(&view, &RunBrowserView::compareRequested);
        QVERIFY(!view.compareButton()->isEnabled());
        table->selectRow(1);
        table->selectionModel()->select(table->model()->index(3, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(view.compareButton()->isEnabled());
        QTest::mouseClick(view.compareButton(), Qt::LeftButton);
        QCOMPARE(compare.count(), 1);
        QCOMPARE(compare.at(0).at(0).value<RunId>(), RunId{3});
        QCOMPARE(compare.at(0).at(1).value<RunId>(), RunId{1});

        QSignalSpy notes(&view, &RunBrowserView::notesEdited);
        table->model()->setData(table->model()->index(0, RunListModel::Notes), QStringLiteral("keep"));
        QCOMPARE(notes.count(), 1);
        QCOMPARE(notes.at(0).at(0).value<RunId>(), RunId{4});
        QCOMPARE(notes.at(0).at(1).toString(), QStringLiteral("keep"));

        view.setFilterText(QStringLiteral("vitcod"));
        QCOMPARE(table->model()->rowCount(), 1);
        view.setFilterText(QStringLiteral("dfx fail"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data(RunListModel::RunIdRole).toLongLong(), RunId{2});
    }
};

QTEST_MAIN(TestRunBrowserView)
#include "tst_runbrowserview.moc"
