// accelscope-iconrender: renders the application's SVG icon into the PNG sizes of the hicolor
// theme at build time, so only the SVG is kept in the source tree.
//   accelscope-iconrender ICON.svg OUT_DIR SIZE...   writes OUT_DIR/<SIZE>x<SIZE>/<name>.png

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QTextStream err(stderr);
    if (args.size() < 4) {
        err << "usage: accelscope-iconrender ICON.svg OUT_DIR SIZE...\n";
        return 2;
    }
    const QString svgPath = args.at(1);
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        err << "accelscope-iconrender: " << svgPath << " is not a readable SVG file\n";
        return 2;
    }
    const QString name = QFileInfo(svgPath).completeBaseName();
    for (const QString &sizeText : args.mid(3)) {
        bool ok = false;
        const int size = sizeText.toInt(&ok);
        if (!ok || size < 8 || size > 1024) {
            err << "accelscope-iconrender: size '" << sizeText << "' is not a pixel size from 8 to 1024\n";
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            renderer.render(&painter);
        }
        const QString folder = QStringLiteral("%1/%2x%2").arg(args.at(2)).arg(size);
        const QString out = folder + QLatin1Char('/') + name + QStringLiteral(".png");
        if (!QDir().mkpath(folder) || !image.save(out, "PNG")) {
            err << "accelscope-iconrender: cannot write " << out << "\n";
            return 1;
        }
    }
    return 0;
}
