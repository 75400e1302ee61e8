// accelscope-cli: run, check and record accelerator models without the desktop application.
#include <QCoreApplication>

#include "cli.h"

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("accelscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ACCELSCOPE_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return accelscope::cli::Cli().run(arguments);
}
