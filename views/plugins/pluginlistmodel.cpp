#include "views/plugins/pluginlistmodel.h"

#include <algorithm>

#include <QFont>

#include "views/common/theme.h"

namespace accelscope {

namespace {

// The families the design names, in the order the picker lists them; others follow by name.
struct KnownFamily {
    const char *key;
    const char *label;
};
constexpr KnownFamily kKnownFamilies[] = {
    {"llm", "LLM inference"}, {"diffusion", "Diffusion"},       {"zk", "Zero-knowledge proofs"},
    {"storage", "Storage"},   {"rl", "Reinforcement learning"}, {"science", "Science"},
    {"vision", "Vision"},
};

int familyRank(const QString &family) {
    for (std::size_t i = 0; i < std::size(kKnownFamilies); ++i)
        if (family == QLatin1String(kKnownFamilies[i].key))
            return static_cast<int>(i);
    return static_cast<int>(std::size(kKnownFamilies));
}

QString paperLine(const PluginInfo &info) {
    if (info.year > 0 && !info.venue.isEmpty())
        return QStringLiteral("%1 %2").arg(info.venue).arg(info.year);
    return info.year > 0 ? QString::number(info.year) : info.venue;
}

}  // namespace

PluginListModel::PluginListModel(QObject *parent) : QAbstractItemModel(parent) {}

QString PluginListModel::familyLabel(const QString &family) {
    for (const KnownFamily &known : kKnownFamilies)
        if (family == QLatin1String(known.key))
            return QString::fromLatin1(known.label);
    if (family.isEmpty())
        return QStringLiteral("Other");
    return family.left(1).toUpper() + family.mid(1);
}

void PluginListModel::setPlugins(std::vector<PluginInfo> plugins) {
    beginResetModel();
    plugins_ = std::move(plugins);
    families_.clear();
    std::vector<std::size_t> order(plugins_.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        const PluginInfo &x = plugins_[a], &y = plugins_[b];
        const int rx = familyRank(x.family), ry = familyRank(y.family);
        if (rx != ry)
            return rx < ry;
        if (x.family != y.family)
            return familyLabel(x.family).localeAwareCompare(familyLabel(y.family)) < 0;
        const int byName = x.name.localeAwareCompare(y.name);
        return byName != 0 ? byName < 0 : x.id < y.id;
    });
    for (const std::size_t i : order) {
        if (families_.empty() || families_.back().key != plugins_[i].family)
            families_.push_back(Family{plugins_[i].family, {}});
        families_.back().plugins.push_back(i);
    }
    endResetModel();
}

const PluginInfo *PluginListModel::pluginAt(const QModelIndex &index) const {
    if (!index.isValid() || index.model() != this || index.internalId() == 0)
        return nullptr;
    const Family &family = families_[static_cast<std::size_t>(index.internalId() - 1)];
    return &plugins_[family.plugins[static_cast<std::size_t>(index.row())]];
}

QModelIndex PluginListModel::indexOf(const QString &pluginId) const {
    for (std::size_t f = 0; f < families_.size(); ++f)
        for (std::size_t r = 0; r < families_[f].plugins.size(); ++r)
            if (plugins_[families_[f].plugins[r]].id == pluginId)
                return index(static_cast<int>(r), 0, index(static_cast<int>(f), 0));
    return {};
}

// Family rows have internal id 0; a plugin row stores its family's row + 1.
QModelIndex PluginListModel::index(int row, int column, const QModelIndex &parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < static_cast<int>(families_.size()) ? createIndex(row, column, quintptr{0})
                                                        : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0 ||
        parent.row() >= static_cast<int>(families_.size()))
        return {};
    if (row >= static_cast<int>(families_[static_cast<std::size_t>(parent.row())].plugins.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex PluginListModel::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr{0});
}

int PluginListModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid())
        return static_cast<int>(families_.size());
    if (parent.internalId() == 0 && parent.column() == 0)
        return static_cast<int>(families_[static_cast<std::size_t>(parent.row())].plugins.size());
    return 0;
}

int PluginListModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

QVariant PluginListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.model() != this)
        return {};
    if (index.internalId() == 0) {
        const Family &family = families_[static_cast<std::size_t>(index.row())];
        switch (role) {
            case Qt::DisplayRole:
                if (index.column() == NameColumn)
                    return familyLabel(family.key);
                return {};
            case FamilyRole:
                return family.key;
            case PluginIdRole:
                return QString();
            case SearchTextRole:
                return familyLabel(family.key);
            case Qt::FontRole: {
                QFont font;
                font.setBold(true);
                return font;
            }
            default:
                return {};
        }
    }
    const PluginInfo &info = *pluginAt(index);
    switch (role) {
        case Qt::DisplayRole:
            return index.column() == NameColumn ? info.name : paperLine(info);
        case Qt::ToolTipRole:
            return info.paperTitle;
        case Qt::ForegroundRole:
            if (index.column() == PaperColumn)
                return theme::mutedText();
            return {};
        case PluginIdRole:
            return info.id;
        case FamilyRole:
            return info.family;
        case SearchTextRole:
            return QStringList{info.name,
                               info.id,
                               familyLabel(info.family),
                               info.paperTitle,
                               info.authors.join(QLatin1Char(' ')),
                               info.venue,
                               QString::number(info.year)}
                .join(QLatin1Char(' '));
        default:
            return {};
    }
}

Qt::ItemFlags PluginListModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == 0)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant PluginListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? QStringLiteral("Accelerator") : QStringLiteral("Paper");
}

}  // namespace accelscope
