#pragma once
// Plain-text tables for the human-readable output: columns padded to their widest cell.

#include <vector>

#include <QString>
#include <QStringList>

namespace accelscope::cli {

class TextTable {
public:
    explicit TextTable(QStringList header) : header_(std::move(header)) {}
    void addRow(QStringList cells) { rows_.push_back(std::move(cells)); }
    bool isEmpty() const { return rows_.empty(); }
    // Every line indented by `indent` spaces; the last column is not padded.
    QString render(int indent = 2) const;

private:
    QStringList header_;
    std::vector<QStringList> rows_;
};

}  // namespace accelscope::cli
