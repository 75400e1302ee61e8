#include "zkflexcost.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/api/errors.h"
#include "core/kernels/ellipticcurve.h"
#include "core/sim/timing/units.h"

namespace accelscope::zkflex {

namespace {

TimePs cyclesPs(double cycles, double hz) {
    return static_cast<TimePs>(std::ceil(cycles / hz * 1e12));
}
TimePs bytesPs(double bytes, double bytesPerSecond) {
    return bytesPerSecond > 0 ? static_cast<TimePs>(std::ceil(bytes / bytesPerSecond * 1e12)) : 0;
}

StepCost finish(StepCost s, TimePs sramPs) {
    s.durationPs = std::max({s.computePs, sramPs, s.hbmPs, s.nocPs, TimePs{1}});
    return s;
}

// Mesh side length and the hop distance of a butterfly exchange across TCore index bit `bit`
// on a fixed 2-D mesh (row bits first); the flexible NoC connects partners in one hop.
int meshSide(int tcores) {
    return std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(tcores)))));
}
double exchangeHops(const ZkFlexHardware &hw, int bit) {
    if (hw.flexibleNoc)
        return 1;
    const int side = meshSide(hw.tcores);
    const int sideBits = std::max(1, static_cast<int>(std::log2(side)));
    return std::ldexp(1.0, bit % sideBits);
}
// Average hops of uniform all-to-all traffic on a k×k mesh: 2(k² − 1)/(3k).
double allToAllHops(const ZkFlexHardware &hw) {
    if (hw.flexibleNoc)
        return 1;
    const double k = meshSide(hw.tcores);
    return std::max(1.0, 2 * (k * k - 1) / (3 * k));
}
double nocPortBytesPerSecond(const ZkFlexHardware &hw) {
    return hw.nocLinkBytesPerCycle * hw.clockHz;
}

