#pragma once
// Colours and names every view shares, so an op kind or a token state looks the same in the
// timeline, the dataflow, the charts and the legends. Colours adapt to light and dark palettes.

#include <QColor>
#include <QPalette>
#include <QString>

#include "core/api/trace.h"

namespace accelscope::theme {

// True when the palette's window colour is dark (the system is in a dark theme).
bool isDark(const QPalette &palette);
bool isDark();  // the application's palette

// A distinct colour per op kind, readable on the current background.
QColor opKindColor(OpKind kind);
// "Matrix", "Memory read", ... for legends.
QString opKindLabel(OpKind kind);

// Token states (core/api/trace.h token_state): kept, pruned, reused, evicted, merged, precision.
QColor tokenStateColor(std::int32_t state);
QString tokenStateLabel(std::int32_t state);

// A perceptually ordered sequential colour map for 0..1 (dark blue → green → yellow).
QColor sequential(double fraction);
// A diverging colour map for -1..1 (blue, neutral at 0, red), for diffs.
QColor diverging(double value);

// Background and grid colours for custom-painted views.
QColor viewBackground();
QColor gridLine();
QColor mutedText();
QColor cursorLine();
QColor selectionFill();

}  // namespace accelscope::theme
