#include "views/runs/runlistmodel.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {
// Wall-clock durations of a run (not simulated time): "850 ms", "12.5 s", "3 min 20 s".
QString wallDuration(qint64 ms) {
    if (ms < 60 * 1000)
        return format::duration(ms * kPsPerMs);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return RunListModel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return RunListModel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

qint64 durationMs(const RunInfo &info) {
    if (!info.startedAt.isValid() || !info.finishedAt.isValid())
        return -1;
    return info.startedAt.msecsTo(info.finishedAt);
}
}  // namespace

RunListModel::RunListModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunListModel::setRuns(std::vector<RunInfo> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

int RunListModel::rowOf(RunId run) const {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (runs_[i].id == run)
            return static_cast<int>(i);
    }
    return -1;
}

RunId RunListModel::runAt(int row) const {
    return row >= 0 && row < rowCount() ? runs_[static_cast<std::size_t>(row)].id : 0;
}

void RunListModel::setCurrentRun(RunId run) {
    if (run == current_)
        return;
    const int before = rowOf(current_);
    current_ = run;
    for (int row : {before, rowOf(run)}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::FontRole});
    }
}

int RunListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QColor RunListModel::statusColor(RunStatus status) {
    const bool dark = theme::isDark();
    switch (status) {
        case RunStatus::Failed:
            return dark ? QColor(0xff, 0x7b, 0x7b) : QColor(0xc0, 0x1c, 0x28);
        case RunStatus::Interrupted:
        case RunStatus::Cancelled:
            return dark ? QColor(0xf5, 0xc2, 0x11) : QColor(0xa8, 0x64, 0x00);
        case RunStatus::Running:
        case RunStatus::Complete:
            break;
    }
    return {};
}

QVariant RunListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunInfo &run = runs_[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
            case Id:
                return QString::number(run.id);
            case Plugin:
                return run.pluginId;
            case Preset:
                return run.preset.isEmpty() ? tr("(custom)") : run.preset;
            case Status:
                return toString(run.status);
            case Started:
                return run.startedAt.isValid()
                           ? QLocale().toString(run.startedAt.toLocalTime(), QLocale::ShortFormat)
                           : QString();
            case Duration: {
                const qint64 ms = durationMs(run);
                return ms < 0 ? QString() : wallDuration(ms);
            }
            case Events:
                return QLocale().toString(static_cast<qlonglong>(run.eventCount));
            case SimulatedEnd:
                return format::duration(run.simulatedEndPs);
            case Seed:
                return QString::number(run.seed);
            case Notes:
                return run.notes.section(QLatin1Char('\n'), 0, 0);  // first line; the tooltip has all
            case ColumnCount:
                break;
        }
        return {};
    }
    if (role == Qt::EditRole) {
        // Raw values: what the sort proxy compares and what the notes editor starts from.
        switch (column) {
            case Id:
                return static_cast<qlonglong>(run.id);
            case Status:
                return toString(run.status);
            case Started:
                return run.startedAt;
            case Duration:
                return static_cast<qlonglong>(durationMs(run));
            case Events:
                return static_cast<qlonglong>(run.eventCount);
            case SimulatedEnd:
                return static_cast<qlonglong>(run.simulatedEndPs);
            case Seed:
                return static_cast<qulonglong>(run.seed);
            case Notes:
                return run.notes;
            default:
                return data(index, Qt::DisplayRole);
        }
    }
    if (role == RunIdRole)
        return static_cast<qlonglong>(run.id);
    if (role == Qt::ForegroundRole && column == Status) {
        const QColor colour = statusColor(run.status);
        return colour.isValid() ? QVariant(colour) : QVariant();
    }
    if (role == Qt::FontRole && (run.id == current_ || column == Status)) {
        QFont font;
        font.setBold(run.id == current_ || statusColor(run.status).isValid());
        return font;
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
            case Id:
            case Duration:
            case Events:
            case SimulatedEnd:
            case Seed:
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            default:
                return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
            case Status:
                return run.error.isEmpty() ? QVariant() : QVariant(tr("Failed: %1").arg(run.error));
            case Notes:
                return run.notes.isEmpty() ? tr("Double-click to add notes") : run.notes;
            case Started:
                return run.startedAt.isValid()
                           ? QLocale().toString(run.startedAt.toLocalTime(), QLocale::LongFormat)
                           : QVariant();
            default:
                return run.dataSource.isEmpty() ? QVariant() : QVariant(tr("Data: %1").arg(run.dataSource));
        }
    }
    return {};
}

bool RunListModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != Notes)
        return false;
    RunInfo &run = runs_[static_cast<std::size_t>(index.row())];
    const QString notes = value.toString();
    if (notes == run.notes)
        return false;
    run.notes = notes;
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole});
    Q_EMIT notesEdited(run.id, notes);
    return true;
}

Qt::ItemFlags RunListModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Notes)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
        case Id:
            return tr("Run");
        case Plugin:
            return tr("Plugin");
        case Preset:
            return tr("Preset");
        case Status:
            return tr("Status");
        case Started:
            return tr("Started");
        case Duration:
            return tr("Took");
        case Events:
            return tr("Events");
        case SimulatedEnd:
            return tr("Simulated");
        case Seed:
            return tr("Seed");
        case Notes:
            return tr("Notes");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace accelscope
