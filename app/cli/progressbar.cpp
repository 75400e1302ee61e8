#include "progressbar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace accelscope::cli {

namespace {
constexpr int kBarWidth = 30;
}

ProgressBar::ProgressBar(QString label) : label_(std::move(label)), terminal_(isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() {
    finish();
}

void ProgressBar::update(double fraction) {
    update(fraction, {});
}

void ProgressBar::update(double fraction, const QString &detail) {
    std::lock_guard lock(mutex_);
    if (finished_)
        return;
    // A model may report NaN progress; show it as no progress rather than cast NaN to int.
    const double bounded = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
    const int percent = static_cast<int>(bounded * 100.0);
    if (terminal_) {
        if (percent == lastPercent_ && detail == lastDetail_)
            return;
        lastPercent_ = percent;
        lastDetail_ = detail;
        const int filled = percent * kBarWidth / 100;
        const QString bar = QString(filled, QLatin1Char('#')) + QString(kBarWidth - filled, QLatin1Char('.'));
        const QString note = detail.isEmpty() ? QString() : QStringLiteral("  ") + detail;
        // Padding clears what a longer note left on the line.
        std::fprintf(stderr, "\r%s [%s] %3d%%%-30s", qUtf8Printable(label_), qUtf8Printable(bar), percent,
                     qUtf8Printable(note));
        std::fflush(stderr);
        return;
    }
    const int decile = percent / 10;
    if (decile <= lastDecile_)
        return;
    lastDecile_ = decile;
    if (detail.isEmpty())
        std::fprintf(stderr, "progress: %d%%\n", decile * 10);
    else
        std::fprintf(stderr, "progress: %d%% (%s)\n", decile * 10, qUtf8Printable(detail));
    std::fflush(stderr);
}

void ProgressBar::finish() {
    std::lock_guard lock(mutex_);
    if (finished_)
        return;
    finished_ = true;
    if (terminal_ && lastPercent_ >= 0) {
        std::fputc('\n', stderr);
        std::fflush(stderr);
    }
}

}  // namespace accelscope::cli
