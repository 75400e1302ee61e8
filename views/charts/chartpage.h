#pragma once
// One page of the charts view: a row of controls, a QChartView and a caption, or a centred hint
// in place of the chart when there is nothing to plot. Keeps every chart's styling (light/dark
// theme, fonts, grid) in one place.

#include <QWidget>

class QAbstractAxis;
class QValueAxis;
class QChart;
class QChartView;
class QHBoxLayout;
class QLabel;
class QStackedWidget;

namespace accelscope {

class ChartPage : public QWidget {
    Q_OBJECT
public:
    explicit ChartPage(QWidget *parent = nullptr);

    QHBoxLayout *controls() const { return controls_; }
    QChartView *view() const { return view_; }
    QChart *chart() const;

    // A fresh, empty chart styled for the current palette; the previous one is deleted.
    QChart *resetChart();
    // Styles an axis after it was attached (theme fonts are small and ignore the palette).
    void styleAxis(QAbstractAxis *axis) const;
    void showChart(const QString &caption = {});
    void showHint(const QString &text);
    bool showsHint() const;
    QString hintText() const;
    QString caption() const;

    // Ticks at round numbers (1, 2, 2.5 or 5 times a power of ten) from `low` to `high`; the
    // range widens to whole ticks unless `exact`.
    static void setNiceRange(QValueAxis *axis, double low, double high, bool exact = false);

private:
    QHBoxLayout *controls_;
    QStackedWidget *stack_;
    QChartView *view_;
    QLabel *hint_;
    QLabel *caption_;
};

}  // namespace accelscope
