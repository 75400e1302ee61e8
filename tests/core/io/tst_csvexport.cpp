// CSV export: one row per event, counter sample, metric and marker, with user text quoted so a
// standard CSV reader gets it back unchanged.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/io/csvexport.h"
#include "core/io/traceexport.h"
#include "tests/support/tracefixture.h"

using namespace accelscope;
using namespace accelscope::test;

namespace {
// An RFC 4180 reader, written independently of the exporter: quoted fields may hold commas,
// doubled quotes and line breaks.
std::vector<QStringList> readCsv(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    std::vector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            row << field;
            rows.push_back(row);
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}
}  // namespace

class TestCsvExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void siblingFileNames() {
        QCOMPARE(csvExportFiles(QStringLiteral("out/run.csv")),
                 (QStringList{QStringLiteral("out/run.csv"), QStringLiteral("out/run.counters.csv"),
                              QStringLiteral("out/run.metrics.csv"), QStringLiteral("out/run.markers.csv")}));
        QCOMPARE(csvExportFiles(QStringLiteral("run")).at(1), QStringLiteral("run.counters.csv"));
    }

    void rowsReadBackWithTheirText() {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("s.ascope")));
        const TraceFixture fixture;
        const RunId run = fixture.store(store);
        const QString path = dir.filePath(QStringLiteral("run.csv"));
        const TraceExportSummary summary = exportTrace(TraceBlockReader(store.path()), run, TraceFormat::Csv, path);
        QCOMPARE(summary.files, csvExportFiles(path));

        const std::vector<QStringList> events = readCsv(path);
        QCOMPARE(events.size(), std::size_t{1 + 9});
        QCOMPARE(events[0].join(QLatin1Char(',')), QStringLiteral("unit,op,label,begin_ps,end_ps,bytes,flops,step"));
        // In recorded order, as the store keeps them.
        QCOMPARE(events[1], (QStringList{QStringLiteral("chip/core/MPU"), QStringLiteral("matrix"), TraceFixture::kTrickyLabel,
                                         QStringLiteral("0"), QStringLiteral("1000"), QStringLiteral("64"),
                                         QStringLiteral("2048"), QStringLiteral("0")}));
        QCOMPARE(events[4].mid(3, 2), (QStringList{QStringLiteral("1234567"), QStringLiteral("1234568")}));
        QCOMPARE(events[5].at(7), QStringLiteral("1"));
        QCOMPARE(events[9].mid(0, 3), (QStringList{QStringLiteral("host/dma"), QStringLiteral("transfer"),
                                                   QStringLiteral("copy,a")}));
        for (const QStringList &row : events)
            QCOMPARE(row.size(), 8);

        const std::vector<QStringList> counters = readCsv(csvExportFiles(path)[1]);
        QCOMPARE(counters.size(), std::size_t{1 + 3});
        QCOMPARE(counters[2], (QStringList{QStringLiteral("chip/hbm/bank0"), QStringLiteral("B"), QStringLiteral("500"),
                                           QStringLiteral("1500000")}));
        QCOMPARE(counters[3].at(0), QStringLiteral("queue \"depth\", host"));

        const std::vector<QStringList> metrics = readCsv(csvExportFiles(path)[2]);
        QCOMPARE(metrics.size(), std::size_t{1 + 3});
        QCOMPARE(metrics[1], (QStringList{QStringLiteral("model"), QStringLiteral("latency_ms"), QStringLiteral("1.25"),
                                          QStringLiteral("ms")}));
        QCOMPARE(metrics[2].at(1), QStringLiteral("odd, \"name\""));
        QCOMPARE(metrics[3], (QStringList{QStringLiteral("4x V100"), QStringLiteral("latency_ms"), QStringLiteral("3.5"),
                                          QStringLiteral("ms")}));

        const std::vector<QStringList> markers = readCsv(csvExportFiles(path)[3]);
        QCOMPARE(markers.size(), std::size_t{1 + 2});
        QCOMPARE(markers[1], (QStringList{QStringLiteral("1000"), QStringLiteral("layer"), QStringLiteral("0"),
                                          QStringLiteral("layer 0 done, \"fast\"")}));
        QCOMPARE(markers[2].at(1), QStringLiteral("token"));
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
