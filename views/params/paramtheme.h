#pragma once
// Colours the parameter editor adds to the shared theme: refused input and the paper marker.
// Light and dark variants, like theme::.

#include <QColor>

namespace accelscope::paramtheme {

// The border and text of refused input.
QColor errorColor();
// A faint, opaque fill behind refused input.
QColor errorFill();
// The corner mark on values that differ from the paper preset.
QColor paperMarker();

}  // namespace accelscope::paramtheme
