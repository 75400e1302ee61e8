#include "views/runs/runbrowserview.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "views/runs/runlistmodel.h"
#include "views/state/viewstate.h"

namespace accelscope {

namespace {
// Matches the filter words against plugin, preset, status and notes (all words must match).
class RunFilterProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setWords(const QString &text) {
        words_ = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override {
        QString haystack;
        for (int column :
             {RunListModel::Plugin, RunListModel::Preset, RunListModel::Status, RunListModel::Notes})
            haystack +=
                sourceModel()->index(row, column, parent).data(Qt::EditRole).toString() + QLatin1Char(' ');
        return std::all_of(words_.begin(), words_.end(), [&haystack](const QString &word) {
            return haystack.contains(word, Qt::CaseInsensitive);
        });
    }

private:
    QStringList words_;
};
}  // namespace

RunBrowserView::RunBrowserView(ViewState &state, QWidget *parent)
    : QWidget(parent),
      model_(new RunListModel(this)),
      proxy_(new RunFilterProxy(this)),
      filter_(new QLineEdit(this)),
      table_(new QTableView(this)),
      compare_(new QPushButton(tr("Compare"), this)),
      count_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout;
    filter_->setPlaceholderText(tr("Filter by plugin, preset, status or notes"));
    filter_->setClearButtonEnabled(true);
    top->addWidget(filter_, 1);
    top->addWidget(count_);
    compare_->setToolTip(tr("Select two runs to compare their metrics side by side"));
    top->addWidget(compare_);
    layout->addLayout(top);

    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::EditRole);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunListModel::Id, Qt::DescendingOrder);  // newest first
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(table_, 1);

    // activated: Enter, or a double-click outside the editable notes column.
    connect(table_, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT openRequested(index.data(RunListModel::RunIdRole).toLongLong());
    });
    connect(compare_, &QPushButton::clicked, this, [this] {
        const std::vector<RunId> runs = selectedRuns();
        if (runs.size() == 2)
            Q_EMIT compareRequested(runs[0], runs[1]);
    });
    connect(model_, &RunListModel::notesEdited, this, &RunBrowserView::notesEdited);
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString &text) {
        static_cast<RunFilterProxy *>(proxy_)->setWords(text);
        updateControls();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunBrowserView::updateControls);
    connect(&state, &ViewState::runChanged, this,
            [this, &state] { setCurrentRun(state.record() ? state.record()->info.id : 0); });
    updateControls();
}

void RunBrowserView::setRuns(std::vector<RunInfo> runs) {
    model_->setRuns(std::move(runs));
    table_->resizeColumnsToContents();
    updateControls();
}

void RunBrowserView::setCurrentRun(RunId run) {
    model_->setCurrentRun(run);
    table_->resizeColumnsToContents();  // the bold row is wider
}

void RunBrowserView::setFilterText(const QString &text) {
    filter_->setText(text);
}

std::vector<RunId> RunBrowserView::selectedRuns() const {
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    std::vector<RunId> runs;
    for (const QModelIndex &row : rows)
        runs.push_back(row.data(RunListModel::RunIdRole).toLongLong());
    return runs;
}

void RunBrowserView::updateControls() {
    compare_->setEnabled(selectedRuns().size() == 2);
    const int shown = proxy_->rowCount(), total = model_->rowCount();
    count_->setText(shown == total ? (total == 1 ? tr("1 run") : tr("%1 runs").arg(total))
                                   : tr("%1 of %2 runs").arg(shown).arg(total));
}

}  // namespace accelscope