StagePlan planNtt(const ZkFlexHardware &hw, const zk::ProofStage &stage, const QString &field, int radix,
                  const QString &decomposition) {
    StagePlan plan;
    plan.stage = stage;
    plan.field = field;
    plan.limbs = hw.limbsFor(field);
    plan.radix = radix;
    plan.decomposition = decomposition;
    plan.concurrentTcores = hw.tcores;
    const double n = static_cast<double>(stage.size), batch = stage.batch;
    const int logN = static_cast<int>(std::lround(std::log2(n)));
    const double e = hw.elementBytes(field);
    const double totalBytes = n * batch * e;
    const double mulmodRate = hw.mulmodsPerCycle(field) * hw.tcores;  // per cycle, all TCores
    const double sramRate = static_cast<double>(hw.sramBytesPerCycle) * hw.tcores;
    const bool fits = n * e <= static_cast<double>(hw.sramBytes);
    const std::int64_t residentPerTcore =
        static_cast<std::int64_t>(std::min(n * e, static_cast<double>(hw.sramBytes) * 0.9) / hw.tcores);
    const QString op = zk::toString(stage.op);
    const int tcoreBits = static_cast<int>(std::log2(hw.tcores));
    if (decomposition == QStringLiteral("four_step")) {
        const int log1 = logN / 2, log2n = logN - log1;
        const double n1 = std::ldexp(1.0, log1), n2 = std::ldexp(1.0, log2n);
        for (int half = 0; half < 2; ++half) {
            const double subLog = half == 0 ? log1 : log2n;
            const double subPasses = std::ceil(subLog / std::log2(radix));
            StepCost s;
            s.label = QStringLiteral("%1 four-step %2: %3 NTTs of 2^%4, radix %5")
                          .arg(op, half == 0 ? QStringLiteral("columns") : QStringLiteral("rows"))
                          .arg(half == 0 ? n2 : n1)
                          .arg(subLog)
                          .arg(radix);
            s.mulmods = batch * (n / 2 * subLog + (half == 0 ? n : 0));  // + twiddles ω^(j2·k1)
            s.computePs = cyclesPs(s.mulmods / mulmodRate, hw.clockHz);
            s.hbmBytes = 2 * totalBytes;
            s.hbmPs = bytesPs(s.hbmBytes, hw.hbmBytesPerSecond);
            if (half == 0) {  // the transpose between the two halves crosses the NoC
                s.nocBytes = totalBytes * (hw.tcores - 1) / hw.tcores;
                s.nocPs = bytesPs(s.nocBytes * allToAllHops(hw), nocPortBytesPerSecond(hw) * hw.tcores);
            }
            s.activeTcores = hw.tcores;
            s.sramBytesPerTcore = residentPerTcore;
            plan.steps.push_back(finish(s, cyclesPs(2 * totalBytes * subPasses / sramRate, hw.clockHz)));
        }
        return plan;
    }
    int levelsDone = 0;
    int pass = 0;
    const int passes = (logN + (radix == 4 ? 1 : 0)) / (radix == 4 ? 2 : 1);
    while (levelsDone < logN) {
        const int levels = (radix == 4 && logN - levelsDone >= 2) ? 2 : 1;
        StepCost s;
        s.label = QStringLiteral("%1 2^%2 pass %3/%4, radix %5")
                      .arg(op)
                      .arg(logN)
                      .arg(pass + 1)
                      .arg(passes)
                      .arg(1 << levels);
        s.mulmods = batch * n * (levels == 2 ? 1.0 : 0.5);
        if (stage.op == zk::StageOp::Intt && levelsDone + levels == logN)
            s.mulmods += batch * n;  // scaling by n⁻¹
        s.computePs = cyclesPs(s.mulmods / mulmodRate, hw.clockHz);
        const bool first = levelsDone == 0, last = levelsDone + levels == logN;
        s.hbmBytes = fits ? (first ? totalBytes : 0) + (last ? totalBytes : 0) : 2 * totalBytes;
        s.hbmPs = bytesPs(s.hbmBytes, hw.hbmBytesPerSecond);
        // The top log2(tcores) butterfly levels pair elements held by different TCores.
        double hops = 0;
        for (int l = levelsDone; l < levelsDone + levels; ++l)
            if (l >= logN - tcoreBits)
                hops = std::max(hops, exchangeHops(hw, l - (logN - tcoreBits)));
        if (hops > 0) {
            s.nocBytes = totalBytes * (levels == 2 ? 0.75 : 0.5);
            s.nocPs = bytesPs(s.nocBytes * hops, nocPortBytesPerSecond(hw) * hw.tcores);
        }
        s.activeTcores = hw.tcores;
        s.sramBytesPerTcore = residentPerTcore;
        plan.steps.push_back(finish(s, cyclesPs(2 * totalBytes / sramRate, hw.clockHz)));
        levelsDone += levels;
        ++pass;
    }
    return plan;
}

StagePlan planPointwise(const ZkFlexHardware &hw, const zk::ProofStage &stage, const QString &field) {
    StagePlan plan;
    plan.stage = stage;
    plan.field = field;
    plan.limbs = hw.limbsFor(field);
    plan.concurrentTcores = hw.tcores;
    const double n = static_cast<double>(stage.size) * stage.batch;
    const double e = hw.elementBytes(field);
    StepCost s;
    s.label = QStringLiteral("element-wise 2^%1, %2 products per element")
                  .arg(std::log2(static_cast<double>(stage.size)))
                  .arg(stage.factor);
    s.mulmods = n * stage.factor;
    s.computePs = cyclesPs(s.mulmods / (hw.mulmodsPerCycle(field) * hw.tcores), hw.clockHz);
    s.hbmBytes = 3 * n * e;  // two operands in, one result out
    s.hbmPs = bytesPs(s.hbmBytes, hw.hbmBytesPerSecond);
    s.activeTcores = hw.tcores;
    s.sramBytesPerTcore =
        std::min<std::int64_t>(hw.bankBytes() / 4, static_cast<std::int64_t>(3 * n * e / hw.tcores));
    plan.steps.push_back(
        finish(s, cyclesPs(3 * n * e / (static_cast<double>(hw.sramBytesPerCycle) * hw.tcores), hw.clockHz)));
    return plan;
}

