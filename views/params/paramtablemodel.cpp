#include "views/params/paramtablemodel.h"

#include <QFont>
#include <QUndoCommand>
#include <QUndoStack>

#include "core/api/errors.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {

const QString kPaper = QStringLiteral("paper");

// One undoable change: the whole state before and after, so undo restores exactly.
class ParamStateCommand : public QUndoCommand {
public:
    ParamStateCommand(ParamTableModel *model, ParamTableModel::State before, ParamTableModel::State after,
                      const QString &text)
        : QUndoCommand(text), model_(model), before_(std::move(before)), after_(std::move(after)) {}
    void redo() override { model_->applyState(after_); }
    void undo() override { model_->applyState(before_); }

private:
    ParamTableModel *model_;
    ParamTableModel::State before_, after_;
};

// The range or choices, short enough for a column; allowed() gives the full sentence.
QString shortAllowed(const ParamSpec &spec) {
    switch (spec.type) {
        case ParamType::Int:
            return QStringLiteral("%1 – %2")
                .arg(static_cast<qint64>(spec.minimum))
                .arg(static_cast<qint64>(spec.maximum));
        case ParamType::Double:
            return QStringLiteral("%1 – %2").arg(spec.minimum).arg(spec.maximum);
        case ParamType::Enum:  // the choices themselves are in the combo box and the tooltip
            return spec.choices.size() == 1 ? QStringLiteral("1 choice")
                                            : QStringLiteral("%1 choices").arg(spec.choices.size());
        case ParamType::Bool:
            return QStringLiteral("on or off");
    }
    return {};
}

QString displayValue(const ParamValue &value) {
    if (const auto *b = std::get_if<bool>(&value))
        return *b ? QStringLiteral("on") : QStringLiteral("off");
    return formatValue(value);
}

QString groupLabel(ParamGroup group) {
    return group == ParamGroup::Hardware ? QStringLiteral("Hardware") : QStringLiteral("Workload");
}

}  // namespace

ParamTableModel::ParamTableModel(QObject *parent) : QAbstractItemModel(parent) {}

ParamTableModel::~ParamTableModel() = default;

void ParamTableModel::setSchema(const ParamSchema &schema, std::vector<Preset> presets) {
    beginResetModel();
    schema_ = schema;
    presets_ = std::move(presets);
    groups_.clear();
    groupSpecs_.clear();
    for (const ParamGroup group : {ParamGroup::Hardware, ParamGroup::Workload}) {
        std::vector<int> rows;
        for (std::size_t i = 0; i < schema_.specs().size(); ++i)
            if (schema_.specs()[i].group == group)
                rows.push_back(static_cast<int>(i));
        if (!rows.empty()) {
            groups_.push_back(group);
            groupSpecs_.push_back(std::move(rows));
        }
    }
    QString start;
    if (findPreset(presets_, kPaper))
        start = kPaper;
    else if (!presets_.empty())
        start = presets_.front().name;
    paperParams_ = baseOf(kPaper);
    presetParams_ = baseOf(start);
    state_ = State{presetParams_, start};
    lastError_.clear();
    endResetModel();
    Q_EMIT presetChanged(state_.preset);
    Q_EMIT paramsChanged();
}

ParamSet ParamTableModel::baseOf(const QString &presetName) const {
    if (const Preset *preset = findPreset(presets_, presetName))
        return ParamSet::fromPreset(schema_, *preset);
    return ParamSet(schema_);
}

QStringList ParamTableModel::assignments() const {
    QStringList result;
    for (const ParamSpec &spec : schema_.specs()) {
        const ParamValue &value = state_.params.value(spec.key);
        if (!(value == presetParams_.value(spec.key)))
            result << spec.key + QLatin1Char('=') + formatValue(value);
    }
    return result;
}

bool ParamTableModel::refuse(const QString &key, const QString &message) {
    lastError_ = message;
    Q_EMIT editRejected(key, message);
    return false;
}

bool ParamTableModel::setValue(const QString &key, const ParamValue &value) {
    State next = state_;
    try {
        next.params.set(key, value);
    } catch (const InputError &e) {
        return refuse(key, e.message());
    }
    lastError_.clear();
    change(next, QStringLiteral("Set %1 = %2").arg(key, formatValue(next.params.value(key))));
    return true;
}

bool ParamTableModel::setValueText(const QString &key, const QString &text) {
    State next = state_;
    try {
        next.params.setText(key, text);
    } catch (const InputError &e) {
        return refuse(key, e.message());
    }
    lastError_.clear();
    change(next, QStringLiteral("Set %1 = %2").arg(key, formatValue(next.params.value(key))));
    return true;
}

