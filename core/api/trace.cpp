#include "core/api/trace.h"

#include "core/api/errors.h"

namespace accelscope {

namespace {
constexpr const char *kOpKindNames[kOpKindCount] = {
    "matrix", "vector", "special", "memory_read", "memory_write", "transfer", "sync", "control", "other"};
constexpr const char *kFrameKindNames[] = {"mask", "tokens", "heat", "graph"};
constexpr const char *kDTypeNames[] = {"u8", "i32", "f32"};

template <typename Enum, std::size_t N>
Enum fromName(const QString &text, const char *const (&names)[N], const char *what) {
    QStringList allowed;
    for (std::size_t i = 0; i < N; ++i) {
        if (text == QLatin1String(names[i]))
            return static_cast<Enum>(i);
        allowed << QString::fromLatin1(names[i]);
    }
    throw InputError(QStringLiteral("unknown %1 '%2'; allowed: %3")
                         .arg(QLatin1String(what), text, allowed.join(QStringLiteral(", "))));
}
}  // namespace

QString toString(OpKind kind) {
    return QString::fromLatin1(kOpKindNames[static_cast<int>(kind)]);
}
OpKind opKindFromString(const QString &text) {
    return fromName<OpKind>(text, kOpKindNames, "op kind");
}
QString toString(FrameKind kind) {
    return QString::fromLatin1(kFrameKindNames[static_cast<int>(kind)]);
}
FrameKind frameKindFromString(const QString &text) {
    return fromName<FrameKind>(text, kFrameKindNames, "frame kind");
}
QString toString(DType type) {
    return QString::fromLatin1(kDTypeNames[static_cast<int>(type)]);
}
int sizeOf(DType type) {
    return type == DType::U8 ? 1 : 4;
}

}  // namespace accelscope
