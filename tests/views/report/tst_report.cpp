// Reports of recorded DFX runs: the HTML's sections, inline figures, escaping of everything a user
// typed, the comparison of two runs, the PDF's pages and text, and the input a report refuses.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/api/errors.h"
#include "dfxcatalog.h"
#include "tests/support/dfxrun.h"
#include "tests/support/errorof.h"
#include "views/common/format.h"
#include "views/report/reportbuilder.h"

using namespace accelscope;
using accelscope::test::errorOf;

namespace {

const QString kHostile = QStringLiteral("<script>alert(\"x\")</script> & 'q'");
const QString kHostileEscaped =
    QStringLiteral("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");

PluginInfo dfxInfo() {
    QFile file(qEnvironmentVariable("ACCELSCOPE_SOURCE_DIR") + QStringLiteral("/plugins/dfx/dfx.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("dfx.json not found");
    return PluginInfo::fromJson(QJsonDocument::fromJson(file.readAll()).object());
}


}  // namespace

class TestReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString session_;
    RunId first_ = 0, second_ = 0, unfinished_ = 0;

    std::vector<ReportRun> load(const std::vector<RunId> &ids) {
        std::vector<ReportRun> runs = loadReportRuns(session_, chooseReportRuns(session_, ids));
        for (ReportRun &run : runs) {
            run.plugin = dfxInfo();
            run.pluginClaims = dfx::dfxClaims();
        }
        return runs;
    }

    QString html(const std::vector<RunId> &ids) { return buildReport(load(ids), session_).toHtml(); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // A file name a user could give, with every character HTML treats specially.
        session_ = dir_.filePath(QStringLiteral("a&b'<x>\".ascope"));
        RunStore store(session_);
        test::RecordedRun run = test::shortDfxRun(3);
        first_ = test::storeRun(store, run);
        // The second run differs in one parameter and carries hostile text in every field a user
        // (or an imported file) controls.
        run.record->info.params.insert(QStringLiteral("devices"), 2);
        run.record->info.params.insert(QStringLiteral("label"), kHostile);
        second_ = test::storeRun(store, run);
        store.setNotes(second_, kHostile + QStringLiteral("\nsecond line"));
        Claim claim = dfx::dfxClaims().front();
        claim.note = kHostile;
        store.recordClaims(second_, {judge(claim, 1.5, kHostile)});
        RunInfo running = run.record->info;
        unfinished_ = store.beginRun(running, run.record->topology, run.record->stepLevels);
    }

    void htmlHasEverySectionWithInlineFigures() {
        const QString text = html({first_});
        const QString run = QStringLiteral("run-%1").arg(first_);
        for (const QString &section : {QString(), QStringLiteral("-paper"), QStringLiteral("-params"),
                                       QStringLiteral("-metrics"), QStringLiteral("-claims"), QStringLiteral("-time"),
                                       QStringLiteral("-utilization"), QStringLiteral("-opkinds"),
                                       QStringLiteral("-baselines"), QStringLiteral("-dataflow"),
                                       QStringLiteral("-masks-0")})
            QVERIFY2(text.contains(QStringLiteral("id=\"%1%2\"").arg(run, section)), qPrintable(section));
        QVERIFY(text.contains(dfxInfo().paperTitle));
        QVERIFY(text.contains(QStringLiteral("MICRO 2022")));
        QVERIFY(text.contains(QStringLiteral("decode_ms_per_token")));
        QVERIFY(text.contains(QStringLiteral("4x V100")));
        // The plugin's claims combine several presets, so a single run names them as undecided.
        QVERIFY(text.contains(QStringLiteral("Not decided by this run: speedup_vs_4x_v100, "
                                             "energy_efficiency_vs_4x_v100")));
        // Self-contained: figures are inline SVG, nothing is fetched.
        QVERIFY(text.count(QStringLiteral("<svg")) >= 5);
        QVERIFY(!text.contains(QStringLiteral("src=\"")));
        QVERIFY(!text.contains(QStringLiteral("<link")));
        QVERIFY(!text.contains(QStringLiteral("<?xml")));
        // Ids inside the figures are made unique per figure.
        const QRegularExpression ids(QStringLiteral("\\bid=\"([^\"]+)\""));
        QSet<QString> seen;
        for (auto it = ids.globalMatch(text); it.hasNext();) {
            const QString id = it.next().captured(1);
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
        }
        QVERIFY(!text.contains(QStringLiteral("id=\"comparison\"")));
    }

    void userTextIsEscaped() {
        const QString text = html({second_});
        QVERIFY(!text.contains(QStringLiteral("<script")));
        QVERIFY(!text.contains(kHostile));
        QVERIFY(text.contains(kHostileEscaped + QStringLiteral("<br>second line")));  // notes
        QVERIFY(text.count(kHostileEscaped) >= 4);  // notes, parameter, claim note, claim detail
        QVERIFY(text.contains(QStringLiteral("a&amp;b&#39;&lt;x&gt;&quot;.ascope")));  // the session's name
        // The recorded claim is shown with its verdict.
        QVERIFY(text.contains(QStringLiteral("FAIL")));
        QVERIFY(text.contains(QStringLiteral("0 of 1 claims pass")));
    }

    void twoRunsAreCompared() {
        const QString text = html({first_, second_});
        QVERIFY(text.contains(QStringLiteral("id=\"comparison\"")));
        const QString compare = text.mid(text.indexOf(QStringLiteral("id=\"comparison\"")));
        QVERIFY(compare.contains(QStringLiteral("Metric deltas")));
        QVERIFY(compare.contains(QStringLiteral("decode_ms_per_token")));
        QVERIFY(compare.contains(QStringLiteral("Parameters that differ")));
        // devices 4 → 2 and the added label; the parameters both share are not listed.
        QVERIFY(compare.contains(QStringLiteral("<td>devices</td><td class=\"num\">4</td><td class=\"num\">2</td>")));
        QVERIFY(compare.contains(QStringLiteral("<td>label</td><td class=\"num\">—</td>")));
        QVERIFY(!compare.contains(QStringLiteral("<td>input_tokens</td>")));
        QVERIFY(!compare.contains(QStringLiteral("<script")));
    }

    void pdfHasPagesAndText() {
        const QString out = dir_.filePath(QStringLiteral("report.pdf"));
        const int pages = buildReport(load({first_, second_}), session_).write(out);
        QVERIFY2(pages > 2, qPrintable(QString::number(pages)));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(5).startsWith("%PDF-"));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        QProcess process;
        process.start(pdftotext, {out, QStringLiteral("-")});
        QVERIFY(process.waitForFinished(60000));
        // NFKC undoes the typographic ligatures (ff, fi) PDF text extraction gives back.
        const QString text = QString::fromUtf8(process.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
        QVERIFY(text.contains(QStringLiteral("AccelScope report — DFX")));
        QVERIFY(text.contains(QStringLiteral("Metrics against the baselines")));
        QVERIFY(text.contains(QStringLiteral("Parameters that differ")));
        QVERIFY(text.contains(kHostile.left(8)));  // shown as text, not swallowed as markup
        QCOMPARE(text.count(QLatin1Char('\f')), pages);
    }

    void latestCompleteRunIsChosen() {
        // The newest run never finished, so the one before it is reported.
        QCOMPARE(chooseReportRuns(session_, {}), std::vector<RunId>{second_});
    }

    void sweepReportChartsAndTabulatesEveryPoint() {
        // Three metrics-only points of one sweep over output_tokens, in their own session.
        const QString path = dir_.filePath(QStringLiteral("sweep.ascope"));
        RunStore store(path);
        SweepInfo sweep;
        sweep.pluginId = QStringLiteral("dfx");
        sweep.preset = QStringLiteral("paper");
        sweep.axes = QJsonObject{{QStringLiteral("output_tokens"), QJsonArray{16, 32, 64}},
                                 {QStringLiteral("order"), QJsonArray{QStringLiteral("output_tokens")}}};
        sweep.seed = 1;
        store.createSweep(sweep);
        const test::RecordedRun base = test::shortDfxRun(2);
        for (int point = 0; point < 3; ++point) {
            RunInfo info = base.record->info;
            info.params.insert(QStringLiteral("output_tokens"), 16 << point);
            info.sweepId = sweep.id;
            info.sweepPoint = point;
            info.traceRecorded = false;
            std::vector<Metric> metrics = base.record->metrics;
            for (Metric &m : metrics)
                m.value *= point + 1;
            const RunId id = store.beginRun(info, base.record->topology, base.record->stepLevels);
            store.finishRun(id, RunStatus::Complete, metrics, base.record->baselines);
        }
        SweepInfo chosen;
        const std::vector<RunId> ids = chooseSweepRuns(path, sweep.id, &chosen);
        QCOMPARE(ids.size(), std::size_t{3});
        QCOMPARE(chosen.pluginId, QStringLiteral("dfx"));
        std::vector<ReportRun> runs = loadReportRuns(path, ids);
        for (ReportRun &run : runs)
            run.plugin = dfxInfo();
        const QString text = buildSweepReport(std::move(runs), chosen, path).toHtml();
        QVERIFY(text.contains(QStringLiteral("Varied: output_tokens")));
        QVERIFY(text.contains(dfxInfo().paperTitle));
        QVERIFY(text.contains(QStringLiteral("latency_ms against output_tokens")));
        QVERIFY(text.count(QStringLiteral("<svg")) >= 1);
        // The shared parameters leave out the varied one; the points table lists each value.
        const qsizetype shared = text.indexOf(QStringLiteral("id=\"sweep-params\""));
        const qsizetype charts = text.indexOf(QStringLiteral("id=\"sweep-charts\""));
        QVERIFY(shared > 0 && charts > shared);
        QVERIFY(!text.mid(shared, charts - shared).contains(QStringLiteral("output_tokens")));
        QVERIFY(text.mid(shared, charts - shared).contains(QStringLiteral("input_tokens")));
        const QString points = text.mid(text.indexOf(QStringLiteral("id=\"sweep-points\"")));
        for (const int tokens : {16, 32, 64})
            QVERIFY2(points.contains(QStringLiteral("<td>%1</td>").arg(tokens)), qPrintable(QString::number(tokens)));
        const Metric *latency = findMetric(base.record->metrics, QStringLiteral("latency_ms"));
        QVERIFY(latency);
        QVERIFY(points.contains(QStringLiteral(">%1</td>").arg(format::number(latency->value * 3, 4))));

        // One point on its own: its results and the chart against the baselines, no trace figures.
        std::vector<ReportRun> one = loadReportRuns(path, chooseReportRuns(path, {ids.front()}));
        const QString single = buildReport(std::move(one), path).toHtml();
        QVERIFY(single.contains(QStringLiteral("Metrics only")));
        QVERIFY(single.contains(QStringLiteral("-baselines\"")));
        QVERIFY(!single.contains(QStringLiteral("-dataflow\"")));

        const QString message = errorOf([&] { writeReport(path, {}, dir_.filePath(QStringLiteral("s.html")), nullptr, 9); });
        QVERIFY2(message.contains(QStringLiteral("no sweep 9")) && message.contains(QStringLiteral("1 (dfx)")),
                 qPrintable(message));
    }

    void badInputIsNamed_data() {
        QTest::addColumn<QString>("session");
        QTest::addColumn<qint64>("run");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("missing session") << QStringLiteral("nope.ascope") << qint64(0) << QStringLiteral("r.html")
                                         << QStringList{QStringLiteral("nope.ascope"), QStringLiteral("does not exist")};
        QTest::newRow("unknown run") << QString() << qint64(99) << QStringLiteral("r.html")
                                     << QStringList{QStringLiteral("no run 99"), QStringLiteral("its runs: 1, 2, 3")};
        QTest::newRow("run not complete")
            << QString() << qint64(3) << QStringLiteral("r.pdf")
            << QStringList{QStringLiteral("run 3"), QStringLiteral("running, not complete")};
        QTest::newRow("wrong extension") << QString() << qint64(1) << QStringLiteral("r.docx")
                                         << QStringList{QStringLiteral("r.docx"), QStringLiteral(".html or .pdf")};
    }

    void badInputIsNamed() {
        QFETCH(QString, session);
        QFETCH(qint64, run);
        QFETCH(QString, out);
        QFETCH(QStringList, mentions);
        const QString path = session.isEmpty() ? session_ : dir_.filePath(session);
        const std::vector<RunId> runs = run > 0 ? std::vector<RunId>{run} : std::vector<RunId>{};
        const QString message = errorOf([&] { writeReport(path, runs, dir_.filePath(out), nullptr); });
        for (const QString &mention : mentions)
            QVERIFY2(message.contains(mention), qPrintable(message));
        QVERIFY(!QFile::exists(dir_.filePath(out)));
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
