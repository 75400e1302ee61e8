#pragma once
// The parameter editor generated from a plugin's ParamSchema: a preset chooser, "Reset to paper",
// undo/redo, and the parameters grouped into Hardware and Workload with typed editors. Every change
// is one command on undoStack(), so Ctrl+Z / Ctrl+Shift+Z restore values and presets exactly.
//
// The run controls read params(), presetName() and assignments() (the values that differ from the
// preset, as "key=value", which is also how the command line would reproduce the run).

#include <vector>

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include "core/api/param.h"
#include "core/api/plugin.h"

class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;
class QTreeView;
class QUndoStack;

namespace accelscope {

class ParamDelegate;
class ParamTableModel;
class TensorInputs;

class ParamEditor : public QWidget {
    Q_OBJECT
public:
    explicit ParamEditor(QWidget *parent = nullptr);
    ~ParamEditor() override;

    // Shows `plugin`'s schema with the paper preset's values; clears the undo history.
    void setPlugin(const PluginInfo &info, const AcceleratorPlugin &plugin);
    void setSchema(const ParamSchema &schema, std::vector<Preset> presets);
    QString pluginId() const { return pluginId_; }

    // The values, with the input tensors chosen in tensorInputs().
    ParamSet params() const;
    // The preset the values started from; hand edits keep it and show up in assignments().
    QString presetName() const;
    // "key=value" for each value that differs from the preset, in schema order.
    QStringList assignments() const;
    // Loads a recorded run's parameters (undoable). Returns a message for each key or value the
    // current schema refuses; the rest are loaded. Input tensors the run read are read again from
    // their files (in the background; a file changed since is refused on the message line).
    QStringList setFromRun(const QString &preset, const QJsonObject &params);

    // Parameter files (core/session/paramfile.h), also offered by the editor's "File" menu. Each
    // returns "" on success, otherwise the message (also shown on the message line). Saving writes
    // the preset and the values that differ from it. Loading is one undoable change and refuses a
    // file that names another plugin or has any value the schema does not allow.
    QString saveParamFile(const QString &path);
    QString loadParamFile(const QString &path);

    QUndoStack *undoStack() const { return undoStack_; }
    ParamTableModel *model() const { return model_; }
    QTreeView *view() const { return view_; }
    ParamDelegate *delegate() const { return delegate_; }
    TensorInputs *tensorInputs() const { return tensorInputs_; }
    // The line under the tree: the current parameter's doc, or why typed text is refused.
    QString message() const;
    bool messageIsError() const { return !liveError_.isEmpty() || !rejectError_.isEmpty() || !tensorError_.isEmpty(); }

Q_SIGNALS:
    void paramsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitColumns();
    void rebuildPresets();
    void syncPresetControls();
    void updateMessage();

    ParamTableModel *model_;
    ParamDelegate *delegate_;
    QUndoStack *undoStack_;
    QComboBox *presetCombo_;
    QPushButton *resetButton_;
    QToolButton *undoButton_;
    QToolButton *redoButton_;
    QToolButton *fileButton_;
    QLabel *presetInfo_;
    QTreeView *view_;
    TensorInputs *tensorInputs_;
    QLabel *messageLine_;
    QString pluginId_;
    QString liveError_;    // the open editor's text is refused
    QString rejectError_;  // the last committed text was refused
    QString tensorError_;  // the last input tensor file that could not be used
};

}  // namespace accelscope
