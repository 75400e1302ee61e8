#include "views/claims/claimsview.h"

#include <algorithm>

#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "views/claims/claimtablemodel.h"
#include "views/state/viewstate.h"

namespace accelscope {

ClaimsView::ClaimsView(ViewState &state, QWidget *parent)
    : QWidget(parent),
      state_(state),
      model_(new ClaimTableModel(this)),
      summary_(new QLabel(this)),
      stack_(new QStackedWidget(this)),
      table_(new QTableView(this)),
      hint_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    QFont summaryFont = summary_->font();
    summaryFont.setBold(true);
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.1);
    summary_->setFont(summaryFont);
    summary_->setTextFormat(Qt::RichText);
    layout->addWidget(summary_);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model_);
    proxy->setSortRole(Qt::EditRole);
    table_->setModel(proxy);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // the plugin's order until the user sorts
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(true);
    table_->verticalHeader()->hide();
    // Values fit their contents; statement and note share the rest and wrap, so nothing scrolls
    // sideways in a narrow dock.
    QHeaderView *header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ClaimTableModel::Statement, QHeaderView::Stretch);
    header->setSectionResizeMode(ClaimTableModel::Note, QHeaderView::Stretch);
    connect(header, &QHeaderView::sectionResized, table_, &QTableView::resizeRowsToContents);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    hint_->setAlignment(Qt::AlignCenter);
    hint_->setWordWrap(true);
    hint_->setMargin(24);
    hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stack_->addWidget(table_);
    stack_->addWidget(hint_);
    layout->addWidget(stack_, 1);

    connect(&state_, &ViewState::runChanged, this, &ClaimsView::refresh);
    connect(&state_, &ViewState::recordChanged, this, &ClaimsView::refresh);
    refresh();
}

void ClaimsView::refresh() {
    const RunRecord *record = state_.record();
    model_->setClaims(record ? record->claims : std::vector<ClaimResult>{});
    if (!record) {
        summary_->clear();
        summary_->hide();
        hint_->setText(tr("No run shown.\nClaims appear here for a run that checked the paper's claims."));
        stack_->setCurrentWidget(hint_);
        return;
    }
    if (model_->rowCount() == 0) {
        summary_->clear();
        summary_->hide();
        hint_->setText(tr("This run has no claim results yet.\n\nClaims are checked by validate, which runs "
                          "the presets each claim needs and records the results with those runs:\n"
                          "accelscope-cli validate %1\n\nOpen one of the runs it records to see paper value, "
                          "model value and PASS/FAIL here.")
                           .arg(record->info.pluginId));
        stack_->setCurrentWidget(hint_);
        return;
    }
    const int passed = model_->passCount();
    const int total = model_->rowCount();
    const QColor colour = passed == total ? ClaimTableModel::passColor() : ClaimTableModel::failColor();
    summary_->setText(
        tr("<span style='color:%1'>%2 of %3 claims pass</span>").arg(colour.name()).arg(passed).arg(total));
    summary_->show();
    stack_->setCurrentWidget(table_);
    // Sized once per run: narrow value columns, room for statement and note.
    table_->resizeRowsToContents();
}

QString ClaimsView::summary() const {
    return summary_->text().remove(QRegularExpression(QStringLiteral("<[^>]*>")));
}
QString ClaimsView::hint() const {
    return hint_->text();
}
bool ClaimsView::showsHint() const {
    return stack_->currentWidget() == hint_;
}

}  // namespace accelscope
