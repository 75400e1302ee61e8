#pragma once
// The installed plugins as a tree: one parent row per family ("LLM inference", "Diffusion", ...),
// the family's plugins under it, sorted by name. Column 0 is the plugin's name, column 1 where and
// when its paper appeared. Works behind a QSortFilterProxyModel with recursive filtering on
// SearchTextRole.

#include <vector>

#include <QAbstractItemModel>

#include "core/api/plugin.h"

namespace accelscope {

class PluginListModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, PaperColumn, ColumnCount };
    enum Role {
        PluginIdRole = Qt::UserRole + 1,  // "" on family rows
        FamilyRole,                       // the family key ("llm")
        SearchTextRole,                   // name, id, family, paper title, authors, venue, year
    };

    explicit PluginListModel(QObject *parent = nullptr);

    void setPlugins(std::vector<PluginInfo> plugins);
    const std::vector<PluginInfo> &plugins() const { return plugins_; }
    // Null for family rows and invalid indexes.
    const PluginInfo *pluginAt(const QModelIndex &index) const;
    QModelIndex indexOf(const QString &pluginId) const;

    // "LLM inference" for "llm"; an unknown family is shown capitalized.
    static QString familyLabel(const QString &family);

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Family {
        QString key;
        std::vector<std::size_t> plugins;  // indices into plugins_
    };
    std::vector<PluginInfo> plugins_;
    std::vector<Family> families_;
};

}  // namespace accelscope
