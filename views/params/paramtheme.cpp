#include "views/params/paramtheme.h"

#include <QApplication>
#include <QPalette>

#include "views/common/theme.h"

namespace accelscope::paramtheme {

QColor errorColor() {
    return theme::isDark() ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}

QColor errorFill() {
    // Opaque, so a selected row's highlight does not show through the refused text.
    const QColor base = QApplication::palette().color(QPalette::Base);
    const QColor error = errorColor();
    const double f = theme::isDark() ? 0.18 : 0.10;
    return QColor::fromRgbF(static_cast<float>(base.redF() + f * (error.redF() - base.redF())),
                            static_cast<float>(base.greenF() + f * (error.greenF() - base.greenF())),
                            static_cast<float>(base.blueF() + f * (error.blueF() - base.blueF())));
}

QColor paperMarker() {
    return theme::isDark() ? QColor(0xff, 0xb7, 0x4d) : QColor(0xe0, 0x8a, 0x00);
}

}  // namespace accelscope::paramtheme
