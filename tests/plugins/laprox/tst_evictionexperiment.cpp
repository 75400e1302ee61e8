// EvictionExperiment: LaProx's token scores against a direct computation of each token's
// contribution, exact budgets, lossless eviction at 100 %, and the error relations on the
// paper preset's synthetic layers.
#include <cmath>

#include <QtTest>

#include "functional/evictionexperiment.h"
#include "laproxcatalog.h"

using namespace accelscope;
using namespace accelscope::laprox;
using kernels::MatrixF;

namespace {

TransformerConfig smallModel() {
    TransformerConfig m;
    m.id = QStringLiteral("small");
    m.layers = 4;
    m.heads = 4;
    m.kvHeads = 2;
    m.headDim = 16;
    m.dModel = 64;
    return m;
}

EvictionSettings smallSettings() {
    EvictionSettings s;
    s.layers = 4;
    s.tokens = 64;
    s.window = 3;
    s.laterQueries = 4;
    s.outputWidth = 12;
    return s;
}

// Softmax attention probabilities by explicit loops in double: query i sees keys 0 .. firstPosition + i
// (a position at or past the last key sees them all).
std::vector<std::vector<double>> naiveProbabilities(const MatrixF &q, const MatrixF &k, int firstPosition) {
    std::vector<std::vector<double>> p(static_cast<std::size_t>(q.rows()), std::vector<double>(static_cast<std::size_t>(k.rows()), 0.0));
    for (int i = 0; i < q.rows(); ++i) {
        double maxLogit = -1e300;
        std::vector<double> logits(static_cast<std::size_t>(k.rows()));
        const int last = std::min<int>(firstPosition + i, int(k.rows()) - 1);
        for (int j = 0; j <= last; ++j) {
            double dot = 0;
            for (int c = 0; c < q.cols(); ++c)
                dot += double(q(i, c)) * k(j, c);
            logits[static_cast<std::size_t>(j)] = dot / std::sqrt(double(q.cols()));
            maxLogit = std::max(maxLogit, logits[static_cast<std::size_t>(j)]);
        }
        double sum = 0;
        for (int j = 0; j <= last; ++j)
            sum += std::exp(logits[static_cast<std::size_t>(j)] - maxLogit);
        for (int j = 0; j <= last; ++j)
            p[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = std::exp(logits[static_cast<std::size_t>(j)] - maxLogit) / sum;
    }
    return p;
}

// The layer output at the window, Σ_h A_h · V_g · W_O^h, with value rows `zeroed` (token, or -1)
// set to zero in the KV heads `heads` (all when empty), by explicit loops.
std::vector<double> naiveWindowOutput(const SyntheticAttentionSpec &spec, const SyntheticAttentionLayer &layer,
                                      const std::vector<std::vector<std::vector<double>>> &probabilities, int zeroed,
                                      int zeroedKvHead) {
    std::vector<double> out(static_cast<std::size_t>(spec.windowQueries * spec.outputWidth), 0.0);
    for (int h = 0; h < spec.heads; ++h) {
        const int g = spec.kvHeadOf(h);
        const MatrixF &v = layer.values[static_cast<std::size_t>(g)];
        const MatrixF &wo = layer.outputProjection[static_cast<std::size_t>(h)];
        for (int i = 0; i < spec.windowQueries; ++i)
            for (int j = 0; j < spec.tokens; ++j) {
                if (j == zeroed && (zeroedKvHead < 0 || zeroedKvHead == g))
                    continue;
                const double a = probabilities[static_cast<std::size_t>(h)][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
                for (int c = 0; c < spec.outputWidth; ++c) {
                    double u = 0;
                    for (int k = 0; k < spec.headDim; ++k)
                        u += double(v(j, k)) * wo(k, c);
                    out[static_cast<std::size_t>(i * spec.outputWidth + c)] += a * u;
                }
            }
    }
    return out;
}

double distance(const std::vector<double> &a, const std::vector<double> &b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

}  // namespace

class TestEvictionExperiment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresAreEachTokensContribution() {
        SyntheticAttentionSpec spec = SyntheticAttentionSpec::forModel(smallModel(), 24, 10);
        spec.windowQueries = 4;
        const SyntheticAttentionLayer layer = syntheticAttentionLayer(spec, 7, 1);
        const LayerScoringInputs in = scoringInputs(spec, layer);
        const std::vector<std::vector<double>> scores = contributionScores(spec, in);
        QCOMPARE(scores.size(), std::size_t(spec.kvHeads + 1));

        std::vector<std::vector<std::vector<double>>> p;
        for (int h = 0; h < spec.heads; ++h) {
            p.push_back(naiveProbabilities(layer.windowQueries[std::size_t(h)], layer.keys[std::size_t(spec.kvHeadOf(h))],
                                           spec.tokens - spec.windowQueries));
            for (int i = 0; i < spec.windowQueries; ++i)
                for (int j = 0; j < spec.tokens; ++j)
                    QVERIFY(std::abs(in.windowProbabilities[std::size_t(h)](i, j) - p.back()[std::size_t(i)][std::size_t(j)]) < 1e-5);
        }
        // A token's score is how far the window output moves when its value rows are removed
        // (attention weights held fixed): all heads for the layer score, one KV head's for its score.
        const std::vector<double> full = naiveWindowOutput(spec, layer, p, -1, -1);
        for (int j = 0; j < spec.tokens; ++j) {
            const double layerScore = distance(full, naiveWindowOutput(spec, layer, p, j, -1));
            QVERIFY2(std::abs(scores.back()[std::size_t(j)] - layerScore) <= 1e-4 * std::max(layerScore, 1e-3),
                     qPrintable(QStringLiteral("token %1: %2 vs %3").arg(j).arg(scores.back()[std::size_t(j)]).arg(layerScore)));
            for (int g = 0; g < spec.kvHeads; ++g) {
                const double headScore = distance(full, naiveWindowOutput(spec, layer, p, j, g));
                QVERIFY(std::abs(scores[std::size_t(g)][std::size_t(j)] - headScore) <= 1e-4 * std::max(headScore, 1e-3));
            }
        }
        // Cross-head terms count: the layer score is not the sum of the KV heads' scores.
        double gap = 0;
        for (int j = 0; j < spec.tokens; ++j)
            gap += std::abs(scores.back()[std::size_t(j)] - (scores[0][std::size_t(j)] + scores[1][std::size_t(j)]));
        QVERIFY(gap > 1e-3);
    }

    void everySelectionMeetsItsBudgetExactly() {
        const EvictionExperiment x(smallModel(), smallSettings(), 3);
        for (const double budget : x.settings().budgets)
            for (const EvictionMethod m : allEvictionMethods()) {
                const Selection s = x.select(m, budget);
                const int keep = x.settings().keepPerCache(budget);
                QCOMPARE(EvictionExperiment::keptEntries(s), std::int64_t{keep} * 4 * 2);
                for (const LayerSelection &layer : s)
                    for (const kernels::KeptTokens &head : layer) {
                        QVERIFY(std::is_sorted(head.begin(), head.end()));
                        QVERIFY(std::adjacent_find(head.begin(), head.end()) == head.end());
                        for (int t = 61; t < 64; ++t)  // the window stays
                            QVERIFY(std::binary_search(head.begin(), head.end(), t));
                        if (!isHeadwise(m))
                            QCOMPARE(head, layer.front());
                        else if (m != EvictionMethod::LaproxKvHead)
                            QCOMPARE(int(head.size()), keep);
                    }
            }
        // Model-wide selection does not split the budget evenly over layers.
        const Selection global = x.select(EvictionMethod::Laprox, 0.2);
        bool uneven = false;
        for (const LayerSelection &layer : global)
            uneven = uneven || int(layer.front().size()) != x.settings().keepPerCache(0.2);
        QVERIFY(uneven);
    }

    void fullBudgetReproducesTheOutputExactly() {
        const EvictionExperiment x(smallModel(), smallSettings(), 3);
        SyntheticAttentionSpec spec = x.spec();
        const SyntheticAttentionLayer layer = syntheticAttentionLayer(spec, 3, x.modelLayers()[2]);
        const MatrixF full = laterOutput(spec, layer);
        for (const EvictionMethod m : allEvictionMethods()) {
            const Selection s = x.select(m, 1.0);
            QCOMPARE(EvictionExperiment::keptEntries(s), x.fullEntries());
            QVERIFY(laterOutput(spec, layer, &s[2]) == full);
            QCOMPARE(x.outputError(m, 1.0), 0.0);
        }
        // The full output is softmax attention over every token through W_O (checked by loops).
        for (int h = 0; h < spec.heads; ++h) {
            const auto p = naiveProbabilities(layer.laterQueries[std::size_t(h)], layer.keys[std::size_t(spec.kvHeadOf(h))],
                                              spec.tokens);
            QCOMPARE(p.front().size(), std::size_t(spec.tokens));
        }
        double reference = 0;
        for (int c = 0; c < spec.outputWidth; ++c) {
            double o = 0;
            for (int h = 0; h < spec.heads; ++h) {
                const int g = spec.kvHeadOf(h);
                const auto p = naiveProbabilities(layer.laterQueries[std::size_t(h)], layer.keys[std::size_t(g)], spec.tokens);
                for (int j = 0; j < spec.tokens; ++j)
                    for (int k = 0; k < spec.headDim; ++k)
                        o += p[0][std::size_t(j)] * layer.values[std::size_t(g)](j, k) * layer.outputProjection[std::size_t(h)](k, c);
            }
            reference = std::max(reference, std::abs(o - full(0, c)) / (std::abs(o) + 1e-3));
        }
        QVERIFY2(reference < 1e-4, qPrintable(QString::number(reference)));
    }

    void errorRelationsOnThePaperPreset() {
        // The paper preset's model and statistics, with fewer functional layers to stay fast.
        ParamSet params = ParamSet::fromPreset(laproxSchema(), *findPreset(laproxPresets(), QStringLiteral("paper")));
        params.assign(QStringLiteral("functional_layers=4"));
        const LaproxRunConfig run = LaproxRunConfig::fromParams(params);
        const EvictionExperiment x(run.workload.model, run.functional, 1);
        double previous = 1e9;
        for (const double b : {0.05, 0.10, 0.20, 0.50}) {
            const double laprox = x.outputError(EvictionMethod::Laprox, b);
            // Model-wide selection beats splitting the same scores evenly over layers.
            QVERIFY2(laprox < x.outputError(EvictionMethod::LaproxLayerwise, b),
                     qPrintable(QStringLiteral("budget %1: laprox %2, layer-wise %3")
                                    .arg(b)
                                    .arg(laprox)
                                    .arg(x.outputError(EvictionMethod::LaproxLayerwise, b))));
            QVERIFY(laprox < previous);  // more budget, less error
            previous = laprox;
        }
        // Measured, and the reason the "LaProx <= H2O" claims FAIL on these tensors (README):
        // one token set per layer cannot follow KV heads whose heavy hitters differ, while
        // per-KV-head selection can; LaProx's own scores per KV head do as well as H2O.
        QVERIFY(x.outputError(EvictionMethod::Laprox, 0.05) > x.outputError(EvictionMethod::H2o, 0.05));
        QVERIFY(x.outputError(EvictionMethod::LaproxKvHead, 0.50) < x.outputError(EvictionMethod::H2o, 0.50));
    }
};

QTEST_GUILESS_MAIN(TestEvictionExperiment)
#include "tst_evictionexperiment.moc"
