// POP's functional experiment: each decode token keeps exactly the budget (all retained channels
// and the best candidates by its own scores), its output equals a naive FFN evaluated on the kept
// channels only, the full budget reproduces the dense FFN bit for bit, and at the same budget POP
// sits between the per-token oracle and static pruning.
#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "functional/popexperiment.h"
#include "tests/support/errorof.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::pop;
using kernels::Channels;
using kernels::MatrixF;

namespace {

PopSettings small(double ratio, int sequences = 2, MaskScope scope = MaskScope::Batch) {
    PopSettings s;
    s.scope = scope;
    s.layers = 2;
    s.dModel = 48;
    s.channels = 128;
    s.promptTokens = 24;
    s.decodeTokens = 6;
    s.sequences = sequences;
    s.ffnPruneRatio = ratio;
    return s;
}

// y = Σ_{c in kept} W_down[:, c] · SiLU(W_gate[c] · x) · (W_up[c] · x), in double.
std::vector<double> naiveOnKept(const MatrixF &x, const kernels::GatedFfnWeights &w, const Channels &kept) {
    std::vector<double> y(static_cast<std::size_t>(w.dModel()), 0.0);
    for (const int c : kept) {
        double g = 0, u = 0;
        for (int j = 0; j < w.dModel(); ++j) {
            g += double(w.gate(c, j)) * x(0, j);
            u += double(w.up(c, j)) * x(0, j);
        }
        const double h = g / (1.0 + std::exp(-g)) * u;
        for (int i = 0; i < w.dModel(); ++i)
            y[static_cast<std::size_t>(i)] += double(w.down(i, c)) * h;
    }
    return y;
}

struct Layer {
    kernels::GatedFfnWeights w;
    std::vector<double> factors;
    kernels::ChannelPartition partition;
};

Layer layerWithPartition(int keep, int band, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Layer l;
    l.w = kernels::syntheticGatedFfn(32, 96, rng);
    l.factors = kernels::channelWeightFactors(l.w.down, kernels::ChannelAggregation::Sum);
    const MatrixF prompt = test::gaussianMatrix(16, 32, seed + 1);
    l.partition = kernels::partitionChannels(
        kernels::channelImportance(kernels::gatedFfnHidden(prompt, l.w, kernels::allChannels(96)), l.w.down),
        keep, band);
    return l;
}

}  // namespace

