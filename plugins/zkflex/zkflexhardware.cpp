#include "zkflexhardware.h"

#include <cmath>

namespace accelscope::zkflex {

namespace {
// Area constants [I] (README): a 64×64-bit multiplier, Toom evaluation/interpolation adders per
// TCore relative to its multipliers, SRAM per MiB, per-TCore control, NoC router per port.
constexpr double kMultiplierMm2 = 0.010;
constexpr double kToomAdderShare = 0.15;
constexpr double kSramMm2PerMiB = 0.45;
constexpr double kTcoreControlMm2 = 0.10;
constexpr double kMeshRouterMm2 = 0.05;
constexpr double kFlexibleRouterFactor = 2.0;  // crossbar with butterfly/multicast modes
constexpr double kPointerBytesPerBlock = 4;
}  // namespace

int ZkFlexHardware::limbsFor(const QString &field) const {
    return precisionScalable ? zk::fieldLimbs(field) : 6;
}

kernels::LimbMulMethod ZkFlexHardware::methodFor(int limbs) const {
    using kernels::LimbMulMethod;
    if (limbMul != QStringLiteral("auto"))
        return kernels::limbMulMethodFromString(limbMul);
    LimbMulMethod best = LimbMulMethod::Schoolbook;
    for (const auto m : {LimbMulMethod::Toom2, LimbMulMethod::Toom3})
        if (kernels::limbProducts(limbs, m) < kernels::limbProducts(limbs, best))
            best = m;
    return best;
}

int ZkFlexHardware::limbProductsPerMulmod(const QString &field) const {
    const int n = limbsFor(field);
    return kernels::limbProducts(n, methodFor(n)) + n * n + n;
}

double ZkFlexHardware::mulmodsPerCycle(const QString &field) const {
    return static_cast<double>(limbMultipliers) / limbProductsPerMulmod(field);
}

double ZkFlexHardware::areaMm2() const {
    const bool toom = limbMul != QStringLiteral("schoolbook");
    const double multipliers = limbMultipliers * kMultiplierMm2 * (toom ? 1 + kToomAdderShare : 1.0);
    const double router = kMeshRouterMm2 * (flexibleNoc ? kFlexibleRouterFactor : 1.0);
    const double sramMiB = static_cast<double>(sramBytes) / (1 << 20);
    const double pointerMiB =
        linkedListMemory ? static_cast<double>(sramBytes) / blockBytes * kPointerBytesPerBlock / (1 << 20)
                         : 0.0;
    return tcores * (multipliers + kTcoreControlMm2 + router) + (sramMiB + pointerMiB) * kSramMm2PerMiB;
}

ZkFlexHardware ZkFlexHardware::baseline() const {
    ZkFlexHardware b = *this;
    b.precisionScalable = false;  // one 384-bit datapath for every field
    b.limbMul = QStringLiteral("schoolbook");
    b.flexibleNoc = false;
    b.linkedListMemory = false;
    b.nttRadix = 2;
    b.nttDecomposition = QStringLiteral("fit");  // four-step only when the polynomial exceeds SRAM
    b.msmWindow = 12;                            // fixed at design time [I]
    return b;
}

}  // namespace accelscope::zkflex
