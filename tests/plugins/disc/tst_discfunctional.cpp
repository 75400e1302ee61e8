// DiSC's algorithms on the toy pipeline: CTR at tau = 0 is bit-identical to the unreduced run; ST
// at theta = 0 equals dense attention; a step-0 mask equals an independent threshold of the dense
// softmax; masks are reused for exactly the interval (interval 1 regenerates every step); the
// reuse decision follows each token's input change; the banks see exactly the kept work.
#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/api/trace.h"
#include "core/kernels/normalization.h"
#include "core/kernels/sparseattention.h"
#include "functional/discfunctional.h"

using namespace accelscope;
using namespace accelscope::disc;
using kernels::MaskU8;

namespace {

// 8 x 8 tokens, 2 blocks, 8 steps.
DenoisingSpec smallSpec() {
    DenoisingSpec s;
    s.content.height = s.content.width = 16;
    s.network.blocks = 2;
    s.steps = 8;
    return s;
}

DiscAlgorithm algorithm(bool ctr, double tau, bool st, double theta, int interval = 3) {
    DiscAlgorithm a;
    a.tokenReuse = ctr;
    a.reuseThreshold = tau;
    a.warmupSteps = 2;
    a.sparseAttention = st;
    a.softmaxThreshold = theta;
    a.maskInterval = interval;
    a.banks.banks = 8;
    a.banks.issueWidth = 8;
    return a;
}

struct Fixture {
    DenoisingPipeline pipeline{smallSpec(), 7};
    DenoisingReference reference{pipeline};
};

}  // namespace

class TestDiscFunctional : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenReuseAtZeroThresholdIsBitIdentical() {
        Fixture f;
        const DiscRun run = runDisc(f.reference, algorithm(true, 0.0, false, 0.0));
        QVERIFY(run.result.sameShape(f.reference.result()));
        QVERIFY(run.result.values == f.reference.result().values);  // bit for bit
        QVERIFY(std::isinf(run.psnrDb));
        QCOMPARE(run.recomputedShare(), 1.0);
        QCOMPARE(run.attentionDensity(), 1.0);
    }

    void thresholdZeroEqualsDenseAttention() {
        Fixture f;
        const DiscRun run = runDisc(f.reference, algorithm(false, 0.0, true, 0.0));
        QCOMPARE(run.attentionDensity(), 1.0);
        QVERIFY2(run.mse < 1e-12, qPrintable(QString::number(run.mse)));
    }

    void stepZeroMaskIsTheThresholdedDenseSoftmax() {
        Fixture f;
        const double theta = 1.0;
        const DiscRun run = runDisc(f.reference, algorithm(false, 0.0, true, theta));
        // Block 0's input at step 0 is the unreduced run's: capture it and threshold head 0 independently.
        MaskU8 expected;
        f.pipeline.run([&](const kernels::BlockCall &call) {
            if (call.step == 0 && call.blockIndex == 0) {
                const kernels::Modulation &m = *call.modulation;
                const kernels::MatrixF h = kernels::DitBlock::modulate(*call.x, m.shiftAttention, m.scaleAttention);
                const kernels::MatrixF p = kernels::softmaxRows(call.block->attentionScores(call.block->qkv(h), 0));
                expected = (p.array() >= float(theta / double(p.cols()))).cast<std::uint8_t>();
            }
            return call.block->forward(*call.x, *call.modulation);
        });
        QVERIFY(run.steps[0].mask == expected);
        const double density = expected.cast<double>().mean();
        QVERIFY(density > 0.05 && density < 0.95);  // a real threshold, not all or nothing
    }

    void masksAreReusedForTheIntervalAndRegeneratedAtOne() {
        Fixture f;
        const DiscRun reused = runDisc(f.reference, algorithm(false, 0.0, true, 1.0, 3));
        for (const StepRecord &s : reused.steps) {
            QCOMPARE(s.maskGenerated, s.step % 3 == 0);
            const StepRecord &generation = reused.steps[static_cast<std::size_t>(s.step - s.step % 3)];
            QVERIFY(s.mask == generation.mask);
        }
        const DiscRun every = runDisc(f.reference, algorithm(false, 0.0, true, 1.0, 1));
        QCOMPARE(every.maskGenerations(), 8);
        int changed = 0;
        for (std::size_t s = 1; s < every.steps.size(); ++s)
            changed += every.steps[s].mask == every.steps[s - 1].mask ? 0 : 1;
        QVERIFY(changed > 0);  // regenerated masks follow the latent
        QVERIFY(every.steps[0].mask == reused.steps[0].mask);
    }

    void reuseFollowsEachTokensInputChange() {
        Fixture f;
        const double tau = 0.1;
        const DiscRun run = runDisc(f.reference, algorithm(true, tau, false, 0.0));
        int reusedTokens = 0;
        for (const StepRecord &s : run.steps) {
            int recomputed = 0;
            for (std::size_t i = 0; i < s.tokenStates.size(); ++i) {
                const bool reused = s.tokenStates[i] == token_state::kReused;
                if (s.step < 2)
                    QVERIFY(!reused);  // warm-up
                else
                    QCOMPARE(reused, s.inputChange[i] < tau);
                recomputed += reused ? 0 : 1;
                reusedTokens += reused ? 1 : 0;
            }
            QCOMPARE(recomputed, s.recomputedTokens);
        }
        QVERIFY(reusedTokens > 0);
        QVERIFY(run.recomputedShare() < 1.0);
        QVERIFY(std::isfinite(run.psnrDb) && run.psnrDb > 10);
    }

    void banksSeeExactlyTheKeptWork() {
        Fixture f;
        const DiscRun run = runDisc(f.reference, algorithm(true, 0.1, true, 1.0));
        for (const StepRecord &s : run.steps) {
            QCOMPARE(double(s.banks.items), s.keptEntries);
            QCOMPARE(s.naiveBanks.items, s.banks.items);
            std::int64_t sum = 0;
            for (std::int64_t l : s.banks.loads)
                sum += l;
            QCOMPARE(sum, s.banks.items);
            // The view's mask is the work of the recomputed rows only.
            for (std::size_t i = 0; i < s.tokenStates.size(); ++i)
                if (s.tokenStates[i] == token_state::kReused)
                    QCOMPARE(int(s.mask.row(static_cast<Eigen::Index>(i)).cast<int>().sum()), 0);
        }
        QVERIFY(run.attentionDensity() < 1.0);
    }

    void badSettingsAreNamed() {
        DiscAlgorithm a = algorithm(true, 0.1, true, 1.0, 0);
        QVERIFY_THROWS_EXCEPTION(InputError, a.validate());
        a = algorithm(true, 0.1, true, 1.0);
        a.banks.banks = 12;  // not a power of two for the xor hash
        try {
            a.validate();
            QFAIL("12 banks with the xor hash were accepted");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("banks")));
        }
    }
};

QTEST_GUILESS_MAIN(TestDiscFunctional)
#include "tst_discfunctional.moc"
