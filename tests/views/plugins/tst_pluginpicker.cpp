// PluginListModel and PluginPicker: plugins grouped by family, filtering, the detail panel and
// the pluginChosen signal.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTextBrowser>
#include <QTreeView>

#include "tests/support/reviewshot.h"
#include "views/plugins/pluginlistmodel.h"
#include "views/plugins/pluginpicker.h"

using namespace accelscope;

namespace {

PluginInfo plugin(const QString &id, const QString &name, const QString &family, const QString &title,
                  QStringList authors, const QString &venue, int year, const QString &summary) {
    PluginInfo info;
    info.id = id;
    info.name = name;
    info.family = family;
    info.paperTitle = title;
    info.authors = std::move(authors);
    info.venue = venue;
    info.year = year;
    info.summary = summary;
    info.views = {QStringLiteral("dataflow"), QStringLiteral("timeline")};
    info.apiVersion = kPluginApiVersion;
    return info;
}

std::vector<PluginInfo> fakePlugins() {
    return {
        plugin(QStringLiteral("zkspeed"), QStringLiteral("zkSpeed"), QStringLiteral("zk"),
               QStringLiteral("Accelerating HyperPlonk proofs"), {QStringLiteral("A. Author")},
               QStringLiteral("ISCA"), 2025, QStringLiteral("Sum-check and MSM units.")),
        plugin(QStringLiteral("dfx"), QStringLiteral("DFX"), QStringLiteral("llm"),
               QStringLiteral("DFX: A Low-latency Multi-FPGA Appliance"),
               {QStringLiteral("Seongmin Hong"), QStringLiteral("Joo-Young Kim")}, QStringLiteral("MICRO"),
               2022, QStringLiteral("Four FPGAs on a ring run GPT-2 <fast> & well.")),
        plugin(QStringLiteral("ditto"), QStringLiteral("Ditto"), QStringLiteral("diffusion"),
               QStringLiteral("Ditto: similarity in diffusion"), {QStringLiteral("C. Writer")},
               QStringLiteral("ISCA"), 2024, QStringLiteral("Temporal similarity of activations.")),
        plugin(QStringLiteral("cambricon-llm"), QStringLiteral("Cambricon-LLM"), QStringLiteral("llm"),
               QStringLiteral("Cambricon-LLM: chiplet flash LLM"), {QStringLiteral("D. Person")},
               QStringLiteral("MICRO"), 2024, QStringLiteral("Flash-based on-device LLM.")),
        plugin(QStringLiteral("quasar"), QStringLiteral("Quasar"), QStringLiteral("astronomy"),
               QStringLiteral("Quasar detection"), {}, QString(), 0, QString()),
    };
}

}  // namespace

