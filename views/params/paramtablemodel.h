#pragma once
// A plugin's parameters as a tree: the groups (Hardware, Workload) as parents, one row per
// parameter under its group, with columns for the label, the value (editable), the unit and what
// is allowed. Holds the schema, the presets, the current values and the preset they came from.
//
// Every change goes through change(): with an undo stack attached it becomes one undoable command
// (so undo/redo restore the exact values and preset), without one it applies directly. Text that
// ParamSpec::parse refuses leaves the value unchanged; the message is kept in lastError() and sent
// with editRejected().

#include <vector>

#include <QAbstractItemModel>
#include <QJsonObject>
#include <QStringList>

#include "core/api/param.h"

class QUndoStack;

namespace accelscope {

class ParamTableModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { LabelColumn, ValueColumn, UnitColumn, AllowedColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1,  // the parameter's key ("" on group rows)
        DiffersFromPresetRole,       // bool: the value is not the chosen preset's
        DiffersFromPaperRole,        // bool: the value is not the paper preset's
        PaperValueRole,              // the paper preset's value as text
    };

    // What undo and redo restore: the values and the preset they started from.
    struct State {
        ParamSet params;
        QString preset;
        bool operator==(const State &other) const {
            return preset == other.preset && params.toJson() == other.params.toJson();
        }
    };

    explicit ParamTableModel(QObject *parent = nullptr);
    ~ParamTableModel() override;

    // A new schema (and its presets): values start from the "paper" preset (else the first preset,
    // else the defaults). Not undoable; the caller clears its undo stack.
    void setSchema(const ParamSchema &schema, std::vector<Preset> presets);
    // Edits become commands on `stack` (not owned); null applies them directly.
    void setUndoStack(QUndoStack *stack) { undoStack_ = stack; }

    const ParamSchema &schema() const { return schema_; }
    const std::vector<Preset> &presets() const { return presets_; }
    const ParamSet &params() const { return state_.params; }
    QString presetName() const { return state_.preset; }
    const State &state() const { return state_; }
    // The values of the chosen preset (the defaults when there is none).
    const ParamSet &presetParams() const { return presetParams_; }

    // "key=value" for each value that differs from the chosen preset, in schema order.
    QStringList assignments() const;

    // Each returns false (and sets lastError()) when refused; a change to the same values is a no-op.
    bool setValue(const QString &key, const ParamValue &value);
    bool setValueText(const QString &key, const QString &text);
    bool choosePreset(const QString &name);
    bool resetToPaper();
    // Loads a recorded run's parameters on top of `preset` (paper when unknown). Keys the schema
    // does not know or values it refuses are skipped; returns one message for each.
    QStringList setFromRun(const QString &preset, const QJsonObject &params);
    // The one entry point for changes: pushes a command named `text` or applies directly.
    void change(const State &next, const QString &text);
    // Applies a state without recording it (what the undo commands call).
    void applyState(const State &next);

    QString lastError() const { return lastError_; }

    const ParamSpec *specAt(const QModelIndex &index) const;
    QModelIndex indexOf(const QString &key, int column = ValueColumn) const;

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void paramsChanged();
    void presetChanged(const QString &name);
    // A value was refused; `message` is ParamSpec::parse's.
    void editRejected(const QString &key, const QString &message);

private:
    ParamSet baseOf(const QString &presetName) const;
    bool refuse(const QString &key, const QString &message);
    void emitAllRowsChanged();
    QVariant valueData(const ParamSpec &spec, int role) const;

    ParamSchema schema_;
    std::vector<Preset> presets_;
    State state_;
    ParamSet presetParams_;
    ParamSet paperParams_;
    std::vector<ParamGroup> groups_;            // groups that have parameters, Hardware first
    std::vector<std::vector<int>> groupSpecs_;  // per group: indices into schema_.specs()
    QUndoStack *undoStack_ = nullptr;
    QString lastError_;
};

}  // namespace accelscope
