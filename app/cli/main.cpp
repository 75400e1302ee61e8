// accelscope-cli: run, check and record accelerator models without the desktop application.
#include <cstring>
#include <memory>

#include <QApplication>
#include <QCoreApplication>

#include "cli.h"

namespace {

QtMessageHandler defaultHandler = nullptr;

// Offscreen rendering talks about windows that are never shown; none of it concerns the user.
void quietRendering(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if (type == QtWarningMsg && (message.contains(QLatin1String("propagateSizeHints")) ||
                                 message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR"))))
        return;
    defaultHandler(type, context, message);
}

}  // namespace

int main(int argc, char *argv[]) {
    // Only `report` draws (its figures are the application's views), so only it needs a
    // QApplication; it renders offscreen unless the user picked a platform.
    std::unique_ptr<QCoreApplication> app;
    if (argc > 1 && std::strcmp(argv[1], "report") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        defaultHandler = qInstallMessageHandler(quietRendering);
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("accelscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ACCELSCOPE_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return accelscope::cli::Cli().run(arguments);
}