StagePlan planMsm(const ZkFlexHardware &hw, const zk::ProofWorkload &proof, const zk::ProofStage &stage,
                  int c) {
    StagePlan plan;
    plan.stage = stage;
    plan.field = proof.baseField;
    plan.limbs = hw.limbsFor(proof.baseField);
    plan.window = c;
    const double n = static_cast<double>(stage.size);
    const double f = stage.factor;  // G2: Fq2 coordinates
    const double e = hw.elementBytes(proof.baseField);
    const int scalarBits = zk::fieldBits(proof.scalarField);
    const int windows = (scalarBits + c - 1) / c;
    const double buckets = std::ldexp(1.0, c) - 1;
    const double bucketBytes = 3 * e * f;  // Jacobian X, Y, Z
    const double block = static_cast<double>(hw.blockBytes);
    const double sram = static_cast<double>(hw.sramBytes), bank = static_cast<double>(hw.bankBytes());
    // Every TCore works on one (window, point slice) with its own bucket array; with fewer
    // windows than TCores, several TCores split one window's points and merge their buckets.
    const int perWindow = windows < hw.tcores ? hw.tcores / windows : 1;
    const int windowsPerRound = std::max(1, hw.tcores / perWindow);
    const int rounds = (windows + windowsPerRound - 1) / windowsPerRound;
    const double slice = n / perWindow;
    const double touched = buckets * (1 - std::exp(-slice / buckets));  // expected non-empty buckets
    // Linked list: only touched buckets take blocks, from any bank. Static: the whole array in
    // the TCore's own bank. When the arrays do not fit, buckets are processed in ranges, each
    // range pass re-reading the points.
    double arrayBytes = 0;
    int rangePasses = 1;
    if (hw.linkedListMemory) {
        arrayBytes = std::ceil(touched * bucketBytes / block) * block;
        rangePasses =
            static_cast<int>(std::ceil(arrayBytes * std::min(hw.tcores, windows * perWindow) / sram));
    } else {
        arrayBytes = buckets * bucketBytes;
        rangePasses = static_cast<int>(std::ceil(arrayBytes / bank));
    }
    rangePasses = std::max(1, rangePasses);
    plan.concurrentTcores = std::min(hw.tcores, windows * perWindow);
    const double pointBytes = 2 * e * f + 32;  // affine point and its scalar
    const double mulmodRate = hw.mulmodsPerCycle(proof.baseField);
    for (int b = 0; b < stage.batch; ++b) {
        for (int r = 0; r < rounds; ++r) {
            const int first = r * windowsPerRound, count = std::min(windowsPerRound, windows - first);
            StepCost s;
            s.label = QStringLiteral("MSM 2^%1 windows %2–%3 of %4, c = %5")
                          .arg(std::log2(n))
                          .arg(first)
                          .arg(first + count - 1)
                          .arg(windows)
                          .arg(c);
            if (stage.batch > 1)
                s.label += QStringLiteral(" (%1/%2)").arg(b + 1).arg(stage.batch);
            const double merge = perWindow > 1 ? buckets * (perWindow - 1) / perWindow : 0;
            double addsPerTcore = n / perWindow + 2 * buckets + merge;
            double dbls = 0;
            if (r == rounds - 1)
                dbls = (windows - 1) * c;  // window combination on one TCore
            s.mulmods = f * (count * perWindow * addsPerTcore * kernels::kMulmodsPerPointAdd +
                             dbls * kernels::kMulmodsPerPointDouble);
            s.computePs = cyclesPs(
                f * (addsPerTcore * kernels::kMulmodsPerPointAdd + dbls * kernels::kMulmodsPerPointDouble) /
                    mulmodRate,
                hw.clockHz);
            s.hbmBytes = n * pointBytes * rangePasses;
            s.hbmPs = bytesPs(s.hbmBytes, hw.hbmBytesPerSecond);
            // Points reach the working TCores: one multicast (flexible NoC) or one unicast copy per
            // window group through the HBM node's four mesh ports; bucket copies merge.
            const double mergeBytes = count * (perWindow - 1) * touched * bucketBytes;
            if (hw.flexibleNoc) {
                s.nocBytes = s.hbmBytes + mergeBytes;
                s.nocPs = bytesPs(s.hbmBytes / perWindow + mergeBytes / std::max(1, count * perWindow),
                                  nocPortBytesPerSecond(hw));
            } else {
                s.nocBytes = s.hbmBytes * count + mergeBytes;
                s.nocPs = bytesPs(s.hbmBytes * count, 4 * nocPortBytesPerSecond(hw)) +
                          bytesPs(mergeBytes * allToAllHops(hw), nocPortBytesPerSecond(hw) * hw.tcores);
            }
            s.activeTcores = count * perWindow;
            s.sramBytesPerTcore = static_cast<std::int64_t>(
                hw.linkedListMemory ? arrayBytes / rangePasses : std::min(arrayBytes / rangePasses, bank));
            plan.steps.push_back(finish(s, 0));
        }
    }
    return plan;
}

}  // namespace

