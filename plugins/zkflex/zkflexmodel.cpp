#include "zkflexmodel.h"

#include <algorithm>
#include <cstdint>
#include <random>

#include "core/hw/baselinemodel.h"
#include "core/kernels/msm.h"
#include "core/kernels/ntt.h"
#include "core/sim/timing/units.h"

namespace accelscope::zkflex {

namespace {

bool isPoly(const StagePlan &plan) {
    return plan.stage.kind == zk::StageKind::Poly;
}

QString planSummary(const StagePlan &plan) {
    const QString what = QStringLiteral("%1 (%2, %3 limbs)").arg(plan.stage.name, plan.field).arg(plan.limbs);
    if (plan.stage.op == zk::StageOp::Msm)
        return QStringLiteral("%1: Pippenger with c = %2 on %3 TCores at once")
            .arg(what)
            .arg(plan.window)
            .arg(plan.concurrentTcores);
    if (plan.stage.op == zk::StageOp::Pointwise)
        return what;
    return QStringLiteral("%1: radix-%2 %3")
        .arg(what)
        .arg(plan.radix)
        .arg(plan.decomposition == QStringLiteral("four_step") ? QStringLiteral("four-step")
                                                               : QStringLiteral("direct passes"));
}

}  // namespace

ZkFlexModel::ZkFlexModel(ZkFlexConfig config, std::uint64_t seed)
    : config_(std::move(config)),
      seed_(seed),
      allocator_(config_.hardware.tcores, config_.hardware.bankBytes(), config_.hardware.blockBytes) {
    const ZkFlexHardware &hw = config_.hardware;
    plans_ = planProof(hw, config_.proof);
    baselinePlans_ = planProof(hw.baseline(), config_.proof);
    for (const auto &p : plans_)
        stepsTotal_ += static_cast<std::int64_t>(p.steps.size());
    const UnitId host =
        topology_.addUnit(QStringLiteral("host"), UnitKind::Host, kNoUnit, QStringLiteral("Prover host"));
    const UnitId device = topology_.addUnit(QStringLiteral("zkflex"), UnitKind::Device, kNoUnit,
                                            QStringLiteral("ZK-Flex accelerator"));
    const UnitId noc =
        topology_.addUnit(QStringLiteral("NoC"), UnitKind::Core, device,
                          hw.flexibleNoc ? QStringLiteral("Flexible NoC: butterfly and multicast modes")
                                         : QStringLiteral("Fixed 2-D mesh NoC"));
    hbmUnit_ =
        topology_.addMemory(QStringLiteral("HBM"), device, 1, std::int64_t{16} << 30, hw.hbmBytesPerSecond,
                            QStringLiteral("Off-chip memory holding points, scalars and polynomials"));
    sramUnit_ = topology_.addMemory(QStringLiteral("SRAM"), device, hw.tcores, hw.bankBytes(),
                                    static_cast<double>(hw.sramBytesPerCycle) * hw.tcores * hw.clockHz,
                                    QStringLiteral("On-chip SRAM, one bank per TCore, linked-list blocks"));
    hbmLink_ = topology_.addLink(QStringLiteral("HBM port"), device, hbmUnit_, noc, hw.hbmBytesPerSecond,
                                 true, QStringLiteral("HBM to NoC"));
    topology_.addLink(QStringLiteral("PCIe"), device, host, hbmUnit_, 32e9, true,
                      QStringLiteral("Host link"));
    for (int i = 0; i < hw.tcores; ++i) {
        const UnitId t = topology_.addUnit(
            QStringLiteral("TCore%1").arg(i), UnitKind::Compute, device,
            QStringLiteral("Toom–Cook multi-precision core: %1 limb multipliers").arg(hw.limbMultipliers));
        tcoreUnits_.push_back(t);
        portUnits_.push_back(topology_.addLink(QStringLiteral("port%1").arg(i), device, t, noc,
                                               hw.nocLinkBytesPerCycle * hw.clockHz, true,
                                               QStringLiteral("TCore%1 NoC port").arg(i)));
    }
    if (config_.functionalCheck)
        runFunctionalCheck();
}

void ZkFlexModel::runFunctionalCheck() {
    using namespace kernels;
    const ZkFlexHardware &hw = config_.hardware;
    FunctionalCheck check;
    std::mt19937_64 rng(seed_);
    const QString &scalarField = config_.proof.scalarField;
    const PrimeField fr = PrimeField::byName(scalarField, hw.methodFor(zk::fieldLimbs(scalarField)));
    const StagePlan *nttPlan = nullptr;
    for (const auto &p : plans_)
        if (p.radix != 0 && !nttPlan)
            nttPlan = &p;
    const NttAlgorithm algorithm = !nttPlan ? NttAlgorithm::Radix2
                                   : nttPlan->decomposition == QStringLiteral("four_step")
                                       ? NttAlgorithm::FourStep
                                   : nttPlan->radix == 4 ? NttAlgorithm::Radix4
                                                         : NttAlgorithm::Radix2;
    std::vector<Limbs> x(1024);
    for (auto &v : x)
        v = fr.fromUint(rng());
    auto y = x;
    ntt(fr, y, algorithm);
    ntt(fr, y, algorithm, true);
    check.nttRoundTrip = y == x;
    std::vector<Limbs> small(x.begin(), x.begin() + 64);
    auto transformed = small;
    ntt(fr, transformed, algorithm);
    check.nttMatchesNaive = transformed == naiveDft(fr, small);
    if (!config_.proof.curve.isEmpty()) {
        const EllipticCurve curve =
            EllipticCurve::byName(config_.proof.curve, hw.methodFor(zk::fieldLimbs(config_.proof.baseField)));
        int window = 8;
        for (const auto &p : plans_)
            if (p.window > 0)
                window = std::min(p.window, 8);  // 2^c buckets for 32 points
        std::vector<JacobianPoint> points;
        std::vector<Limbs> scalars;
        JacobianPoint p = curve.generator();
        for (int i = 0; i < 32; ++i) {
            p = curve.add(curve.dbl(p), curve.generator());
            points.push_back(p);
            // A full-width scalar (every window gets digits): random 64-bit limbs by Horner's rule
            // in the field, one limb more than the field has, so the value mod r is spread out.
            const PrimeField &fr = curve.scalarField();
            const Limbs two32 = fr.fromUint(std::uint64_t{1} << 32), two64 = fr.mul(two32, two32);
            Limbs k = fr.zero();
            for (int limb = 0; limb <= fr.limbs(); ++limb)
                k = fr.add(fr.mul(k, two64), fr.fromUint(rng()));
            scalars.push_back(fr.fromMontgomery(k));
        }
        MsmStats stats;
        const JacobianPoint fast = msmPippenger(curve, points, scalars, window, &stats);
        check.msmWindowBits = window;
        check.msmWindows = stats.windows;
        check.bucketFill = std::move(stats.bucketFill);
        check.msmOnCurve = curve.isOnCurve(fast);
        check.msmMatchesNaive = curve.equal(fast, msmNaive(curve, points, scalars));
    }
    check_ = check;
}

Topology ZkFlexModel::topology() const {
    return topology_;
}

std::vector<StepLevel> ZkFlexModel::stepLevels() const {
    return {{QStringLiteral("pass"),
             QStringLiteral("One NTT butterfly pass, one round of concurrent MSM windows or one "
                            "element-wise sweep")},
            {QStringLiteral("stage"), QStringLiteral("One NTT, INTT, element-wise op or MSM of the prover")},
            {QStringLiteral("phase"), QStringLiteral("A run of POLY or EC stages: the workload shift")}};
}

bool ZkFlexModel::finished() const {
    return stage_ >= plans_.size();
}

double ZkFlexModel::progress() const {
    return stepsTotal_ > 0 ? static_cast<double>(stepsDone_) / static_cast<double>(stepsTotal_) : 1.0;
}

void ZkFlexModel::declareSeries(TraceSink &sink) {
    const QString sram = topology_.path(sramUnit_);
    for (int b = 0; b < config_.hardware.tcores; ++b) {
        bankSeries_.push_back(
            sink.counterSeries(sram + QStringLiteral("/bank%1").arg(b), QStringLiteral("B")));
        polySeries_.push_back(
            sink.counterSeries(sram + QStringLiteral("/bank%1/polynomial").arg(b), QStringLiteral("B")));
        bucketSeries_.push_back(
            sink.counterSeries(sram + QStringLiteral("/bank%1/buckets").arg(b), QStringLiteral("B")));
    }
    activeSeries_ = sink.counterSeries(QStringLiteral("active_tcores"), QStringLiteral("cores"));
    seriesDeclared_ = true;
}

void ZkFlexModel::recordBanks(TraceSink &sink, TimePs time, bool poly) {
    for (int b = 0; b < config_.hardware.tcores; ++b) {
        const auto i = static_cast<std::size_t>(b);
        const auto used = static_cast<double>(allocator_.usedBytes(b));
        sink.counter(bankSeries_[i], time, used);
        sink.counter(polySeries_[i], time, poly ? used : 0.0);
        sink.counter(bucketSeries_[i], time, poly ? 0.0 : used);
    }
}

// The functional check's MSM, its windows filled in step with the rounds of each MSM of the proof:
// after round j of R, the first ⌈(j+1)·W/R⌉ windows hold their points. One row per window, one
// column per bucket; the value is how many points the bucket accumulated.
void ZkFlexModel::emitBucketFill(TraceSink &sink, const StagePlan &plan) {
    const FunctionalCheck &check = *check_;
    const auto buckets = std::int64_t{1} << check.msmWindowBits;
    const auto rounds = static_cast<std::int64_t>(plan.steps.size());
    const std::int64_t filled = (static_cast<std::int64_t>(step_) + 1) * check.msmWindows / rounds +
                                ((static_cast<std::int64_t>(step_) + 1) * check.msmWindows % rounds ? 1 : 0);
    Frame frame;
    frame.step = stepsDone_;
    frame.time = now_;
    frame.kind = FrameKind::Heat;
    frame.name = QStringLiteral("msm/bucket_fill");
    frame.shape = {check.msmWindows, buckets};
    frame.dtype = DType::F32;
    std::vector<float> values(static_cast<std::size_t>(check.msmWindows * buckets), 0.0f);
    for (std::int64_t i = 0; i < filled * buckets; ++i)
        values[static_cast<std::size_t>(i)] = static_cast<float>(check.bucketFill[static_cast<std::size_t>(i)]);
    frame.data = QByteArray(reinterpret_cast<const char *>(values.data()),
                            static_cast<qsizetype>(values.size() * sizeof(float)));
    sink.frame(std::move(frame));
}

int ZkFlexModel::advance(TraceSink &sink) {
    if (!seriesDeclared_)
        declareSeries(sink);
    const StagePlan &plan = plans_[stage_];
    const StepCost &s = plan.steps[step_];
    const TimePs begin = now_, end = now_ + s.durationPs;
    // The previous step's buffers are freed as this one starts (the last step's stay resident).
    for (auto &chain : chains_)
        allocator_.release(chain);
    chains_.clear();
    // Buffers of this step, placed by the linked-list allocator: each active TCore's bucket array
    // or polynomial slice grows from its own bank (spilling to others when it is full).
    for (int t = 0; t < s.activeTcores; ++t) {
        timing::BlockChain chain = allocator_.allocate(s.sramBytesPerTcore, t);
        if (chain != timing::kNoBlock)
            chains_.push_back(chain);
    }
    recordBanks(sink, begin, isPoly(plan));
    sink.counter(activeSeries_, begin, s.activeTcores);
    const OpKind kind = isPoly(plan) ? OpKind::Vector : OpKind::Matrix;
    const auto perTcoreMulmods = static_cast<std::uint64_t>(s.mulmods / std::max(1, s.activeTcores));
    for (int t = 0; t < s.activeTcores; ++t)
        sink.event(UnitEvent{tcoreUnits_[static_cast<std::size_t>(t)], begin,
                             begin + std::max<TimePs>(1, s.computePs), kind, s.label, 0, perTcoreMulmods});
    if (s.hbmBytes > 0)
        sink.event(UnitEvent{hbmLink_, begin, begin + std::max<TimePs>(1, s.hbmPs), OpKind::MemoryRead,
                             QStringLiteral("HBM stream"), static_cast<std::uint64_t>(s.hbmBytes), 0});
    if (s.nocBytes > 0)
        for (int t = 0; t < s.activeTcores; ++t)
            sink.event(UnitEvent{
                portUnits_[static_cast<std::size_t>(t)], begin, begin + std::max<TimePs>(1, s.nocPs),
                OpKind::Transfer,
                isPoly(plan) ? QStringLiteral("butterfly exchange") : QStringLiteral("point multicast"),
                static_cast<std::uint64_t>(s.nocBytes / std::max(1, s.activeTcores)), 0});
    if (plan.stage.op == zk::StageOp::Msm && check_ && !check_->bucketFill.empty())
        emitBucketFill(sink, plan);
    busyPs_ += s.computePs * s.activeTcores;
    (isPoly(plan) ? polyPs_ : ecPs_) += s.durationPs;
    now_ = end;
    sink.counter(activeSeries_, end, 0);
    ++stepsDone_;
    if (++step_ < plan.steps.size())
        return 0;
    step_ = 0;
    ++stage_;
    if (finished())
        return 2;
    return isPoly(plans_[stage_]) != isPoly(plan) ? 2 : 1;
}

QString ZkFlexModel::narration(int level, std::int64_t index) const {
    if (level == 0) {
        std::int64_t i = index;
        for (const auto &p : plans_) {
            if (i < static_cast<std::int64_t>(p.steps.size())) {
                const StepCost &s = p.steps[static_cast<std::size_t>(i)];
                const QString bound = s.durationPs == s.computePs ? QStringLiteral("TCore compute")
                                      : s.durationPs == s.hbmPs   ? QStringLiteral("HBM bandwidth")
                                      : s.durationPs == s.nocPs   ? QStringLiteral("the NoC")
                                                                  : QStringLiteral("SRAM ports");
                return QStringLiteral("%1 on %2 TCores, bound by %3.")
                    .arg(s.label)
                    .arg(s.activeTcores)
                    .arg(bound);
            }
            i -= static_cast<std::int64_t>(p.steps.size());
        }
        return {};
    }
    if (level == 1) {
        if (index < 0 || index >= static_cast<std::int64_t>(plans_.size()))
            return {};
        const StagePlan &p = plans_[static_cast<std::size_t>(index)];
        return QStringLiteral("Stage %2 of %3 of the proof (%1): %4, %5 ms.")
            .arg(zk::toString(p.stage.kind))
            .arg(index + 1)
            .arg(plans_.size())
            .arg(planSummary(p))
            .arg(timing::psToSeconds(p.totalPs()) * 1e3, 0, 'g', 3);
    }
    // Phases: maximal runs of POLY or EC stages.
    std::int64_t phase = 0;
    for (std::size_t i = 0; i < plans_.size(); ++i) {
        const bool last = i + 1 == plans_.size() || isPoly(plans_[i + 1]) != isPoly(plans_[i]);
        if (!last)
            continue;
        if (phase == index)
            return isPoly(plans_[i])
                       ? QStringLiteral(
                             "POLY phase done: NTTs and element-wise ops over %1; the TCores now regroup.")
                             .arg(config_.proof.scalarField)
                       : QStringLiteral(
                             "EC phase done: Pippenger MSMs over %1, buckets in linked-list SRAM blocks.")
                             .arg(config_.proof.baseField);
        ++phase;
    }
    return {};
}

DataSource ZkFlexModel::dataSource() const {
    return {
        config_.functionalCheck
            ? QStringLiteral(
                  "Analytic stage timing; seeded random field elements and curve points for the functional "
                  "check (2^10 NTT round trip, 32-point MSM)")
            : QStringLiteral("Analytic stage timing; no functional data"),
        true};
}

TimePs ZkFlexModel::baselineAcceleratorPs() const {
    TimePs t = 0;
    for (const auto &p : baselinePlans_)
        t += p.totalPs();
    return t;
}

std::vector<BaselineResult> ZkFlexModel::baselines() const {
    if (baselines_)
        return *baselines_;
    std::vector<BaselineResult> out;
    // Window for the CPU/GPU libraries: the usual ln-based choice c ≈ log2(n) − 3 [I].
    const int window = std::clamp(config_.proof.logSize - 3, 4, 20);
    const auto ops = zk::baselineOps(config_.proof, window);
    for (const QString &device : {QStringLiteral("cpu-server-2s-xeon"), QStringLiteral("a100-sxm-80gb")}) {
        const BaselineModel model = BaselineModel::builtin(device, 1);
        const BaselineEstimate e = model.estimate(ops);
        out.push_back(
            BaselineResult{device,
                           1,
                           model.label(),
                           {{QStringLiteral("proof_ms"), e.seconds * 1e3, QStringLiteral("ms"),
                             QStringLiteral("The proof's stages through the shared roofline model")},
                            {QStringLiteral("energy_j"), e.energyJoules, QStringLiteral("J"),
                             QStringLiteral("Energy of the proof on the device")}}});
    }
    baselines_ = out;
    return out;
}

std::vector<Metric> ZkFlexModel::metrics() const {
    const ZkFlexHardware &hw = config_.hardware;
    const double proofS = timing::psToSeconds(now_);
    const double baselineS = timing::psToSeconds(baselineAcceleratorPs());
    const double area = hw.areaMm2(), baselineArea = hw.baseline().areaMm2();
    std::vector<Metric> m;
    m.push_back({QStringLiteral("proof_ms"), proofS * 1e3, QStringLiteral("ms"),
                 QStringLiteral("Time of every stage of the proof")});
    m.push_back({QStringLiteral("poly_ms"), timing::psToSeconds(polyPs_) * 1e3, QStringLiteral("ms"),
                 QStringLiteral("Time in POLY stages")});
    m.push_back({QStringLiteral("ec_ms"), timing::psToSeconds(ecPs_) * 1e3, QStringLiteral("ms"),
                 QStringLiteral("Time in EC stages")});
    m.push_back(
        {QStringLiteral("tcore_utilization_pct"),
         now_ > 0 ? 100.0 * static_cast<double>(busyPs_) / (static_cast<double>(now_) * hw.tcores) : 0.0,
         QStringLiteral("%"), QStringLiteral("TCore busy time / (TCores x proof time)")});
    m.push_back({QStringLiteral("area_mm2"), area, QStringLiteral("mm2"),
                 QStringLiteral("Reconstructed area model (README)")});
    m.push_back({QStringLiteral("baseline_accel_ms"), baselineS * 1e3, QStringLiteral("ms"),
                 QStringLiteral("The proof on the reconfigurable baseline configuration (README)")});
    m.push_back({QStringLiteral("baseline_accel_area_mm2"), baselineArea, QStringLiteral("mm2"),
                 QStringLiteral("Area of the baseline configuration")});
    if (proofS > 0) {
        m.push_back({QStringLiteral("speedup_vs_baseline_accel"), baselineS / proofS, QStringLiteral("x"),
                     QStringLiteral("Baseline accelerator proof time / this proof time")});
        m.push_back({QStringLiteral("area_efficiency_vs_baseline_accel"),
                     (baselineS * baselineArea) / (proofS * area), QStringLiteral("x"),
                     QStringLiteral("(proofs/s per mm2) / the baseline's")});
        for (const auto &b : baselines()) {
            const Metric *t = findMetric(b.metrics, QStringLiteral("proof_ms"));
            if (!t)
                continue;
            const QString name = b.device.startsWith(QStringLiteral("cpu"))
                                     ? QStringLiteral("speedup_vs_cpu")
                                     : QStringLiteral("speedup_vs_gpu");
            m.push_back(
                {name, t->value / (proofS * 1e3), QStringLiteral("x"),
                 QStringLiteral("Proof time on %1 (shared baseline model) / this proof time").arg(b.label)});
        }
    }
    for (const auto &p : plans_) {
        if (p.window > 0) {
            m.push_back({QStringLiteral("msm_window_bits"), static_cast<double>(p.window),
                         QStringLiteral("bits"), QStringLiteral("Window of the first MSM")});
            break;
        }
    }
    if (check_) {
        m.push_back({QStringLiteral("ntt_roundtrip_ok"),
                     check_->nttRoundTrip && check_->nttMatchesNaive ? 1.0 : 0.0, QStringLiteral(""),
                     QStringLiteral("1 when INTT(NTT(x)) = x at 2^10 and NTT matches the naive DFT at 2^6")});
        m.push_back(
            {QStringLiteral("msm_matches_naive"), check_->msmMatchesNaive && check_->msmOnCurve ? 1.0 : 0.0,
             QStringLiteral(""),
             QStringLiteral("1 when Pippenger equals double-and-add on 32 points and lies on the curve")});
    }
    return m;
}

}  // namespace accelscope::zkflex
