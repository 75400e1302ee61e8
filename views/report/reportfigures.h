#pragma once
// The figures of one run, drawn by the application's own views (charts, dataflow, masks, tokens)
// at the end of the run and saved as SVG. The views are real widgets, laid out and shown without
// appearing on screen (Qt Charts needs a shown view to lay a chart out), so this runs on the UI
// thread of a QApplication.

#include <vector>

#include <QString>
#include <QStringList>

#include "core/store/runstore.h"

#include "views/report/reportdocument.h"

class QWidget;

namespace accelscope {

class ViewState;

// `widget` drawn as vectors into an SVG document of its current size.
QByteArray renderSvg(QWidget &widget);

struct RunFigures {
    std::vector<ReportFigure> charts;    // utilization over time, time by op kind, baselines
    std::vector<ReportFigure> dataflow;  // the machine at the end of the run
    std::vector<ReportFigure> frames;    // mask / heat and token snapshots, when the run has frames
};

// `state` shows the run; figure ids start with `idPrefix` ("run-3").
RunFigures renderRunFigures(ViewState &state, const QString &idPrefix);

// The Charts sweep page of `runs`, one figure per metric of `metrics` plotted against the varied
// parameter with the most values (one line per combination of the others); none when no numeric
// parameter varies. Figure ids start with `idPrefix`.
std::vector<ReportFigure> renderSweepFigures(const std::vector<RunRecord> &runs, const QStringList &metrics,
                                             const QString &idPrefix);

}  // namespace accelscope
