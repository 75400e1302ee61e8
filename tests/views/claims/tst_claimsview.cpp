// The claims table: verdicts, values and colours per claim, the summary line and the hint for a run
// without claims.
#include <QtTest>

#include <QAbstractItemModelTester>

#include "views/claims/claimsview.h"
#include "views/claims/claimtablemodel.h"
#include "views/state/viewstate.h"

using namespace accelscope;

namespace {
std::vector<ClaimResult> threeClaims() {
    Claim speedup;
    speedup.id = QStringLiteral("speedup_vs_4x_v100");
    speedup.statement = QStringLiteral("5.58x speedup over 4 x V100");
    speedup.metric = QStringLiteral("speedup_vs_4x_v100");
    speedup.paperValue = 5.58;
    speedup.unit = QStringLiteral("x");
    speedup.sourceTag = QStringLiteral("[V]");
    Claim energy = speedup;
    energy.id = QStringLiteral("energy");
    energy.paperValue = 4.0;
    energy.note = QStringLiteral("GPU power is a datasheet TDP");
    Claim range = speedup;
    range.id = QStringLiteral("decode_range");
    range.rangeLow = 2.0;
    range.rangeHigh = 3.0;
    range.unit = QStringLiteral("ms");
    return {judge(speedup, 5.1, QStringLiteral("paper preset: 5.1")), judge(energy, 2.2), judge(range, 2.4)};
}
}  // namespace

class TestClaimsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelShowsVerdictsAndValues() {
        ClaimTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClaims(threeClaims());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.passCount(), 2);
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(0, ClaimTableModel::Verdict).toString(), QStringLiteral("PASS"));
        QCOMPARE(cell(1, ClaimTableModel::Verdict).toString(), QStringLiteral("FAIL"));
        QCOMPARE(cell(0, ClaimTableModel::Verdict, Qt::ForegroundRole).value<QColor>(),
                 ClaimTableModel::passColor());
        QCOMPARE(cell(1, ClaimTableModel::Verdict, Qt::ForegroundRole).value<QColor>(),
                 ClaimTableModel::failColor());
        QVERIFY(ClaimTableModel::passColor() != ClaimTableModel::failColor());
        QCOMPARE(cell(0, ClaimTableModel::PaperValue).toString(), QStringLiteral("5.58 x"));
        QCOMPARE(cell(2, ClaimTableModel::PaperValue).toString(), QStringLiteral("2 – 3 ms"));
        QCOMPARE(cell(0, ClaimTableModel::ModelValue).toString(), QStringLiteral("5.1 x"));
        QCOMPARE(cell(1, ClaimTableModel::Error).toString(), QStringLiteral("−45.0 %"));
        QCOMPARE(cell(0, ClaimTableModel::Tolerance).toString(), QStringLiteral("± 20 %"));
        QCOMPARE(cell(1, ClaimTableModel::Note).toString(), QStringLiteral("GPU power is a datasheet TDP"));
        QVERIFY(cell(0, ClaimTableModel::Id, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("paper preset: 5.1")));
        QVERIFY(cell(1, ClaimTableModel::Id, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("datasheet TDP")));
        QVERIFY(qFuzzyCompare(cell(1, ClaimTableModel::Error, Qt::EditRole).toDouble(), -0.45));
    }

    void viewSummarisesTheRunsClaims() {
        ViewState state;
        ClaimsView view(state);
        QVERIFY(view.showsHint());
        auto record = std::make_shared<RunRecord>();
        record->info.pluginId = QStringLiteral("dfx");
        state.setRun(record, nullptr);
        QVERIFY(view.showsHint());
        QVERIFY(view.hint().contains(QStringLiteral("accelscope-cli validate dfx")));

        auto validated = std::make_shared<RunRecord>(*record);
        validated->claims = threeClaims();
        state.updateRecord(validated);
        QVERIFY(!view.showsHint());
        QCOMPARE(view.summary(), QStringLiteral("2 of 3 claims pass"));
        QCOMPARE(view.model()->rowCount(), 3);
    }
};

QTEST_MAIN(TestClaimsView)
#include "tst_claimsview.moc"
