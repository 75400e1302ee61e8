#include "oakenhardware.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"

namespace accelscope::oaken {

QString toString(MemoryKind kind) {
    switch (kind) {
        case MemoryKind::Hbm: return QStringLiteral("hbm");
        case MemoryKind::Lpddr: return QStringLiteral("lpddr");
        case MemoryKind::Hbm3: return QStringLiteral("hbm3");
    }
    return {};
}

MemoryKind memoryKindFromString(const QString &text) {
    for (const MemoryKind k : {MemoryKind::Hbm, MemoryKind::Lpddr, MemoryKind::Hbm3})
        if (toString(k) == text)
            return k;
    throw InputError(QStringLiteral("memory = '%1'; allowed hbm, lpddr, hbm3").arg(text));
}

QString toString(KvMode mode) {
    return mode == KvMode::Oaken ? QStringLiteral("oaken") : QStringLiteral("fp16");
}

int OakenHardware::treesMatching(const LpuConfig &lpu) {
    return std::max(1, static_cast<int>(std::lround(lpu.memoryBytesPerSecond() / (lpu.treeWidth * 2.0 * lpu.clockHz))));
}

OakenHardware OakenHardware::oakenLpddr() {
    return OakenHardware{};
}

OakenHardware OakenHardware::oakenHbm() {
    OakenHardware hw;
    hw.memory = MemoryKind::Hbm;
    hw.lpu.memoryChannels = 40;  // 5 stacks × 8 channels [I]
    hw.lpu.channelBytesPerSecond = 50e9;
    hw.channelCapacityBytes = 2e9;
    return hw;
}

OakenHardware OakenHardware::plainLpu() {
    OakenHardware hw;
    hw.memory = MemoryKind::Hbm3;
    hw.kv = KvMode::Fp16;
    hw.lpu = LpuConfig{};  // 32 channels × 102.5 GB/s = 3.28 TB/s, 0.8 GHz (core/accelerators)
    hw.lpu.macTrees = treesMatching(hw.lpu);  // 32
    hw.channelCapacityBytes = 3e9;  // 4 HBM3 stacks of 24 GB = 96 GB [I]
    return hw;
}

}  // namespace accelscope::oaken
