#include "views/charts/chartpage.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

#include "views/common/theme.h"

namespace accelscope {

ChartPage::ChartPage(QWidget *parent)
    : QWidget(parent),
      controls_(new QHBoxLayout),
      stack_(new QStackedWidget(this)),
      view_(new QChartView(this)),
      hint_(new QLabel(this)),
      caption_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    controls_->setSpacing(8);
    layout->addLayout(controls_);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    hint_->setAlignment(Qt::AlignCenter);
    hint_->setWordWrap(true);
    hint_->setMargin(24);
    stack_->addWidget(view_);
    stack_->addWidget(hint_);
    layout->addWidget(stack_, 1);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(caption_);
    resetChart();
}

QChart *ChartPage::chart() const {
    return view_->chart();
}

QChart *ChartPage::resetChart() {
    const bool dark = theme::isDark(palette());
    auto *chart = new QChart;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // Blend into the surrounding widgets instead of the themes' gradient cards.
    chart->setBackgroundBrush(palette().color(QPalette::Base));
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitleBrush(palette().color(QPalette::Text));
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->setFont(font());
    chart->legend()->setLabelColor(palette().color(QPalette::Text));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChart *old = view_->chart();
    view_->setChart(chart);  // the view releases, not deletes, the previous chart
    delete old;
    view_->setBackgroundBrush(palette().color(QPalette::Base));
    return chart;
}

void ChartPage::styleAxis(QAbstractAxis *axis) const {
    axis->setLabelsFont(font());
    axis->setLabelsColor(palette().color(QPalette::Text));
    QFont titleFont = font();
    titleFont.setBold(false);
    axis->setTitleFont(titleFont);
    axis->setTitleBrush(palette().color(QPalette::Text));
    axis->setGridLineColor(theme::gridLine());
    axis->setMinorGridLineColor(theme::gridLine());
    axis->setLinePenColor(theme::mutedText());
}

void ChartPage::showChart(const QString &caption) {
    stack_->setCurrentWidget(view_);
    caption_->setText(caption);
    caption_->setVisible(!caption.isEmpty());
}

void ChartPage::showHint(const QString &text) {
    hint_->setText(text);
    stack_->setCurrentWidget(hint_);
    caption_->clear();
    caption_->hide();
}

void ChartPage::setNiceRange(QValueAxis *axis, double low, double high, bool exact) {
    if (!std::isfinite(low) || !std::isfinite(high) || high <= low) {
        low = std::isfinite(low) ? low : 0;
        high = low + 1;
    }
    const double rough = (high - low) / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10 * magnitude;
    for (double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (factor * magnitude >= rough) {
            step = factor * magnitude;
            break;
        }
    }
    if (!exact) {
        low = std::floor(low / step + 1e-9) * step;
        high = std::ceil(high / step - 1e-9) * step;
    }
    axis->setRange(low, high);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%g"));
}

bool ChartPage::showsHint() const {
    return stack_->currentWidget() == hint_;
}
QString ChartPage::hintText() const {
    return hint_->text();
}
QString ChartPage::caption() const {
    return caption_->text();
}

}  // namespace accelscope
