// ORBIS's timing: the full-size grid's token counts and matching work, the per-op roofline on the
// accelerator, and the pipelined schedule (matching hidden when short, stalls when it is not,
// and on the critical path when it must wait for the step's own input).

#include <QtTest>

#include <cmath>

#include "orbistiming.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::orbis;

namespace {

OrbisTiming cogVideo(const OrbisHardware &hw = {}) {
    DiffusionWorkload w;
    w.height = 480;
    w.width = 720;
    w.frames = 49;
    w.batch = 2;
    kernels::SpatioTemporalSplit strides;
    strides.strideFrames = 2;
    return OrbisTiming(diffusionBackbone(QStringLiteral("cogvideox-5b")), w, hw, strides);
}

double slotSum(const StepSchedule &s) {
    double sum = 0;
    for (const BlockSlot &b : s.slots)
        sum += b.end - b.begin;
    return sum;
}

}  // namespace

class TestOrbisTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullSizeGridAndCounts() {
        const OrbisTiming t = cogVideo();
        // 13 latent frames x 30 x 45 tokens; 2 x 2 x 2 chunks.
        QCOMPARE(t.tokens().tokens(), 17550);
        QCOMPARE(t.split().chunks(), 7 * 15 * 23);
        QCOMPARE(t.keptTokens(0), 17550);
        QCOMPARE(t.keptTokens(0.5), 8775);
        QCOMPARE(t.keptTokens(0.99), t.split().chunks());  // capped: every source merged
        // Merging shortens every block.
        const auto dense = t.slotOps(t.tokens().tokens()), merged = t.slotOps(t.keptTokens(0.5));
        QCOMPARE(dense.size(), std::size_t(42 + 2));
        double a = 0, b = 0;
        for (const WorkloadOp &op : dense[1])
            a += t.price(op).seconds;
        for (const WorkloadOp &op : merged[1])
            b += t.price(op).seconds;
        QVERIFY(b < 0.7 * a);
    }

    void priceIsTheRoofline() {
        const OrbisHardware hw;
        const OrbisTiming t = cogVideo(hw);
        WorkloadOp mm{QStringLiteral("qkv"), WorkloadOpKind::Matmul, 0, 2e12, 1e9};
        const OpTiming c = t.price(mm);
        QVERIFY(c.onEngine);
        QCOMPARE(c.computeSeconds, 2e12 / hw.peakFlops());
        QCOMPARE(c.memorySeconds, 1e9 / hw.hbmBytesPerSecond);
        QCOMPARE(c.seconds, std::max(c.computeSeconds, c.memorySeconds));
        WorkloadOp norm{QStringLiteral("norm"), WorkloadOpKind::Norm, 0, 1e9, 4e9};
        QVERIFY(!t.price(norm).onEngine);
        QCOMPARE(t.price(norm).seconds, 4e9 / hw.hbmBytesPerSecond);  // memory-bound
    }

    void matchingWorkScalesFromTheFunctionalRates() {
        const OrbisHardware hw;
        const OrbisTiming t = cogVideo(hw);
        kernels::MatchingWork toy;
        toy.distances = 1000;
        toy.reevaluations = 250;  // a quarter of the distances re-priced
        toy.queueOperations = 300;
        const kernels::MatchingWork w = t.fullSizeWork(0.5, 1, toy, 100);  // 3 queue operations per source
        QCOMPARE(w.distances, kernels::candidateDistances(t.split(), 1));
        QCOMPARE(w.reevaluations, std::llround(w.distances * 0.25));
        QCOMPARE(w.queueOperations, std::int64_t(3) * (t.tokens().tokens() - t.split().chunks()));
        QCOMPARE(w.merges, std::int64_t(17550 - 8775));
        const double macs = double(w.distances + w.reevaluations + w.merges) * 3072;
        const double expected =
            (std::max(std::ceil(macs / hw.matchLanes), double(w.queueOperations)) + hw.matchPipelineDepth) /
            hw.clockHz;
        QCOMPARE(t.matchSeconds(w, 8), expected);
        QVERIFY(t.matchSeconds(w, 4) < expected);  // 2x lanes at 4 bits
        // The global search (every destination) is far more work than a 1-chunk window.
        QVERIFY(kernels::candidateDistances(t.split(), -1) > 50 * w.distances);
    }

    void pipelinedMatchingHidesOrStalls() {
        const OrbisTiming t = cogVideo();
        const std::vector<bool> reduced = {false, true, true, true};
        const std::vector<StepSchedule> none = t.schedule(reduced, 0.5, 0.0);
        const std::vector<StepSchedule> small = t.schedule(reduced, 0.5, 1e-4);
        // A short job is released at the end of block b in the step before and done long before
        // block b comes round again: no stall, the same times as without matching.
        for (std::size_t s = 0; s < reduced.size(); ++s) {
            QCOMPARE(small[s].stallSeconds, 0.0);
            QCOMPARE(small[s].end, none[s].end);
            QVERIFY(std::abs(slotSum(small[s]) - (small[s].end - small[s].begin)) < 1e-12);
        }
        const BlockSlot &b3 = small[2].slots[4];
        QVERIFY(b3.matched && b3.layer == 3);
        QCOMPARE(b3.matchBegin, small[1].slots[4].end);  // released when block 3 of step 1 ended
        // A job longer than a whole step cannot keep up: blocks wait, and the generation is longer
        // by exactly the waits.
        const double step = none[1].end - none[1].begin;
        const std::vector<StepSchedule> slow = t.schedule(reduced, 0.5, step / 10);
        double stall = 0;
        for (const StepSchedule &s : slow)
            stall += s.stallSeconds;
        QVERIFY(stall > 0);
        QVERIFY(std::abs(slow.back().end - (none.back().end + stall)) < 1e-9);
        // Matching on the step's own input (AsymRnR) is on the critical path: every reduced
        // block waits for its whole job.
        const std::vector<StepSchedule> inline_ = t.schedule(reduced, 0.5, 1e-4, false);
        QVERIFY(std::abs(inline_[1].stallSeconds - 42 * 1e-4) < 1e-9);
        QCOMPARE(inline_[0].stallSeconds, 0.0);
    }

    void badHardwareIsNamed() {
        OrbisHardware hw;
        hw.matchLanes = 0;
        QVERIFY(test::errorOf([&] { cogVideo(hw); }).contains(QStringLiteral("match_lanes")));
    }
};

QTEST_GUILESS_MAIN(TestOrbisTiming)
#include "tst_orbistiming.moc"
