#include "views/claims/claimtablemodel.h"

#include <cmath>

#include <QColor>
#include <QFont>

#include "views/common/format.h"
#include "views/common/theme.h"

namespace accelscope {

namespace {
// "5.58", "2", "0.031": no trailing zeros, so paper and model values line up by magnitude.
QString plain(double value) {
    return std::abs(value) >= 1e4 ? format::number(value, 4) : QString::number(value, 'g', 4);
}

QString withUnit(const QString &value, const QString &unit) {
    return unit.isEmpty() ? value : value + QLatin1Char(' ') + unit;
}

QString paperValueText(const Claim &claim) {
    if (claim.rangeLow && claim.rangeHigh)
        return withUnit(QStringLiteral("%1 – %2").arg(plain(*claim.rangeLow), plain(*claim.rangeHigh)),
                        claim.unit);
    return withUnit(plain(claim.paperValue), claim.unit);
}

QString toleranceText(const Claim &claim) {
    if (claim.rangeLow && claim.rangeHigh)
        return ClaimTableModel::tr("inside range");
    return QStringLiteral("± %1 %").arg(QString::number(claim.tolerance * 100, 'g', 3));
}

QString signedPercent(double fraction) {
    if (!std::isfinite(fraction))
        return QStringLiteral("—");
    const QString text = format::percent(std::abs(fraction));
    if (fraction > 0)
        return QLatin1Char('+') + text;
    if (fraction < 0)
        return QChar(0x2212) + text;  // a real minus sign lines up with the plus
    return text;
}
}  // namespace

ClaimTableModel::ClaimTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ClaimTableModel::setClaims(std::vector<ClaimResult> claims) {
    beginResetModel();
    claims_ = std::move(claims);
    endResetModel();
}

int ClaimTableModel::passCount() const {
    int passed = 0;
    for (const ClaimResult &result : claims_)
        passed += result.pass ? 1 : 0;
    return passed;
}

int ClaimTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(claims_.size());
}

int ClaimTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QColor ClaimTableModel::passColor() {
    return theme::isDark() ? QColor(0x5f, 0xd3, 0x8a) : QColor(0x1e, 0x7e, 0x3e);
}

QColor ClaimTableModel::failColor() {
    return theme::isDark() ? QColor(0xff, 0x7b, 0x7b) : QColor(0xc0, 0x1c, 0x28);
}

QVariant ClaimTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClaimResult &result = claims_[static_cast<std::size_t>(index.row())];
    const Claim &claim = result.claim;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
            case Id:
                return claim.id;
            case Statement:
                return claim.statement;
            case PaperValue:
                return paperValueText(claim);
            case ModelValue:
                return withUnit(plain(result.modelValue), claim.unit);
            case Error:
                return signedPercent(result.relativeError);
            case Verdict:
                return result.pass ? QStringLiteral("PASS") : QStringLiteral("FAIL");
            case Tolerance:
                return toleranceText(claim);
            case Source:
                return claim.sourceTag;
            case Note:
                return claim.note;
            case ColumnCount:
                break;
        }
        return {};
    }
    if (role == Qt::EditRole) {
        // Raw numbers, so a sort proxy orders values and errors numerically.
        switch (column) {
            case PaperValue:
                return claim.paperValue;
            case ModelValue:
                return result.modelValue;
            case Error:
                return result.relativeError;
            case Verdict:
                return result.pass;
            case Tolerance:
                return claim.tolerance;
            default:
                return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ForegroundRole && column == Verdict)
        return result.pass ? passColor() : failColor();
    if (role == Qt::BackgroundRole && column == Verdict) {
        QColor tint = result.pass ? passColor() : failColor();
        tint.setAlpha(theme::isDark() ? 48 : 30);  // a wash behind the coloured text
        return tint;
    }
    if (role == Qt::FontRole && column == Verdict) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
            case PaperValue:
            case ModelValue:
            case Error:
            case Tolerance:
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            case Verdict:
            case Source:
                return QVariant::fromValue(Qt::AlignCenter);
            default:
                return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole) {
        QStringList lines{QStringLiteral("<b>%1</b>").arg(claim.statement.toHtmlEscaped())};
        lines.push_back(tr("Metric: %1 (%2)").arg(claim.metric.toHtmlEscaped(), toString(claim.aggregate)));
        if (!claim.presets.isEmpty())
            lines.push_back(tr("Presets: %1").arg(claim.presets.join(QStringLiteral(", ")).toHtmlEscaped()));
        lines.push_back(tr("Paper %1, model %2, error %3 (%4)")
                            .arg(paperValueText(claim).toHtmlEscaped(),
                                 withUnit(plain(result.modelValue), claim.unit).toHtmlEscaped(),
                                 signedPercent(result.relativeError), toleranceText(claim)));
        if (!result.detail.isEmpty())
            lines.push_back(tr("Detail: %1").arg(result.detail.toHtmlEscaped()));
        if (!claim.note.isEmpty())
            lines.push_back(tr("Note: %1").arg(claim.note.toHtmlEscaped()));
        return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
            .arg(lines.join(QStringLiteral("<br>")));
    }
    return {};
}

QVariant ClaimTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
        case Id:
            return tr("Claim");
        case Statement:
            return tr("Statement");
        case PaperValue:
            return tr("Paper");
        case ModelValue:
            return tr("Model");
        case Error:
            return tr("Error");
        case Verdict:
            return tr("Verdict");
        case Tolerance:
            return tr("Tolerance");
        case Source:
            return tr("Source");
        case Note:
            return tr("Note");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace accelscope