class TestPopExperiment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aTokenKeepsTheRetainedAndItsBestCandidates() {
        const Layer l = layerWithPartition(67, 10, 11);
        QCOMPARE(l.partition.retained.size(), std::size_t{62});
        const MatrixF x = test::gaussianMatrix(1, 32, 12);
        const PopStep token = popDecodeStep(x, l.w, l.partition, l.factors);
        QCOMPARE(int(token.kept.size()), 67);
        QVERIFY(std::includes(token.kept.begin(), token.kept.end(), l.partition.retained.begin(),
                              l.partition.retained.end()));
        // Independent scores: |SiLU(g) · u| · Σ|W_down[:, c]| per candidate, by explicit loops.
        std::vector<std::pair<double, int>> candidates;
        for (const int c : l.partition.candidates) {
            double g = 0, u = 0, factor = 0;
            for (int j = 0; j < 32; ++j) {
                g += double(l.w.gate(c, j)) * x(0, j);
                u += double(l.w.up(c, j)) * x(0, j);
                factor += std::abs(double(l.w.down(j, c)));
            }
            candidates.push_back({std::abs(g / (1.0 + std::exp(-g)) * u) * factor, c});
        }
        std::sort(candidates.begin(), candidates.end(), std::greater<>());
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const bool kept = std::binary_search(token.kept.begin(), token.kept.end(), candidates[i].second);
            QCOMPARE(kept, i < 5);  // 67 − 62 candidates kept, the best five
        }
    }

    void aTokensOutputIsTheFfnOverItsKeptChannelsOnly() {
        const Layer l = layerWithPartition(50, 10, 21);
        for (int t = 0; t < 3; ++t) {
            const MatrixF x = test::gaussianMatrix(1, 32, 30 + t);
            const PopStep token = popDecodeStep(x, l.w, l.partition, l.factors);
            const std::vector<double> reference = naiveOnKept(x, l.w, token.kept);
            for (int i = 0; i < 32; ++i)
                QVERIFY(std::abs(double(token.output(0, i)) - reference[static_cast<std::size_t>(i)]) < 1e-5);
        }
    }

    void theFullBudgetReproducesTheDenseFfnBitForBit() {
        const Layer l = layerWithPartition(96, 10, 31);
        QVERIFY(l.partition.pruned.empty());
        const MatrixF x = test::gaussianMatrix(1, 32, 32);
        const PopStep token = popDecodeStep(x, l.w, l.partition, l.factors);
        QCOMPARE(token.kept, kernels::allChannels(96));
        QVERIFY(token.output == kernels::gatedFfn(x, l.w));
        // The whole experiment at ratio 0: no error for any method.
        const PopExperiment dense(small(0.0), 3);
        for (const PruneMethod m : {PruneMethod::Pop, PruneMethod::Static, PruneMethod::Oracle})
            QCOMPARE(dense.outputError(m), 0.0);
        QCOMPARE(dense.batchKeptShare(), 1.0);
    }

    void everyStepMeetsTheBudgetExactly() {
        for (const MaskScope scope : {MaskScope::Batch, MaskScope::Sequence}) {
            const PopExperiment x(small(0.4, 3, scope), 5);
            QVERIFY(x.budgetMetExactly());
            const int keep = x.settings().keep();
            QCOMPARE(keep, 77);
            for (int l = 0; l < 2; ++l)
                for (int g = 0; g < x.settings().groups(); ++g) {
                    QCOMPARE(x.kept(l, g).size(), std::size_t{6});
                    for (const Channels &kept : x.kept(l, g)) {
                        QCOMPARE(int(kept.size()), keep);
                        const Channels computed = x.partition(l, g).computed();
                        QVERIFY(std::includes(computed.begin(), computed.end(), kept.begin(), kept.end()));
                    }
                }
        }
    }

    void aBatchStepScoresCandidatesOverAllItsTokens() {
        const Layer l = layerWithPartition(67, 10, 41);
        const MatrixF tokens = test::gaussianMatrix(3, 32, 42);
        const PopStep step = popDecodeStep(tokens, l.w, l.partition, l.factors);
        QCOMPARE(step.output.rows(), Eigen::Index{3});
        // The candidates' ||h_c||_2 over the three tokens, by explicit loops, pick the same five.
        std::vector<std::pair<double, int>> candidates;
        for (const int c : l.partition.candidates) {
            double sumSquares = 0, factor = 0;
            for (int t = 0; t < 3; ++t) {
                double g = 0, u = 0;
                for (int j = 0; j < 32; ++j) {
                    g += double(l.w.gate(c, j)) * tokens(t, j);
                    u += double(l.w.up(c, j)) * tokens(t, j);
                }
                sumSquares += std::pow(g / (1.0 + std::exp(-g)) * u, 2);
            }
            for (int j = 0; j < 32; ++j)
                factor += std::abs(double(l.w.down(j, c)));
            candidates.push_back({std::sqrt(sumSquares) * factor, c});
        }
        std::sort(candidates.begin(), candidates.end(), std::greater<>());
        for (std::size_t i = 0; i < candidates.size(); ++i)
            QCOMPARE(std::binary_search(step.kept.begin(), step.kept.end(), candidates[i].second), i < 5);
        // Each token's output is the FFN over the shared kept channels.
        for (int t = 0; t < 3; ++t) {
            const std::vector<double> reference = naiveOnKept(tokens.row(t), l.w, step.kept);
            for (int i = 0; i < 32; ++i)
                QVERIFY(std::abs(double(step.output(t, i)) - reference[static_cast<std::size_t>(i)]) < 1e-5);
        }
    }

    void popSitsBetweenTheOracleAndStaticPruning() {
        for (const double ratio : {0.3, 0.6}) {
            const PopExperiment x(small(ratio), 7);
            const double pop = x.outputError(PruneMethod::Pop), fixed = x.outputError(PruneMethod::Static),
                         oracle = x.outputError(PruneMethod::Oracle);
            QVERIFY2(
                oracle <= pop && pop < fixed,
                qPrintable(QStringLiteral("oracle %1 pop %2 static %3").arg(oracle).arg(pop).arg(fixed)));
        }
        // Without a candidate band POP's mask is the static one.
        PopSettings noBand = small(0.3);
        noBand.gamma = 0;
        const PopExperiment x(noBand, 7);
        QCOMPARE(x.outputError(PruneMethod::Pop), x.outputError(PruneMethod::Static));
    }

    void theBatchStreamsTheUnionOfItsGroupsChannels() {
        const PopExperiment batch(small(0.3, 4, MaskScope::Batch), 9);
        QCOMPARE(batch.batchKeptShare(), batch.groupKeptShare());
        QCOMPARE(batch.batchComputedShare(), batch.groupComputedShare());
        const PopExperiment own(small(0.3, 4, MaskScope::Sequence), 9);
        QVERIFY(own.batchKeptShare() > own.groupKeptShare());
        QVERIFY(own.batchComputedShare() >= own.groupComputedShare());
        QVERIFY(own.batchComputedShare() <= 1.0);
    }

    void sameSeedSameResult() {
        const PopExperiment a(small(0.3), 13), b(small(0.3), 13), c(small(0.3), 14);
        QCOMPARE(a.outputError(PruneMethod::Pop), b.outputError(PruneMethod::Pop));
        QCOMPARE(a.kept(1, 0), b.kept(1, 0));
        QVERIFY(a.outputError(PruneMethod::Pop) != c.outputError(PruneMethod::Pop));
    }

    void badSettingsNameTheField() {
        PopSettings s = small(0.3);
        s.gamma = 0.8;
        QVERIFY(test::errorOf([&] { PopExperiment(s, 1); }).contains(QStringLiteral("gamma = 0.8")));
        s = small(1.0);
        QVERIFY(test::errorOf([&] { PopExperiment(s, 1); }).contains(QStringLiteral("FFN pruning ratio")));
    }
};

QTEST_GUILESS_MAIN(TestPopExperiment)
#include "tst_popexperiment.moc"
