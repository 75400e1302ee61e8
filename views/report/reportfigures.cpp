#include "views/report/reportfigures.h"

#include <algorithm>

#include <QApplication>
#include <QBuffer>
#include <QChartView>
#include <QPainter>
#include <QSvgGenerator>

#include "views/charts/chartpage.h"
#include "views/charts/chartsview.h"
#include "views/charts/sweepdata.h"
#include "views/dataflow/dataflowview.h"
#include "views/mask/maskcanvas.h"
#include "views/mask/maskview.h"
#include "views/state/viewstate.h"
#include "views/token/tokencanvas.h"
#include "views/token/tokenview.h"

namespace accelscope {

namespace {

// Lays a view out at `size` and lets pending layout and paint requests settle, without putting
// a window on the screen.
void settle(QWidget &widget, QSize size) {
    widget.setAttribute(Qt::WA_DontShowOnScreen);
    widget.resize(size);
    widget.show();
    QApplication::processEvents();
    QApplication::processEvents();
}

ReportFigure figureOf(QWidget &widget, QString id, QString title, QString caption) {
    ReportFigure figure;
    figure.id = std::move(id);
    figure.title = std::move(title);
    figure.caption = std::move(caption);
    figure.svg = renderSvg(widget);
    figure.size = widget.size();
    return figure;
}

}  // namespace

QByteArray renderSvg(QWidget &widget) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(widget.size());
    svg.setViewBox(QRect(QPoint(0, 0), widget.size()));
    svg.setTitle(QStringLiteral("AccelScope figure"));
    QPainter painter(&svg);
    widget.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    return buffer.data();
}

RunFigures renderRunFigures(ViewState &state, const QString &idPrefix) {
    RunFigures figures;
    if (!state.hasRun())
        return figures;

    {
        ChartsView charts(state);
        settle(charts, {960, 440});
        const struct {
            ChartsView::Page page;
            const char *id;
            QString title;
        } pages[] = {
            {ChartsView::Page::Utilization, "utilization", QStringLiteral("Utilization over time")},
            {ChartsView::Page::OpKinds, "opkinds", QStringLiteral("Busy time by op kind")},
            {ChartsView::Page::Baselines, "baselines", QStringLiteral("The run against the paper's baselines")},
        };
        for (const auto &p : pages) {
            charts.setPage(p.page);
            QApplication::processEvents();
            ChartPage *page = charts.chartPage(p.page);
            if (page->showsHint())
                continue;
            figures.charts.push_back(figureOf(*page->view(), idPrefix + QLatin1Char('-') + QLatin1String(p.id),
                                              p.title, page->caption()));
        }
    }

    if (state.isMetricsOnly())
        return figures;  // no trace: no dataflow, masks or tokens to draw

    // The last instant of the run, where its final operations still show.
    const TimePs end = state.endTime();
    state.setCursor(end > 0 ? end - 1 : 0);
    {
        DataflowView dataflow(state);
        settle(dataflow, {960, 540});
        figures.dataflow.push_back(figureOf(dataflow, idPrefix + QStringLiteral("-dataflow"),
                                            QStringLiteral("Dataflow at the end of the run"),
                                            QStringLiteral("Units coloured by the op kind they execute at the "
                                                           "last instant of the run; bars show utilization "
                                                           "over the last step, links the bandwidth they carry.")));
    }
    state.setCursor(end);

    if (!(state.index().frameNames(FrameKind::Mask) + state.index().frameNames(FrameKind::Heat)).isEmpty()) {
        MaskView masks(state);
        settle(masks, {760, 560});
        // The first frame of the name shown (a prefill's whole matrix, say) and its last one, when
        // they differ: the first is often the telling one, the last is where the run ended.
        const QString name = masks.currentName();
        const std::vector<std::uint32_t> &frames = state.index().framesNamed(name);
        std::vector<std::pair<TimePs, QString>> moments{{end, QStringLiteral("end of the run")}};
        if (!frames.empty()) {
            const StoredFrame &first = *state.index().snapshot().frames()[frames.front()];
            const StoredFrame &last = *state.index().snapshot().frames()[frames.back()];
            if (frames.size() > 1 && first.shape != last.shape)
                moments.insert(moments.begin(), {first.time, QStringLiteral("first step")});
        }
        for (const auto &[time, label] : moments) {
            state.setCursor(time);
            QApplication::processEvents();
            if (!masks.hint().isEmpty() || masks.image().isNull())
                continue;
            // A matrix's height follows its shape, so a single row is not lost in a tall canvas.
            const double aspect = static_cast<double>(masks.image().height()) / masks.image().width();
            settle(masks, {760, std::clamp(static_cast<int>(150 + 620 * aspect), 200, 600)});
            figures.frames.push_back(figureOf(*masks.canvas(),
                                              idPrefix + QStringLiteral("-masks-%1").arg(figures.frames.size()),
                                              QStringLiteral("Masks: %1 (%2)").arg(name, label),
                                              masks.statusText()));
        }
        state.setCursor(end);
    }
    if (!state.index().frameNames(FrameKind::Tokens).isEmpty()) {
        TokenView tokens(state);
        settle(tokens, {760, 420});
        if (tokens.hint().isEmpty())
            figures.frames.push_back(figureOf(*tokens.canvas(), idPrefix + QStringLiteral("-tokens"),
                                              QStringLiteral("Tokens: %1 (end of the run)").arg(tokens.currentName()),
                                              tokens.statusText()));
    }
    return figures;
}

std::vector<ReportFigure> renderSweepFigures(const std::vector<RunRecord> &runs, const QStringList &metrics,
                                             const QString &idPrefix) {
    std::vector<ReportFigure> figures;
    const QStringList parameters = sweepShape(runs).varyingParameters;
    if (parameters.isEmpty())
        return figures;
    ViewState noRun;
    ChartsView charts(noRun);
    settle(charts, {960, 460});
    charts.setPage(ChartsView::Page::Sweep);
    charts.setSweep(runs);
    for (const QString &metric : metrics) {
        if (!charts.setSweepAxes(metric, parameters.front()))
            continue;
        QApplication::processEvents();
        ChartPage *page = charts.chartPage(ChartsView::Page::Sweep);
        if (page->showsHint())
            continue;
        figures.push_back(figureOf(*page->view(), idPrefix + QStringLiteral("-") + metric,
                                   QStringLiteral("%1 against %2").arg(metric, parameters.front()), page->caption()));
    }
    return figures;
}

}  // namespace accelscope
