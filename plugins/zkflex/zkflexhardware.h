#pragma once
// One accelerator configuration for the timing model: ZK-Flex as a run sets it, or the
// reconfigurable baseline it is compared with (same TCores, SRAM, HBM and clock, without the
// features ZK-Flex adds). Every constant is listed with its source tag in README.md.
#include <QString>

#include "core/api/param.h"
#include "core/kernels/limbmul.h"
#include "core/workloads/zkproof.h"

namespace accelscope::zkflex {

struct ZkFlexHardware {
    int tcores = 16;              // [I]
    double clockHz = 1e9;         // [I]
    int limbMultipliers = 36;     // 64×64-bit multipliers per TCore [I]: one 6-limb schoolbook product
    int sramBytesPerCycle = 256;  // per TCore bank port [I]
    std::int64_t sramBytes = std::int64_t{8} << 20;  // [I]
    std::int64_t blockBytes = 4096;                  // linked-list block [I]
    double hbmBytesPerSecond = 512e9;                // [I] two HBM2E stacks' class
    int nocLinkBytesPerCycle = 64;                   // per TCore port [I]
    // The features ZK-Flex adds over a fixed reconfigurable design.
    bool precisionScalable = true;             // limbs follow the field; off: every product on 6 limbs
    QString limbMul = QStringLiteral("auto");  // auto (fewest limb products), schoolbook, toom2, toom3
    bool flexibleNoc = true;                   // butterfly/multicast configurations; off: a fixed 2-D mesh
    bool linkedListMemory = true;  // buckets grow block by block in any bank; off: a static array per bank
    int nttRadix = 0;              // 0: the POLY optimizer chooses 2 or 4
    QString nttDecomposition =
        QStringLiteral("auto");  // auto, direct, four_step; fit: four-step only beyond SRAM
    int msmWindow = 0;           // 0: the EC optimizer chooses

    std::int64_t bankBytes() const { return sramBytes / tcores; }
    // Limbs a field's products occupy and the limb method used for them.
    int limbsFor(const QString &field) const;
    kernels::LimbMulMethod methodFor(int limbs) const;
    // Limb products of one Montgomery product: the multiplication by the method plus REDC's n² + n.
    int limbProductsPerMulmod(const QString &field) const;
    double mulmodsPerCycle(const QString &field) const;  // one TCore, pipelined
    int elementBytes(const QString &field) const { return 8 * limbsFor(field); }

    // Area model [I]: multipliers, Toom adders, SRAM, pointers, NoC. mm², a 7 nm-class guess.
    double areaMm2() const;

    // The reconfigurable state-of-the-art baseline at this configuration's size (README).
    ZkFlexHardware baseline() const;
};

}  // namespace accelscope::zkflex
