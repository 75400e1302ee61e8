#include "texttable.h"

#include <algorithm>

namespace accelscope::cli {

QString TextTable::render(int indent) const {
    std::vector<qsizetype> widths(static_cast<std::size_t>(header_.size()), 0);
    const auto measure = [&widths](const QStringList &cells) {
        for (qsizetype c = 0; c < cells.size() && c < static_cast<qsizetype>(widths.size()); ++c)
            widths[static_cast<std::size_t>(c)] =
                std::max(widths[static_cast<std::size_t>(c)], cells[c].size());
    };
    measure(header_);
    for (const QStringList &row : rows_)
        measure(row);
    const auto line = [&](const QStringList &cells) -> QString {
        QString text(indent, QLatin1Char(' '));
        for (qsizetype c = 0; c < static_cast<qsizetype>(widths.size()); ++c) {
            const QString cell = cells.value(c);
            const bool last = c + 1 == static_cast<qsizetype>(widths.size());
            text += last ? cell : cell.leftJustified(widths[static_cast<std::size_t>(c)] + 2);
        }
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QString text = line(header_);
    for (const QStringList &row : rows_)
        text += line(row);
    return text;
}

}  // namespace accelscope::cli