bool ParamTableModel::choosePreset(const QString &name) {
    if (!findPreset(presets_, name)) {
        QStringList names;
        for (const Preset &preset : presets_)
            names << preset.name;
        return refuse(QString(), QStringLiteral("unknown preset '%1'; known presets: %2")
                                     .arg(name, names.join(QStringLiteral(", "))));
    }
    lastError_.clear();
    change(State{baseOf(name), name}, QStringLiteral("Preset %1").arg(name));
    return true;
}

bool ParamTableModel::resetToPaper() {
    if (!findPreset(presets_, kPaper))
        return refuse(QString(), QStringLiteral("this plugin has no paper preset"));
    lastError_.clear();
    change(State{paperParams_, kPaper}, QStringLiteral("Reset to paper"));
    return true;
}

QStringList ParamTableModel::setFromRun(const QString &preset, const QJsonObject &params) {
    // A run recorded by another version of the plugin may name keys or values this schema no
    // longer accepts: load what fits and say what did not, rather than refusing the whole run.
    State next;
    next.preset = findPreset(presets_, preset) ? preset : (findPreset(presets_, kPaper) ? kPaper : QString());
    next.params = baseOf(next.preset);
    QStringList problems;
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.key() == ParamSet::kTensorsKey)
            continue;  // input tensors are given per run (the command line's --tensor), not edited here
        try {
            // fromJson converts the JSON value as the schema expects; set() validates it again.
            const ParamSet parsed = ParamSet::fromJson(schema_, QJsonObject{{it.key(), it.value()}});
            next.params.set(it.key(), parsed.value(it.key()));
        } catch (const InputError &e) {
            problems << e.message();
        }
    }
    change(next, QStringLiteral("Parameters from run"));
    lastError_ = problems.join(QLatin1Char('\n'));
    return problems;
}

void ParamTableModel::change(const State &next, const QString &text) {
    if (next == state_)
        return;
    if (undoStack_)
        undoStack_->push(new ParamStateCommand(this, state_, next, text));  // the stack owns it
    else
        applyState(next);
}

void ParamTableModel::applyState(const State &next) {
    const bool presetSwitched = next.preset != state_.preset;
    const bool valuesChanged = next.params.toJson() != state_.params.toJson();
    state_ = next;
    if (presetSwitched)
        presetParams_ = baseOf(state_.preset);
    // Bold and markers depend on the preset, so every row may change; schemas are small.
    emitAllRowsChanged();
    if (presetSwitched)
        Q_EMIT presetChanged(state_.preset);
    if (valuesChanged || presetSwitched)
        Q_EMIT paramsChanged();
}

void ParamTableModel::emitAllRowsChanged() {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        const QModelIndex parent = index(static_cast<int>(g), 0);
        const int last = static_cast<int>(groupSpecs_[g].size()) - 1;
        Q_EMIT dataChanged(index(0, 0, parent), index(last, ColumnCount - 1, parent));
    }
}

// Group rows have internal id 0; a parameter row stores its group's row + 1.
QModelIndex ParamTableModel::index(int row, int column, const QModelIndex &parent) const {
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < static_cast<int>(groups_.size()) ? createIndex(row, column, quintptr{0}) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= static_cast<int>(groups_.size()))
        return {};
    if (row >= static_cast<int>(groupSpecs_[static_cast<std::size_t>(parent.row())].size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex ParamTableModel::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr{0});
}

int ParamTableModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid())
        return static_cast<int>(groups_.size());
    if (parent.internalId() == 0 && parent.column() == 0)
        return static_cast<int>(groupSpecs_[static_cast<std::size_t>(parent.row())].size());
    return 0;
}

int ParamTableModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

const ParamSpec *ParamTableModel::specAt(const QModelIndex &index) const {
    if (!index.isValid() || index.model() != this || index.internalId() == 0)
        return nullptr;
    const auto group = static_cast<std::size_t>(index.internalId() - 1);
    const auto spec = static_cast<std::size_t>(groupSpecs_[group][static_cast<std::size_t>(index.row())]);
    return &schema_.specs()[spec];
}

QModelIndex ParamTableModel::indexOf(const QString &key, int column) const {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        for (std::size_t r = 0; r < groupSpecs_[g].size(); ++r) {
            if (schema_.specs()[static_cast<std::size_t>(groupSpecs_[g][r])].key == key)
                return index(static_cast<int>(r), column, index(static_cast<int>(g), 0));
        }
    }
    return {};
}

