#pragma once
// The validate table as an item model: one row per claim with the paper's value (or range), the
// model's value, the error, PASS/FAIL, the tolerance, the source tag and the note.

#include <vector>

#include <QAbstractTableModel>

#include "core/api/claim.h"

namespace accelscope {

class ClaimTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Id,
        Statement,
        PaperValue,
        ModelValue,
        Error,
        Verdict,
        Tolerance,
        Source,
        Note,
        ColumnCount
    };

    explicit ClaimTableModel(QObject *parent = nullptr);

    void setClaims(std::vector<ClaimResult> claims);
    const std::vector<ClaimResult> &claims() const { return claims_; }
    int passCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Palette-aware verdict colours (text on the table's base colour).
    static QColor passColor();
    static QColor failColor();

private:
    std::vector<ClaimResult> claims_;
};

}  // namespace accelscope
