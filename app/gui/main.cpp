// accelscope: the desktop application. `accelscope [SESSION.ascope]` opens a session (the default
// session when none is given) with every installed plugin.

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QSettings>

#include "app/gui/apptheme.h"
#include "app/gui/mainwindow.h"
#include "core/registry/pluginregistry.h"

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("accelscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("AccelScope"));
    QApplication::setOrganizationName(QStringLiteral("accelscope"));
    QApplication::setApplicationVersion(QStringLiteral(ACCELSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.accelscope.AccelScope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Visualize and profile functional and timing models of hardware accelerators."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("A session file (.ascope) to open."),
                                 QStringLiteral("[SESSION.ascope]"));
    QCommandLineOption themeOption(QStringLiteral("theme"), QStringLiteral("Colour theme: system, light or dark."),
                                   QStringLiteral("theme"));
    parser.addOption(themeOption);
    QCommandLineOption viewOption(QStringLiteral("view"),
                                  QStringLiteral("Bring a view to the front, e.g. \"Memory banks\" (repeatable)."),
                                  QStringLiteral("name"));
    parser.addOption(viewOption);
    QCommandLineOption compareOption(QStringLiteral("compare"),
                                     QStringLiteral("Open two runs of the session side by side, e.g. 1,2."),
                                     QStringLiteral("A,B"));
    parser.addOption(compareOption);
    parser.process(app);

    QString theme = QSettings().value(QStringLiteral("ui/theme")).toString();
    if (parser.isSet(themeOption)) {
        theme = parser.value(themeOption);
        if (theme != QStringLiteral("system") && theme != QStringLiteral("light") && theme != QStringLiteral("dark")) {
            qCritical().noquote() << QStringLiteral("accelscope: --theme '%1' is not a theme; use system, light or dark").arg(theme);
            return 2;
        }
    }
    accelscope::applyAppTheme(accelscope::appThemeFromString(theme));

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        qCritical().noquote() << QStringLiteral("accelscope: give one session file, not %1").arg(positional.size());
        return 2;
    }
    accelscope::PluginRegistry registry;
    accelscope::MainWindow window(registry, positional.value(0));
    for (const QString &view : parser.values(viewOption)) {
        if (!window.viewNames().contains(view)) {
            qCritical().noquote() << QStringLiteral("accelscope: --view '%1' is not a view; the views are: %2")
                                         .arg(view, window.viewNames().join(QStringLiteral(", ")));
            return 2;
        }
        window.dock(view)->show();
        window.dock(view)->raise();
    }
    window.show();
    if (parser.isSet(compareOption)) {
        const QStringList ids = parser.value(compareOption).split(QLatin1Char(','));
        bool okA = false, okB = false;
        const qint64 a = ids.value(0).toLongLong(&okA), b = ids.value(1).toLongLong(&okB);
        if (ids.size() != 2 || !okA || !okB || a < 1 || b < 1) {
            qCritical().noquote() << QStringLiteral("accelscope: --compare '%1' is not two run ids; use e.g. --compare 1,2 "
                                                    "(accelscope-cli runs FILE lists them)")
                                         .arg(parser.value(compareOption));
            return 2;
        }
        window.compareRuns(static_cast<accelscope::RunId>(a), static_cast<accelscope::RunId>(b));
    }
    return QApplication::exec();
}