QVariant ParamTableModel::valueData(const ParamSpec &spec, int role) const {
    const ParamValue &value = state_.params.value(spec.key);
    switch (role) {
        case Qt::DisplayRole:
            return displayValue(value);
        case Qt::EditRole:
            if (const auto *i = std::get_if<std::int64_t>(&value))
                return QVariant::fromValue(static_cast<qlonglong>(*i));
            if (const auto *b = std::get_if<bool>(&value))
                return *b;
            return formatValue(value);  // doubles are edited as text, exactly as parse() reads them
        case Qt::CheckStateRole:
            if (const auto *b = std::get_if<bool>(&value))
                return *b ? Qt::Checked : Qt::Unchecked;
            return {};
        case Qt::ToolTipRole: {
            QString tip = spec.allowed();
            if (findPreset(presets_, kPaper) && !(value == paperParams_.value(spec.key)))
                tip = QStringLiteral("paper: %1\n").arg(displayValue(paperParams_.value(spec.key))) + tip;
            return tip;
        }
        default:
            return {};
    }
}

QVariant ParamTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.model() != this)
        return {};
    if (index.internalId() == 0) {  // a group row
        const ParamGroup group = groups_[static_cast<std::size_t>(index.row())];
        if (index.column() != LabelColumn)
            return {};
        if (role == Qt::DisplayRole)
            return groupLabel(group);
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (role == Qt::ToolTipRole)
            return group == ParamGroup::Hardware ? QStringLiteral("The accelerator's configuration")
                                                 : QStringLiteral("What the accelerator runs");
        return {};
    }
    const ParamSpec &spec = *specAt(index);
    const ParamValue &value = state_.params.value(spec.key);
    switch (role) {
        case KeyRole:
            return spec.key;
        case DiffersFromPresetRole:
            return !(value == presetParams_.value(spec.key));
        case DiffersFromPaperRole:
            return findPreset(presets_, kPaper) && !(value == paperParams_.value(spec.key));
        case PaperValueRole:
            return displayValue(paperParams_.value(spec.key));
        case Qt::FontRole:
            if ((index.column() == LabelColumn || index.column() == ValueColumn) &&
                !(value == presetParams_.value(spec.key))) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        default:
            break;
    }
    switch (index.column()) {
        case LabelColumn:
            if (role == Qt::DisplayRole)
                return spec.label;
            if (role == Qt::ToolTipRole) {
                QString tip = QStringLiteral("<b>%1</b> <code>%2</code>")
                                  .arg(spec.label.toHtmlEscaped(), spec.key.toHtmlEscaped());
                if (!spec.doc.isEmpty())
                    tip += QStringLiteral("<br>") + spec.doc.toHtmlEscaped();
                tip += QStringLiteral("<br><i>Allowed: %1</i>").arg(spec.allowed().toHtmlEscaped());
                return tip;
            }
            return {};
        case ValueColumn:
            return valueData(spec, role);
        case UnitColumn:
            if (role == Qt::DisplayRole)
                return spec.unit;
            if (role == Qt::ForegroundRole)
                return theme::mutedText();
            return {};
        case AllowedColumn:
            if (role == Qt::DisplayRole)
                return shortAllowed(spec);
            if (role == Qt::ToolTipRole)
                return spec.allowed();
            if (role == Qt::ForegroundRole)
                return theme::mutedText();
            return {};
        default:
            return {};
    }
}

bool ParamTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    const ParamSpec *spec = specAt(index);
    if (!spec || index.column() != ValueColumn)
        return false;
    if (role == Qt::CheckStateRole && spec->type == ParamType::Bool)
        return setValue(spec->key, value.toInt() == Qt::Checked);
    if (role != Qt::EditRole)
        return false;
    switch (value.typeId()) {
        case QMetaType::Bool:
            return setValue(spec->key, value.toBool());
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
            return setValue(spec->key, static_cast<std::int64_t>(value.toLongLong()));
        case QMetaType::Double:
            return setValue(spec->key, value.toDouble());
        default:
            return setValueText(spec->key, value.toString());
    }
}

Qt::ItemFlags ParamTableModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == 0)
        return Qt::ItemIsEnabled;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == ValueColumn)
        flags |= specAt(index)->type == ParamType::Bool ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    return flags;
}

QVariant ParamTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case LabelColumn:
            return QStringLiteral("Parameter");
        case ValueColumn:
            return QStringLiteral("Value");
        case UnitColumn:
            return QStringLiteral("Unit");
        case AllowedColumn:
            return QStringLiteral("Allowed");
        default:
            return {};
    }
}

}  // namespace accelscope
