#pragma once
// Screenshots for a person to look at, written only when ACCELSCOPE_TEST_PNG_DIR names a folder;
// no assertion ever depends on them.

#include <QString>
#include <QWidget>

namespace accelscope::test {

inline void saveReviewShot(QWidget &widget, const QString &fileName) {
    const QString dir = qEnvironmentVariable("ACCELSCOPE_TEST_PNG_DIR");
    if (!dir.isEmpty())
        widget.grab().save(dir + QLatin1Char('/') + fileName);
}

}  // namespace accelscope::test
