#include "views/compare/metricscomparemodel.h"

#include <algorithm>
#include <cmath>

#include <QColor>
#include <QLocale>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {
// Large counts (bytes, events) read better grouped than as eight bare digits.
QString valueText(double value) {
    if (std::isfinite(value) && std::abs(value) >= 1e5 && std::abs(value) < 1e15)
        return QLocale().toString(value, 'f', 0);
    return format::number(value, 4);
}

QString signedNumber(double value) {
    if (!std::isfinite(value))
        return QStringLiteral("—");
    const QString text = valueText(std::abs(value));
    if (value > 0)
        return QLatin1Char('+') + text;
    if (value < 0)
        return QChar(0x2212) + text;
    return text;
}

void addMetrics(std::vector<MetricsCompareModel::Row> &rows, const std::vector<Metric> &metrics,
                const QString &prefix, bool isB) {
    for (const Metric &metric : metrics) {
        const QString name = prefix.isEmpty() ? metric.name : prefix + QStringLiteral(" · ") + metric.name;
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&name](const MetricsCompareModel::Row &row) { return row.name == name; });
        if (it == rows.end()) {
            rows.push_back({name, metric.name, metric.unit, metric.doc, std::nullopt, std::nullopt});
            it = rows.end() - 1;
        }
        (isB ? it->b : it->a) = metric.value;
        if (it->unit.isEmpty())
            it->unit = metric.unit;
    }
}
}  // namespace

MetricsCompareModel::MetricsCompareModel(QObject *parent) : QAbstractTableModel(parent) {}

void MetricsCompareModel::setRuns(const RunRecord &a, const RunRecord &b) {
    a_ = a;
    b_ = b;
    rebuild();
}

void MetricsCompareModel::clear() {
    a_.reset();
    b_.reset();
    rebuild();
}

void MetricsCompareModel::setIncludeBaselines(bool include) {
    if (include == includeBaselines_)
        return;
    includeBaselines_ = include;
    rebuild();
}

void MetricsCompareModel::rebuild() {
    beginResetModel();
    rows_.clear();
    if (a_ && b_) {
        addMetrics(rows_, a_->metrics, {}, false);
        addMetrics(rows_, b_->metrics, {}, true);
        if (includeBaselines_) {
            for (const BaselineResult &baseline : a_->baselines)
                addMetrics(rows_, baseline.metrics, baseline.label, false);
            for (const BaselineResult &baseline : b_->baselines)
                addMetrics(rows_, baseline.metrics, baseline.label, true);
        }
    }
    endResetModel();
}

int MetricsCompareModel::rowOf(const QString &name) const {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

int MetricsCompareModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MetricsCompareModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QColor MetricsCompareModel::betterColor() {
    return theme::isDark() ? QColor(0x5f, 0xd3, 0x8a) : QColor(0x1e, 0x7e, 0x3e);
}

QColor MetricsCompareModel::worseColor() {
    return theme::isDark() ? QColor(0xff, 0x7b, 0x7b) : QColor(0xc0, 0x1c, 0x28);
}

QVariant MetricsCompareModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = rows_[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    const bool both = row.a && row.b;
    const double delta = both ? *row.b - *row.a : std::nan("");
    const double ratio = both && *row.a != 0 ? *row.b / *row.a : std::nan("");
    if (role == Qt::EditRole) {
        // Raw numbers (invalid when a run lacks the metric), for sorting and tests.
        switch (column) {
            case Name:
                return row.name;
            case Unit:
                return row.unit;
            case RunA:
                return row.a ? QVariant(*row.a) : QVariant();
            case RunB:
                return row.b ? QVariant(*row.b) : QVariant();
            case Delta:
                return both ? QVariant(delta) : QVariant();
            case Ratio:
                return std::isfinite(ratio) ? QVariant(ratio) : QVariant();
            case Change:
                return std::isfinite(ratio) ? QVariant(ratio - 1.0) : QVariant();
            case ColumnCount:
                break;
        }
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
            case Name:
                return row.name;
            case Unit:
                return row.unit;
            case RunA:
                return row.a ? valueText(*row.a) : QStringLiteral("—");
            case RunB:
                return row.b ? valueText(*row.b) : QStringLiteral("—");
            case Delta:
                return signedNumber(delta);
            case Ratio:
                return std::isfinite(ratio) ? format::number(ratio, 3) + QStringLiteral("×")
                                            : QStringLiteral("—");
            case Change:
                return std::isfinite(ratio) ? signedNumber((ratio - 1.0) * 100.0) + QStringLiteral(" %")
                                            : QStringLiteral("—");
            case ColumnCount:
                break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole && (column == Delta || column == Change) && both && delta != 0) {
        switch (metricDirection(row.metric)) {
            case MetricDirection::LowerIsBetter:
                return delta < 0 ? betterColor() : worseColor();
            case MetricDirection::HigherIsBetter:
                return delta > 0 ? betterColor() : worseColor();
            case MetricDirection::Unknown:
                break;  // no judgement: plain text
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        return column == Name || column == Unit ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
                                                : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        QString tip = row.doc;
        switch (metricDirection(row.metric)) {
            case MetricDirection::LowerIsBetter:
                tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Lower is better.");
                break;
            case MetricDirection::HigherIsBetter:
                tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Higher is better.");
                break;
            case MetricDirection::Unknown:
                break;
        }
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    return {};
}

QVariant MetricsCompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
            case Delta:
                return tr("Run B minus run A");
            case Ratio:
                return tr("Run B divided by run A");
            case Change:
                return tr("How much run B differs from run A, in percent of A");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
        case Name:
            return tr("Metric");
        case Unit:
            return tr("Unit");
        case RunA:
            return a_ ? tr("A (run %1)").arg(a_->info.id) : tr("A");
        case RunB:
            return b_ ? tr("B (run %1)").arg(b_->info.id) : tr("B");
        case Delta:
            return tr("B − A");
        case Ratio:
            return tr("B / A");
        case Change:
            return tr("Change");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace accelscope