class TestPluginPicker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void familyLabels() {
        QCOMPARE(PluginListModel::familyLabel(QStringLiteral("llm")), QStringLiteral("LLM inference"));
        QCOMPARE(PluginListModel::familyLabel(QStringLiteral("zk")), QStringLiteral("Zero-knowledge proofs"));
        QCOMPARE(PluginListModel::familyLabel(QStringLiteral("rl")),
                 QStringLiteral("Reinforcement learning"));
        QCOMPARE(PluginListModel::familyLabel(QStringLiteral("astronomy")), QStringLiteral("Astronomy"));
    }

    void groupsByFamilyInTheDesignsOrder() {
        PluginListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlugins(fakePlugins());
        QStringList families;
        for (int f = 0; f < model.rowCount(); ++f)
            families << model.index(f, 0).data().toString();
        QCOMPARE(families,
                 (QStringList{QStringLiteral("LLM inference"), QStringLiteral("Diffusion"),
                              QStringLiteral("Zero-knowledge proofs"), QStringLiteral("Astronomy")}));
        const QModelIndex llm = model.index(0, 0);
        QCOMPARE(model.rowCount(llm), 2);
        // Sorted by name within the family.
        QCOMPARE(model.index(0, 0, llm).data().toString(), QStringLiteral("Cambricon-LLM"));
        QCOMPARE(model.index(1, 0, llm).data().toString(), QStringLiteral("DFX"));
        QCOMPARE(model.index(1, PluginListModel::PaperColumn, llm).data().toString(),
                 QStringLiteral("MICRO 2022"));
        QCOMPARE(model.index(1, 0, llm).data(PluginListModel::PluginIdRole).toString(),
                 QStringLiteral("dfx"));
        QCOMPARE(model.indexOf(QStringLiteral("ditto")).parent().row(), 1);
        QVERIFY(!model.indexOf(QStringLiteral("missing")).isValid());
        QVERIFY(!(model.flags(llm) & Qt::ItemIsSelectable));
        QVERIFY(model.flags(model.index(0, 0, llm)) & Qt::ItemIsSelectable);
        model.setPlugins({});
        QCOMPARE(model.rowCount(), 0);
    }

    void recursiveFilterKeepsFamiliesOfMatches() {
        PluginListModel model;
        QSortFilterProxyModel proxy;
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterRole(PluginListModel::SearchTextRole);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlugins(fakePlugins());
        proxy.setFilterFixedString(QStringLiteral("joo-young"));  // an author
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("LLM inference"));
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
        QCOMPARE(proxy.index(0, 0, proxy.index(0, 0)).data().toString(), QStringLiteral("DFX"));
        proxy.setFilterFixedString(QStringLiteral("isca"));
        QCOMPARE(proxy.rowCount(), 2);
    }

    void detailsAreEscaped() {
        const QString html = PluginPicker::detailsHtml(fakePlugins()[1]);
        QVERIFY(html.contains(QStringLiteral("GPT-2 &lt;fast&gt; &amp; well.")));
        QVERIFY(!html.contains(QStringLiteral("<fast>")));
        QVERIFY(html.contains(QStringLiteral("Seongmin Hong, Joo-Young Kim")));
        QVERIFY(html.contains(QStringLiteral("MICRO 2022")));
        QVERIFY(html.contains(QStringLiteral("Dataflow · Timeline")));
    }

    void pickerShowsAndChooses() {
        PluginPicker picker;
        picker.setPlugins(fakePlugins());
        picker.resize(700, 500);
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &PluginPicker::pluginChosen);

        QVERIFY(picker.currentPlugin().isEmpty());
        QVERIFY(!picker.useButton()->isEnabled());
        QVERIFY(picker.details()->toPlainText().contains(QStringLiteral("Choose an accelerator")));

        picker.setCurrentPlugin(QStringLiteral("dfx"));
        QCOMPARE(picker.currentPlugin(), QStringLiteral("dfx"));
        QVERIFY(picker.useButton()->isEnabled());
        const QString text = picker.details()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("DFX: A Low-latency Multi-FPGA Appliance")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("GPT-2 <fast> & well.")), qPrintable(text));
        test::saveReviewShot(picker, QStringLiteral("plugin-picker.png"));

        picker.useButton()->click();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("dfx"));

        // Enter on the tree chooses, on a family row it does not.
        picker.view()->setFocus();
        QTest::keyClick(picker.view(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 2);
        picker.view()->setCurrentIndex(picker.proxy()->index(0, 0));
        QTest::keyClick(picker.view(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 2);
        QVERIFY(!picker.useButton()->isEnabled());

        // Double click chooses.
        const QModelIndex ditto =
            picker.proxy()->mapFromSource(picker.model()->indexOf(QStringLiteral("ditto")));
        const QRect rect = picker.view()->visualRect(ditto);
        QTest::mouseClick(picker.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(picker.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(chosen.count(), 3);
        QCOMPARE(chosen.at(2).at(0).toString(), QStringLiteral("ditto"));
    }

    void filterFromTheKeyboard() {
        PluginPicker picker;
        picker.setPlugins(fakePlugins());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &PluginPicker::pluginChosen);
        QTest::keyClicks(picker.filterEdit(), QStringLiteral("similarity"));
        QCOMPARE(picker.currentPlugin(), QStringLiteral("ditto"));  // the first match is highlighted
        QTest::keyClick(picker.filterEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("ditto"));

        picker.filterEdit()->setText(QStringLiteral("no such paper"));
        QVERIFY(picker.currentPlugin().isEmpty());
        QVERIFY(picker.details()->toPlainText().contains(QStringLiteral("No plugin matches")));
        // Choosing a hidden plugin clears the filter.
        picker.setCurrentPlugin(QStringLiteral("zkspeed"));
        QVERIFY(picker.filterEdit()->text().isEmpty());
        QCOMPARE(picker.currentPlugin(), QStringLiteral("zkspeed"));
    }
};

QTEST_MAIN(TestPluginPicker)
#include "tst_pluginpicker.moc"
