#include "views/narration/narrationview.h"

#include <algorithm>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "views/common/format.h"
#include "views/common/theme.h"
#include "views/narration/stepnarration.h"
#include "views/state/viewstate.h"

namespace accelscope {

bool looksSynthetic(const QString &dataSource) {
    static const QStringList words{QStringLiteral("synthetic"), QStringLiteral("seeded"),
                                   QStringLiteral("random"), QStringLiteral("generated")};
    return dataSource.isEmpty() ||
           std::any_of(words.begin(), words.end(), [&dataSource](const QString &word) {
               return dataSource.contains(word, Qt::CaseInsensitive);
           });
}

NarrationView::NarrationView(ViewState &state, QWidget *parent)
    : QWidget(parent),
      state_(state),
      browser_(new QTextBrowser(this)),
      level_(new QComboBox(this)),
      previous_(new QPushButton(tr("◀ Previous"), this)),
      next_(new QPushButton(tr("Next ▶"), this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    browser_->setOpenLinks(false);
    browser_->setFrameShape(QFrame::NoFrame);
    browser_->document()->setDocumentMargin(12);
    layout->addWidget(browser_, 1);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Step by:"), this));
    controls->addWidget(level_);
    controls->addStretch(1);
    controls->addWidget(previous_);
    controls->addWidget(next_);
    layout->addLayout(controls);
    previous_->setToolTip(tr("Move the cursor to the end of the previous step of this level"));
    next_->setToolTip(tr("Move the cursor to the end of the next step of this level"));

    connect(previous_, &QPushButton::clicked, this, &NarrationView::previousStep);
    connect(next_, &QPushButton::clicked, this, &NarrationView::nextStep);
    connect(&state_, &ViewState::runChanged, this, [this] {
        rebuildLevels();
        refresh();
    });
    connect(&state_, &ViewState::traceChanged, this, &NarrationView::refresh);
    connect(&state_, &ViewState::recordChanged, this, &NarrationView::refresh);
    connect(&state_, &ViewState::cursorChanged, this, &NarrationView::refresh);
    rebuildLevels();
    refresh();
}

int NarrationView::stepLevel() const {
    return level_->currentData().toInt();
}

void NarrationView::setStepLevel(int level) {
    const int row = level_->findData(level);
    if (row >= 0)
        level_->setCurrentIndex(row);
}

void NarrationView::previousStep() {
    if (state_.hasRun() && level_->count() > 0)
        state_.cursorToPreviousMarker(stepLevel());
}

void NarrationView::nextStep() {
    if (state_.hasRun() && level_->count() > 0)
        state_.cursorToNextMarker(stepLevel());
}

void NarrationView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        refresh();
}

void NarrationView::rebuildLevels() {
    const QSignalBlocker blocker(level_);
    level_->clear();
    if (const RunRecord *record = state_.record()) {
        // Coarsest first, like the breadcrumbs.
        for (int level = static_cast<int>(record->stepLevels.size()) - 1; level >= 0; --level) {
            const StepLevel &info = record->stepLevels[static_cast<std::size_t>(level)];
            level_->addItem(info.name, level);
            level_->setItemData(level_->count() - 1, info.doc, Qt::ToolTipRole);
        }
        // A middle level (a layer rather than a whole token or one instruction) suits stepping.
        setStepLevel(record->stepLevels.size() > 1 ? 1 : 0);
    }
    const bool enabled = level_->count() > 0;
    level_->setEnabled(enabled);
    previous_->setEnabled(enabled);
    next_->setEnabled(enabled);
}

void NarrationView::refresh() {
    const QPalette pal = palette();
    const QString muted = theme::mutedText().name();
    const RunRecord *record = state_.record();
    const QString base = QStringLiteral("<div style='font-size:%1pt; line-height:140%;'>")
                             .arg(font().pointSizeF() > 0 ? font().pointSizeF() : 10.0);
    if (!record) {
        browser_->setHtml(base + QStringLiteral("<p align='center' style='color:%1'><br><br>%2</p></div>")
                                     .arg(muted, tr("No run shown. Step a plugin's run to read what the "
                                                    "machine is doing at each step.")
                                                     .toHtmlEscaped()));
        return;
    }
    const bool complete = !state_.isLive() && record->info.status != RunStatus::Running;
    const StepNarration narration = narrationAt(*record, state_.index(), state_.cursor(), complete);

    QString html = base;
    html += QStringLiteral("<p style='color:%1; margin-bottom:2px;'>%2 &nbsp;·&nbsp; t = %3</p>")
                .arg(muted, record->info.pluginId.toHtmlEscaped(), format::duration(state_.cursor()));
    if (narration.crumbs.empty()) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("The run has not reached the end of its first step yet.").toHtmlEscaped());
    } else {
        html += QStringLiteral("<p style='font-size:large; font-weight:600; margin-top:0px;'>%1</p>")
                    .arg(narration.breadcrumbs().toHtmlEscaped());
        if (!narration.paragraph.isEmpty()) {
            html +=
                QStringLiteral("<p style='font-size:x-large; margin-top:10px; margin-bottom:10px;'>%1</p>")
                    .arg(narration.paragraph.toHtmlEscaped());
        }
        for (const StepCrumb &crumb : narration.crumbs) {
            if (crumb.text.isEmpty() || crumb.level == narration.paragraphLevel)
                continue;
            QString name = crumb.levelName;
            if (!name.isEmpty())
                name[0] = name[0].toUpper();
            html += QStringLiteral("<p><b>%1 %2.</b> %3</p>")
                        .arg(name.toHtmlEscaped())
                        .arg(crumb.position)
                        .arg(crumb.text.toHtmlEscaped());
        }
    }
    const QString source = record->info.dataSource;
    const bool synthetic = looksSynthetic(source);
    const QColor boxColour =
        synthetic ? QColor(theme::isDark(pal) ? 0x4a3b12 : 0xfff4d6) : pal.color(QPalette::AlternateBase);
    html +=
        QStringLiteral(
            "<table width='100%' cellpadding='8' style='margin-top:14px; background-color:%1;'>"
            "<tr><td><b>%2</b> %3%4</td></tr></table>")
            .arg(boxColour.name(), tr("Data:").toHtmlEscaped(),
                 (source.isEmpty() ? tr("not recorded for this run") : source).toHtmlEscaped(),
                 synthetic ? QStringLiteral("<br>") +
                                 tr("Synthetic data: the machine's timing and data flow are modelled, but "
                                    "the tensor values are generated, so the outputs carry no meaning.")
                                     .toHtmlEscaped()
                           : QString());
    html += QStringLiteral("</div>");
    browser_->setHtml(html);
}

QString NarrationView::text() const {
    return browser_->toPlainText();
}

}  // namespace accelscope
