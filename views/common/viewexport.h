#pragma once
// Saves what a view shows as a PNG (pixels, at the screen's device pixel ratio) or an SVG
// (vectors, via QSvgGenerator), chosen by the file's extension.

#include <QString>

class QWidget;

namespace accelscope {

// Throws InputError naming the file when the extension is neither .png nor .svg, or when the file
// cannot be written.
void exportWidget(QWidget &widget, const QString &path, const QString &title = {});

}  // namespace accelscope
