#pragma once
// Two runs' metrics side by side: one row per metric name either run reports (optionally also the
// baselines' metrics), with both values, the difference B − A, the ratio B / A and the change in
// percent. Deltas are coloured better/worse for metrics whose names say which way is better.

#include <optional>
#include <vector>

#include <QAbstractTableModel>

#include "core/store/runstore.h"
#include "views/compare/metricdirection.h"

namespace accelscope {

class MetricsCompareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Unit, RunA, RunB, Delta, Ratio, Change, ColumnCount };

    struct Row {
        QString name;    // "latency_ms", or "4x V100 · latency_ms" for a baseline's metric
        QString metric;  // the metric name alone (decides the direction)
        QString unit;
        QString doc;
        std::optional<double> a, b;
    };

    explicit MetricsCompareModel(QObject *parent = nullptr);

    void setRuns(const RunRecord &a, const RunRecord &b);
    void clear();
    void setIncludeBaselines(bool include);
    bool includesBaselines() const { return includeBaselines_; }
    const std::vector<Row> &rows() const { return rows_; }
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QColor betterColor();
    static QColor worseColor();

private:
    void rebuild();

    std::optional<RunRecord> a_, b_;
    bool includeBaselines_ = false;
    std::vector<Row> rows_;
};

}  // namespace accelscope
