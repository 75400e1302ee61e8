#include "views/common/theme.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QApplication>

namespace accelscope::theme {

bool isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

bool isDark() { return isDark(QApplication::palette()); }

QColor opKindColor(OpKind kind) {
    // Hues spaced for distinction; memory kinds share a family (blue/cyan), compute kinds warm.
    struct Pair {
        QRgb light, dark;
    };
    static constexpr std::array<Pair, kOpKindCount> colours{{
        {0xffd1495b, 0xffef6f7f},  // Matrix: red
        {0xffed8a2e, 0xfff5a55a},  // Vector: orange
        {0xff9b59b6, 0xffc08ad6},  // Special: purple
        {0xff2e86de, 0xff5aa9f0},  // MemoryRead: blue
        {0xff17a2b8, 0xff4fd0e0},  // MemoryWrite: cyan
        {0xff2fa35a, 0xff5fd38a},  // Transfer: green
        {0xff95a5a6, 0xff7f8c8d},  // Sync: grey
        {0xffc9a227, 0xffe6c65c},  // Control: ochre
        {0xff6c757d, 0xffadb5bd},  // Other
    }};
    const auto &pair = colours[static_cast<std::size_t>(kind)];
    return QColor::fromRgba(isDark() ? pair.dark : pair.light);
}

QString opKindLabel(OpKind kind) {
    switch (kind) {
    case OpKind::Matrix: return QStringLiteral("Matrix");
    case OpKind::Vector: return QStringLiteral("Vector");
    case OpKind::Special: return QStringLiteral("Special function");
    case OpKind::MemoryRead: return QStringLiteral("Memory read");
    case OpKind::MemoryWrite: return QStringLiteral("Memory write");
    case OpKind::Transfer: return QStringLiteral("Transfer");
    case OpKind::Sync: return QStringLiteral("Sync / wait");
    case OpKind::Control: return QStringLiteral("Control");
    case OpKind::Other: return QStringLiteral("Other");
    }
    return QStringLiteral("Other");
}

QColor tokenStateColor(std::int32_t state) {
    using namespace token_state;
    const bool dark = isDark();
    if (state >= kMergedBase)
        return dark ? QColor(0xc0, 0x8a, 0xd6) : QColor(0x8e, 0x44, 0xad);
    if (state >= kPrecisionBase) {
        // Fewer bits, lighter: 2..16 bits spread over the sequential map.
        const int bits = std::clamp(state - kPrecisionBase, 1, 16);
        return sequential(0.15 + 0.8 * (bits - 1) / 15.0);
    }
    switch (state) {
    case kKept: return dark ? QColor(0x5f, 0xd3, 0x8a) : QColor(0x2f, 0xa3, 0x5a);
    case kPruned: return dark ? QColor(0x55, 0x5b, 0x62) : QColor(0xd5, 0xd8, 0xdc);
    case kReused: return dark ? QColor(0x5a, 0xa9, 0xf0) : QColor(0x2e, 0x86, 0xde);
    case kEvicted: return dark ? QColor(0xef, 0x6f, 0x7f) : QColor(0xd1, 0x49, 0x5b);
    default: return dark ? QColor(0xad, 0xb5, 0xbd) : QColor(0x6c, 0x75, 0x7d);
    }
}

QString tokenStateLabel(std::int32_t state) {
    using namespace token_state;
    if (state >= kMergedBase)
        return QStringLiteral("merged into token %1").arg(state - kMergedBase);
    if (state >= kPrecisionBase)
        return QStringLiteral("%1-bit").arg(state - kPrecisionBase);
    switch (state) {
    case kKept: return QStringLiteral("kept");
    case kPruned: return QStringLiteral("pruned");
    case kReused: return QStringLiteral("reused");
    case kEvicted: return QStringLiteral("evicted");
    default: return QStringLiteral("state %1").arg(state);
    }
}

QColor sequential(double fraction) {
    // Anchor colours of the viridis map at 0, 1/8, ..., 1; linear in between.
    static constexpr std::array<QRgb, 9> anchors{0xff440154, 0xff46327e, 0xff365c8d, 0xff277f8e, 0xff1fa187,
                                                 0xff4ac16d, 0xff9fda3a, 0xffd8e219, 0xfffde725};
    if (!std::isfinite(fraction))
        fraction = 0;
    const double x = std::clamp(fraction, 0.0, 1.0) * (anchors.size() - 1);
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(x), anchors.size() - 2);
    const double f = x - static_cast<double>(i);
    const QColor a = QColor::fromRgb(anchors[i]), b = QColor::fromRgb(anchors[i + 1]);
    return QColor::fromRgbF(static_cast<float>(a.redF() + f * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + f * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + f * (b.blueF() - a.blueF())));
}

QColor diverging(double value) {
    if (!std::isfinite(value))
        value = 0;
    const double v = std::clamp(value, -1.0, 1.0);
    const QColor neutral = isDark() ? QColor(0x30, 0x33, 0x36) : QColor(0xf4, 0xf4, 0xf4);
    const QColor end = v < 0 ? QColor(0x21, 0x66, 0xac) : QColor(0xb2, 0x18, 0x2b);
    const double f = std::abs(v);
    return QColor::fromRgbF(static_cast<float>(neutral.redF() + f * (end.redF() - neutral.redF())),
                            static_cast<float>(neutral.greenF() + f * (end.greenF() - neutral.greenF())),
                            static_cast<float>(neutral.blueF() + f * (end.blueF() - neutral.blueF())));
}

QColor viewBackground() { return QApplication::palette().color(QPalette::Base); }

QColor gridLine() {
    return isDark() ? QColor(255, 255, 255, 28) : QColor(0, 0, 0, 22);
}

QColor mutedText() { return QApplication::palette().color(QPalette::PlaceholderText); }

QColor cursorLine() { return isDark() ? QColor(0xff, 0xd1, 0x66) : QColor(0xe0, 0x4e, 0x1a); }

QColor selectionFill() {
    QColor c = QApplication::palette().color(QPalette::Highlight);
    c.setAlpha(60);
    return c;
}

}  // namespace accelscope::theme
