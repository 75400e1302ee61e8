#pragma once
// The session's runs as a table: id, plugin, preset, status, start, duration, events, simulated
// end, seed and the user's notes (editable). Sort it through a QSortFilterProxyModel: EditRole
// gives raw numbers and times.

#include <vector>

#include <QAbstractTableModel>

#include "core/store/runstore.h"

namespace accelscope {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Id,
        Plugin,
        Preset,
        Status,
        Started,
        Duration,
        Events,
        SimulatedEnd,
        Seed,
        Notes,
        ColumnCount
    };
    static constexpr int RunIdRole = Qt::UserRole + 1;

    explicit RunListModel(QObject *parent = nullptr);

    void setRuns(std::vector<RunInfo> runs);
    const std::vector<RunInfo> &runs() const { return runs_; }
    // Row of a run, or -1.
    int rowOf(RunId run) const;
    RunId runAt(int row) const;
    // The run shown bold (the one the views show).
    void setCurrentRun(RunId run);
    RunId currentRun() const { return current_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QColor statusColor(RunStatus status);  // invalid for ordinary statuses

Q_SIGNALS:
    void notesEdited(accelscope::RunId run, const QString &notes);

private:
    std::vector<RunInfo> runs_;
    RunId current_ = 0;
};

}  // namespace accelscope
