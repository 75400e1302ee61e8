// ORBIS's reduction on the seeded toy video pipeline: zero reduction is the unreduced run bit for
// bit, plans merge AsymRnR's count on the 3-D grid, ORBIS's plans are DATM on the previous step's
// outputs, and the equal-quality search returns the largest ratio meeting the target.

#include <QtTest>

#include <cmath>

#include "core/kernels/distributionmatching.h"
#include "functional/orbisreduction.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::orbis;

namespace {

// 4 latent frames of 4 x 4 tokens, 2 blocks, 8 steps.
DenoisingSpec smallSpec() {
    DenoisingSpec s;
    s.steps = 8;
    s.content.frames = 4;
    s.content.height = s.content.width = 8;
    s.network.blocks = 2;
    return s;
}

struct Fixture {
    DenoisingPipeline pipeline{smallSpec(), 3};
    ReferenceRun reference{pipeline};
};

}  // namespace

class TestOrbisReduction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void zeroRatioIsTheUnreducedRun() {
        const Fixture f;
        for (ReductionMethod m :
             {ReductionMethod::Orbis, ReductionMethod::AsymRnR, ReductionMethod::OutputGreedy}) {
            ReductionSettings s;
            s.ratio = 0;
            const ReductionRun run = runReduction(f.reference, m, s, 1);
            QVERIFY(run.result.values == f.reference.result().values);
            QCOMPARE(run.mse, 0.0);
            QVERIFY(std::isinf(run.psnrDb));
            QCOMPARE(run.reducedSteps(), 0);
        }
    }

    void plansMergeAsymRnRsCountAcrossFrames() {
        const Fixture f;
        ReductionSettings s;
        s.ratio = 0.5;
        const int tokens = f.pipeline.tokens();
        QCOMPARE(tokens, 64);
        for (ReductionMethod m : {ReductionMethod::Orbis, ReductionMethod::AsymRnR}) {
            const ReductionRun run = runReduction(f.reference, m, s, 1);
            QCOMPARE(run.reducedSteps(), 8 - s.warmupSteps);
            QVERIFY(run.psnrDb > 0 && std::isfinite(run.psnrDb));
            int crossFrame = 0;
            for (const StepRecord &r : run.steps)
                for (const std::vector<int> &pairs : r.pairs) {
                    int merged = 0;
                    for (int t = 0; t < tokens; ++t)
                        if (const int d = pairs[std::size_t(t)]; d >= 0) {
                            ++merged;
                            crossFrame += t / 16 != d / 16 ? 1 : 0;
                        }
                    QCOMPARE(merged, r.reduced ? 32 : 0);
                    QCOMPARE(r.keptTokens, r.reduced ? 32 : 64);
                }
            QVERIFY(crossFrame > 0);  // 2-frame chunks: matches reach across frames
        }
    }

    void orbisMatchesThePreviousStepsOutputs() {
        // Step 1 (the first reduced step) follows step 0, which ran unreduced: its plans must be
        // DATM on the unreduced run's step-0 block outputs, with the run's destination seeds.
        const Fixture f;
        ReductionSettings s;
        s.ratio = 0.5;
        const ReductionRun run = runReduction(f.reference, ReductionMethod::Orbis, s, 1);
        const kernels::SpatioTemporalSplit split = toySplit(f.pipeline, s);
        for (int b = 0; b < 2; ++b) {
            kernels::MatchingWork work;
            const kernels::TokenMergePlan expected =
                kernels::distributionAwareMatching(f.reference.blockOutput(0, b), split, s.ratio,
                                                   destinationSeed(1, 1, b), {s.window, s.matchBits}, &work);
            for (int t = 0; t < expected.tokens(); ++t)
                QCOMPARE(run.steps[1].pairs[std::size_t(b)][std::size_t(t)], expected.destinationOf(t));
            QCOMPARE(run.steps[1].work[std::size_t(b)].loss, work.loss);
            QCOMPARE(work.distances, kernels::candidateDistances(split, s.window));
        }
    }

    void equalQualitySearchFindsTheLargestRatio() {
        const Fixture f;
        ReductionSettings s;
        const double maxRatio = maxReductionRatio(toySplit(f.pipeline, s));
        QCOMPARE(maxRatio, 0.875);
        const ReductionRun atMax = runReduction(
            f.reference, ReductionMethod::AsymRnR,
            [&] {
                ReductionSettings m = s;
                m.ratio = maxRatio;
                return m;
            }(),
            1);
        const double target =
            kernels::reportedPsnrDb(atMax.psnrDb) + 10;  // not reachable at the largest ratio
        const int iterations = 5;
        const ReductionRun found =
            ratioForQuality(f.reference, ReductionMethod::AsymRnR, s, target, 1, maxRatio, iterations);
        QVERIFY(found.psnrDb >= target);
        // One bisection step further fails the target (or the ratio is the largest there is).
        ReductionSettings next = s;
        next.ratio = found.settings.ratio + maxRatio / (1 << iterations);
        QVERIFY(next.ratio > maxRatio ||
                runReduction(f.reference, ReductionMethod::AsymRnR, next, 1).psnrDb < target);
        // An easy target is met at the largest ratio.
        QCOMPARE(ratioForQuality(f.reference, ReductionMethod::AsymRnR, s, 1.0, 1, maxRatio).settings.ratio,
                 maxRatio);
    }

    void badSettingsAreNamed() {
        ReductionSettings s;
        s.matchBits = 3;
        QVERIFY(test::errorOf([&] { s.validate(); }).contains(QStringLiteral("match_bits")));
        QVERIFY(test::errorOf([] {
                    reductionMethodFromString(QStringLiteral("tome"));
                }).contains(QStringLiteral("asymrnr")));
    }
};

QTEST_GUILESS_MAIN(TestOrbisReduction)
#include "tst_orbisreduction.moc"
