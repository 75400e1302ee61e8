#pragma once
// Chooses the accelerator to simulate: a filter box, the plugins grouped by family and, beside
// them, the current plugin's paper (title, authors, venue, summary, the views it feeds).
// Double click, Enter or "Use this plugin" emit pluginChosen().

#include <vector>

#include <QStringList>
#include <QWidget>

#include "core/api/plugin.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QSortFilterProxyModel;
class QTextBrowser;
class QTreeView;

namespace accelscope {

class PluginListModel;

class PluginPicker : public QWidget {
    Q_OBJECT
public:
    explicit PluginPicker(QWidget *parent = nullptr);

    void setPlugins(std::vector<PluginInfo> plugins);
    // Selects `id` (clearing a filter that hides it); an unknown id clears the selection.
    void setCurrentPlugin(const QString &id);
    // "" when no plugin is selected.
    QString currentPlugin() const;
    // Plugin files that could not be offered ("<file>: <reason>"), shown under the list until the
    // next call; an empty list hides the line.
    void setSkipped(const QStringList &diagnostics);
    QStringList skipped() const { return skipped_; }
    QLabel *skippedLabel() const { return skippedLabel_; }

    PluginListModel *model() const { return model_; }
    QSortFilterProxyModel *proxy() const { return proxy_; }
    QTreeView *view() const { return view_; }
    QLineEdit *filterEdit() const { return filter_; }
    QTextBrowser *details() const { return details_; }
    QPushButton *useButton() const { return useButton_; }

    // The detail panel's HTML for `info` (every field escaped).
    static QString detailsHtml(const PluginInfo &info);

Q_SIGNALS:
    void pluginChosen(const QString &id);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    static constexpr int kSideBySideWidth = 560;
    QSplitter *splitter_ = nullptr;
    void showCurrent();
    void chooseCurrent();
    void applyFilter(const QString &text);

    PluginListModel *model_;
    QSortFilterProxyModel *proxy_;
    QLineEdit *filter_;
    QTreeView *view_;
    QTextBrowser *details_;
    QPushButton *useButton_;
    QLabel *skippedLabel_;
    QStringList skipped_;
};

}  // namespace accelscope
