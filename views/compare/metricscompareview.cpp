#include "views/compare/metricscompareview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTextDocument>
#include <QVBoxLayout>

#include "views/common/format.h"
#include "views/compare/metricscomparemodel.h"

namespace accelscope {

namespace {
QString describe(const QString &letter, const RunRecord &run) {
    const QString preset =
        run.info.preset.isEmpty() ? MetricsCompareView::tr("custom parameters") : run.info.preset;
    return MetricsCompareView::tr("<b>%1</b> &nbsp;run %2 · %3 · %4 · seed %5")
        .arg(letter)
        .arg(run.info.id)
        .arg(run.info.pluginId.toHtmlEscaped(), preset.toHtmlEscaped())
        .arg(run.info.seed);
}
}  // namespace

MetricsCompareView::MetricsCompareView(ViewState &, QWidget *parent)
    : QWidget(parent),
      model_(new MetricsCompareModel(this)),
      header_(new QLabel(this)),
      baselines_(new QCheckBox(tr("Include baselines"), this)),
      stack_(new QStackedWidget(this)),
      table_(new QTableView(this)),
      hint_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout;
    header_->setTextFormat(Qt::RichText);
    header_->setWordWrap(true);
    top->addWidget(header_, 1);
    baselines_->setToolTip(tr("Also compare the baseline devices' metrics each run reports"));
    top->addWidget(baselines_, 0, Qt::AlignTop);
    layout->addLayout(top);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model_);
    proxy->setSortRole(Qt::EditRole);
    table_->setModel(proxy);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // the runs' own metric order until the user sorts
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    hint_->setAlignment(Qt::AlignCenter);
    hint_->setWordWrap(true);
    hint_->setText(tr("No runs to compare.\nSelect two runs in the run browser and press Compare."));
    stack_->addWidget(table_);
    stack_->addWidget(hint_);
    layout->addWidget(stack_, 1);

    connect(baselines_, &QCheckBox::toggled, this, [this](bool on) {
        model_->setIncludeBaselines(on);
        table_->resizeColumnsToContents();
    });
    clear();
}

void MetricsCompareView::setRuns(const RunRecord &a, const RunRecord &b) {
    model_->setRuns(a, b);
    header_->setText(describe(QStringLiteral("A"), a) + QStringLiteral("<br>") +
                     describe(QStringLiteral("B"), b));
    header_->show();
    baselines_->show();
    stack_->setCurrentWidget(table_);
    table_->resizeColumnsToContents();
}

void MetricsCompareView::clear() {
    model_->clear();
    header_->clear();
    header_->hide();
    baselines_->hide();
    stack_->setCurrentWidget(hint_);
}

QString MetricsCompareView::headerText() const {
    QTextDocument document;
    document.setHtml(header_->text());
    return document.toPlainText();
}

}  // namespace accelscope