TimePs StagePlan::totalPs() const {
    TimePs t = 0;
    for (const auto &s : steps)
        t += s.durationPs;
    return t;
}

double StagePlan::mulmods() const {
    double m = 0;
    for (const auto &s : steps)
        m += s.mulmods;
    return m;
}

StagePlan planStage(const ZkFlexHardware &hw, const zk::ProofWorkload &proof, const zk::ProofStage &stage) {
    if (stage.op == zk::StageOp::Pointwise)
        return planPointwise(hw, stage, proof.scalarField);
    if (stage.op == zk::StageOp::Msm) {
        if (hw.msmWindow > 0)
            return planMsm(hw, proof, stage, hw.msmWindow);
        StagePlan best;
        for (int c = 4; c <= 20; ++c) {  // the EC optimizer
            StagePlan p = planMsm(hw, proof, stage, c);
            if (best.steps.empty() || p.totalPs() < best.totalPs())
                best = std::move(p);
        }
        return best;
    }
    const double polyBytes = static_cast<double>(stage.size) * hw.elementBytes(proof.scalarField);
    QStringList decompositions;
    if (hw.nttDecomposition == QStringLiteral("auto"))
        decompositions = {QStringLiteral("direct"), QStringLiteral("four_step")};
    else if (hw.nttDecomposition == QStringLiteral("fit"))
        decompositions = {polyBytes > static_cast<double>(hw.sramBytes) ? QStringLiteral("four_step")
                                                                        : QStringLiteral("direct")};
    else
        decompositions = {hw.nttDecomposition};
    const std::vector<int> radices =
        hw.nttRadix == 0 ? std::vector<int>{2, 4} : std::vector<int>{hw.nttRadix};
    StagePlan best;
    for (const QString &d : decompositions)  // the POLY optimizer
        for (const int r : radices) {
            StagePlan p = planNtt(hw, stage, proof.scalarField, r, d);
            if (best.steps.empty() || p.totalPs() < best.totalPs())
                best = std::move(p);
        }
    return best;
}

std::vector<StagePlan> planProof(const ZkFlexHardware &hw, const zk::ProofWorkload &proof) {
    std::vector<StagePlan> plans;
    for (const auto &stage : proof.stages)
        plans.push_back(planStage(hw, proof, stage));
    return plans;
}

}  // namespace accelscope::zkflex
