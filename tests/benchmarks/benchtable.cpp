// benchtable: prints the results of several Google Benchmark JSON files (--benchmark_out) as one
// table: the time per iteration, the budget (tests/benchmarks/budget.h), the ratio to it and to the
// measured limit, then every other counter. `make bench` runs it over every benchmark's output.
//
//   benchtable RESULT.json... [--markdown]

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace {

// Keys Google Benchmark writes itself; everything else on a result is a user counter.
const std::set<QString> &standardKeys() {
    static const std::set<QString> keys = {
        QStringLiteral("name"), QStringLiteral("family_index"), QStringLiteral("per_family_instance_index"),
        QStringLiteral("run_name"), QStringLiteral("run_type"), QStringLiteral("repetitions"),
        QStringLiteral("repetition_index"), QStringLiteral("threads"), QStringLiteral("iterations"),
        QStringLiteral("real_time"), QStringLiteral("cpu_time"), QStringLiteral("time_unit"),
        QStringLiteral("aggregate_name"), QStringLiteral("aggregate_unit"), QStringLiteral("label"),
        QStringLiteral("error_occurred"), QStringLiteral("error_message"), QStringLiteral("budget_ms"),
        QStringLiteral("ratio"), QStringLiteral("limit_ratio")};
    return keys;
}

QString number(double value) {
    if (value != 0 && (std::abs(value) >= 1e6 || std::abs(value) < 1e-2))
        return QString::number(value, 'g', 3);
    return QString::number(value, 'f', std::abs(value) >= 100 ? 0 : (std::abs(value) >= 10 ? 1 : 2));
}

double toMilliseconds(double value, const QString &unit) {
    if (unit == QLatin1String("ns"))
        return value / 1e6;
    if (unit == QLatin1String("us"))
        return value / 1e3;
    if (unit == QLatin1String("s"))
        return value * 1e3;
    return value;
}

// "BM_Reopen10M/iterations:3/manual_time" → "BM_Reopen10M": how the time was taken is the
// library's business, not the reader's.
QString shortName(QString name) {
    static const QRegularExpression kSuffixes(QStringLiteral("/(iterations:\\d+|manual_time|real_time)"));
    return name.remove(kSuffixes);
}

QString duration(double ms) {
    if (ms >= 1 || ms == 0)
        return number(ms) + QStringLiteral(" ms");
    if (ms >= 1e-3)
        return number(ms * 1e3) + QStringLiteral(" µs");
    return number(ms * 1e6) + QStringLiteral(" ns");
}

QStringList rowFor(const QJsonObject &result) {
    const QString name = shortName(result.value(QStringLiteral("name")).toString());
    if (result.value(QStringLiteral("error_occurred")).toBool())
        return {name, QStringLiteral("error: ") + result.value(QStringLiteral("error_message")).toString(), {}, {}, {}, {}};
    const double ms = toMilliseconds(result.value(QStringLiteral("real_time")).toDouble(),
                                     result.value(QStringLiteral("time_unit")).toString());
    auto optional = [&](const char *key) {
        const QJsonValue value = result.value(QLatin1String(key));
        return value.isDouble() ? number(value.toDouble()) : QString();
    };
    QStringList others;
    for (auto it = result.begin(); it != result.end(); ++it) {
        if (standardKeys().count(it.key()) == 0 && it.value().isDouble())
            others << it.key() + QLatin1Char('=') + number(it.value().toDouble());
    }
    const QString budget = result.contains(QStringLiteral("budget_ms")) ? optional("budget_ms") + QStringLiteral(" ms") : QString();
    return {name, duration(ms), budget, optional("ratio"), optional("limit_ratio"),
            others.join(QStringLiteral(" "))};
}

void printTable(const std::vector<QStringList> &rows, bool markdown) {
    std::vector<qsizetype> widths(rows.front().size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[static_cast<std::size_t>(i)] = std::max(widths[static_cast<std::size_t>(i)], row[i].size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        QString line = markdown ? QStringLiteral("| ") : QString();
        for (qsizetype i = 0; i < rows[r].size(); ++i) {
            const bool last = i + 1 == rows[r].size();
            line += last && !markdown ? rows[r][i] : rows[r][i].leftJustified(widths[static_cast<std::size_t>(i)]);
            if (!last)
                line += markdown ? QStringLiteral(" | ") : QStringLiteral("  ");
        }
        if (markdown)
            line += QStringLiteral(" |");
        std::printf("%s\n", line.trimmed().toUtf8().constData());
        if (r == 0) {
            QStringList rule;
            for (const qsizetype width : widths)
                rule << QString(std::max<qsizetype>(width, 3), QLatin1Char('-'));
            std::printf("%s\n", (markdown ? QStringLiteral("| ") + rule.join(QStringLiteral(" | ")) + QStringLiteral(" |")
                                          : rule.join(QStringLiteral("  ")))
                                    .toUtf8()
                                    .constData());
        }
    }
}

}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QStringList files = QCoreApplication::arguments().mid(1);
    const bool markdown = files.removeAll(QStringLiteral("--markdown")) > 0;
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: benchtable RESULT.json... [--markdown]\n");
        return 2;
    }
    std::vector<QStringList> rows = {{QStringLiteral("Benchmark"), QStringLiteral("Time"), QStringLiteral("Budget"),
                                      QStringLiteral("Ratio"), QStringLiteral("Limit ratio"),
                                      QStringLiteral("Figures")}};
    QString context;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "benchtable: cannot read %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
            return 2;
        }
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            std::fprintf(stderr, "benchtable: %s is not Google Benchmark JSON (offset %d: %s)\n", qPrintable(path),
                         error.offset, qPrintable(error.errorString()));
            return 2;
        }
        if (context.isEmpty()) {
            const QJsonObject c = document.object().value(QStringLiteral("context")).toObject();
            context = QStringLiteral("%1 CPUs at %2 MHz, %3 build of the benchmark library, %4")
                          .arg(c.value(QStringLiteral("num_cpus")).toInt())
                          .arg(c.value(QStringLiteral("mhz_per_cpu")).toInt())
                          .arg(c.value(QStringLiteral("library_build_type")).toString(),
                               c.value(QStringLiteral("date")).toString());
        }
        for (const QJsonValue &value : document.object().value(QStringLiteral("benchmarks")).toArray()) {
            const QJsonObject result = value.toObject();
            if (result.value(QStringLiteral("run_type")).toString() == QLatin1String("aggregate"))
                continue;
            rows.push_back(rowFor(result));
        }
    }
    std::printf("%s\nRatio: time over the DESIGN.md budget (below 1 is within it). Limit ratio: time over the "
                "practical limit measured on this machine.\n\n",
                qPrintable(context));
    printTable(rows, markdown);
    return 0;
}
