#include "views/compare/comparewindow.h"

#include <cmath>

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "views/common/format.h"
#include "views/compare/metricscompareview.h"
#include "views/state/runloader.h"
#include "views/state/viewstate.h"
#include "views/timeline/timelineview.h"

namespace accelscope {

namespace {
QString runTitle(const RunRecord &record, const QString &letter) {
    return QStringLiteral("<b>%1 · run %2</b> — %3, preset %4 · %5")
        .arg(letter)
        .arg(record.info.id)
        .arg(record.info.pluginId.toHtmlEscaped(),
             (record.info.preset.isEmpty() ? QStringLiteral("(by hand)") : record.info.preset).toHtmlEscaped(),
             format::duration(record.info.simulatedEndPs));
}
}  // namespace

CompareWindow::CompareWindow(const QString &sessionPath, RunId first, RunId second, QWidget *parent)
    : QWidget(parent, Qt::Window), first_(std::make_unique<ViewState>()), second_(std::make_unique<ViewState>()) {
    setWindowTitle(QStringLiteral("AccelScope — compare runs %1 and %2").arg(first).arg(second));
    resize(1300, 860);

    metrics_ = new MetricsCompareView(*first_, this);
    firstTimeline_ = new TimelineView(*first_, this);
    secondTimeline_ = new TimelineView(*second_, this);
    firstTitle_ = new QLabel(this);
    secondTitle_ = new QLabel(this);
    status_ = new QLabel(QStringLiteral("Loading runs %1 and %2…").arg(first).arg(second), this);

    offsetSpin_ = new QDoubleSpinBox(this);
    offsetSpin_->setRange(-1e9, 1e9);
    offsetSpin_->setDecimals(3);
    offsetSpin_->setSuffix(QStringLiteral(" µs"));
    offsetSpin_->setToolTip(QStringLiteral("Shifts run B on the shared time axis; the cursor of B follows A minus this offset"));
    connect(offsetSpin_, &QDoubleSpinBox::valueChanged, this,
            [this](double us) { setOffset(static_cast<TimePs>(std::llround(us * static_cast<double>(kPsPerUs)))); });
    auto *alignEnds = new QPushButton(QStringLiteral("Align ends"), this);
    alignEnds->setToolTip(QStringLiteral("Shift B so both runs end at the same time"));
    connect(alignEnds, &QPushButton::clicked, this, [this] {
        offsetSpin_->setValue(static_cast<double>(first_->endTime() - second_->endTime()) / static_cast<double>(kPsPerUs));
    });
    auto *alignStarts = new QPushButton(QStringLiteral("Align starts"), this);
    connect(alignStarts, &QPushButton::clicked, this, [this] { offsetSpin_->setValue(0); });

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(QStringLiteral("Offset of B:"), this));
    controls->addWidget(offsetSpin_);
    controls->addWidget(alignStarts);
    controls->addWidget(alignEnds);
    controls->addStretch();
    controls->addWidget(status_);

    auto *timelines = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelines);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(firstTitle_);
    timelineLayout->addWidget(firstTimeline_, 1);
    timelineLayout->addWidget(secondTitle_);
    timelineLayout->addWidget(secondTimeline_, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(metrics_);
    splitter->addWidget(timelines);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    metrics_->setMinimumHeight(190);  // about six metrics without scrolling

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    connect(first_.get(), &ViewState::cursorChanged, this, &CompareWindow::syncCursorFromFirst);
    connect(second_.get(), &ViewState::cursorChanged, this, &CompareWindow::syncCursorFromSecond);
    connect(first_.get(), &ViewState::viewportChanged, this, [this] { syncViewport(*first_, *second_); });
    connect(second_.get(), &ViewState::viewportChanged, this, [this] { syncViewport(*second_, *first_); });

    for (auto [run, state] : {std::pair{first, first_.get()}, std::pair{second, second_.get()}}) {
        auto *loader = new RunLoader(this);
        connect(loader, &RunLoader::loaded, this, [this, loader, state] { onLoaded(loader, *state); });
        connect(loader, &RunLoader::failed, this, [this](RunId id, const QString &message) {
            const QString text = QStringLiteral("Run %1 could not be loaded: %2").arg(id).arg(message);
            status_->setText(text);
            Q_EMIT failed(text);
        });
        loader->load(sessionPath, run);
    }
}

CompareWindow::~CompareWindow() = default;

void CompareWindow::onLoaded(RunLoader *loader, ViewState &state) {
    LoadedRun run = loader->take();
    state.setRun(std::move(run.record), std::move(run.index));
    if (++loadedCount_ < 2)
        return;
    metrics_->setRuns(*first_->record(), *second_->record());
    firstTitle_->setText(runTitle(*first_->record(), QStringLiteral("A")));
    secondTitle_->setText(runTitle(*second_->record(), QStringLiteral("B")));
    status_->setText(QString());
    // Both label columns as wide as the wider, so equal times sit at equal x in both timelines.
    const int labels = std::max(firstTimeline_->labelColumnWidth(), secondTimeline_->labelColumnWidth());
    firstTimeline_->setMinimumLabelWidth(labels);
    secondTimeline_->setMinimumLabelWidth(labels);
    // One axis long enough for both runs.
    const TimePs end = std::max(first_->endTime(), second_->endTime() + offset_);
    first_->setViewport({0, std::max<TimePs>(end, 1)});
    Q_EMIT loaded();
}

void CompareWindow::setOffset(TimePs offset) {
    offset_ = offset;
    secondTimeline_->setTimeOffset(offset);
    syncViewport(*first_, *second_);
    syncCursorFromFirst();
}

void CompareWindow::syncCursorFromFirst() {
    if (syncing_)
        return;
    syncing_ = true;
    second_->setCursor(first_->cursor() - offset_);
    syncing_ = false;
}

void CompareWindow::syncCursorFromSecond() {
    if (syncing_)
        return;
    syncing_ = true;
    first_->setCursor(second_->cursor() + offset_);
    syncing_ = false;
}

void CompareWindow::syncViewport(ViewState &from, ViewState &to) {
    // Both timelines show the same window of the shared axis (run A's time).
    if (syncing_)
        return;
    syncing_ = true;
    to.setViewport(from.viewport());
    syncing_ = false;
}

}  // namespace accelscope
