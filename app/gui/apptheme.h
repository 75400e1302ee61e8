#pragma once
// Light and dark themes. "System" keeps the palette the platform gave the application, so the
// window follows the desktop's light or dark setting; Light and Dark force one.

#include <QString>

namespace accelscope {

enum class AppTheme { System, Light, Dark };

QString toString(AppTheme theme);
AppTheme appThemeFromString(const QString &text);  // unknown text gives System
// Applies the theme to the running application (palette on the Fusion style).
void applyAppTheme(AppTheme theme);

}  // namespace accelscope
