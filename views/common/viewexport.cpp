#include "views/common/viewexport.h"

#include <QFileInfo>
#include <QPainter>
#include <QPixmap>
#include <QSvgGenerator>
#include <QWidget>

#include "core/api/errors.h"

namespace accelscope {

void exportWidget(QWidget &widget, const QString &path, const QString &title) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("png")) {
        const QPixmap pixels = widget.grab();
        if (!pixels.save(path, "PNG"))
            throw InputError(QStringLiteral("cannot write the image '%1': check that its folder exists and is writable")
                                 .arg(path));
        return;
    }
    if (suffix == QStringLiteral("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget.size());
        svg.setViewBox(QRect(QPoint(0, 0), widget.size()));
        svg.setTitle(title.isEmpty() ? widget.windowTitle() : title);
        svg.setDescription(QStringLiteral("Exported from AccelScope"));
        QPainter painter;
        if (!painter.begin(&svg))
            throw InputError(QStringLiteral("cannot write the drawing '%1': check that its folder exists and is writable")
                                 .arg(path));
        widget.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        painter.end();
        return;
    }
    throw InputError(QStringLiteral("cannot export to '%1': the file name must end in .png or .svg").arg(path));
}

}  // namespace accelscope
