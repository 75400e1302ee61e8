#include "app/gui/apptheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace accelscope {

namespace {
QPalette &systemPalette() {
    static QPalette palette = QApplication::palette();  // as the platform gave it, before any change
    return palette;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
    const QColor button(0x35, 0x37, 0x3c), highlight(0x3d, 0x8b, 0xd9), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x45, 0x48, 0x4e));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Disabled, QPalette::Text, disabled);
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    return p;
}
}  // namespace

QString toString(AppTheme theme) {
    switch (theme) {
    case AppTheme::Light: return QStringLiteral("light");
    case AppTheme::Dark: return QStringLiteral("dark");
    case AppTheme::System: break;
    }
    return QStringLiteral("system");
}

AppTheme appThemeFromString(const QString &text) {
    if (text == QStringLiteral("light"))
        return AppTheme::Light;
    if (text == QStringLiteral("dark"))
        return AppTheme::Dark;
    return AppTheme::System;
}

void applyAppTheme(AppTheme theme) {
    (void)systemPalette();
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    switch (theme) {
    case AppTheme::System: QApplication::setPalette(systemPalette()); break;
    case AppTheme::Light: QApplication::setPalette(QApplication::style()->standardPalette()); break;
    case AppTheme::Dark: QApplication::setPalette(darkPalette()); break;
    }
}

}  // namespace accelscope
