// The gated (SwiGLU) FFN kernel: the dense output against a naive triple loop in double, any
// channel subset against the same loop over those channels only, and the subset of every channel
// reproducing the dense output bit for bit.
#include <QtTest>

#include <cmath>

#include "core/kernels/gatedffn.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

// y_i = Σ_{c in channels} W_down[i,c] · SiLU(Σ_j W_gate[c,j] x_j) · Σ_j W_up[c,j] x_j, in double.
std::vector<double> naiveFfn(const MatrixF &x, int token, const GatedFfnWeights &w,
                             const std::vector<int> &channels) {
    std::vector<double> y(static_cast<std::size_t>(w.dModel()), 0.0);
    for (const int c : channels) {
        double g = 0, u = 0;
        for (int j = 0; j < w.dModel(); ++j) {
            g += double(w.gate(c, j)) * x(token, j);
            u += double(w.up(c, j)) * x(token, j);
        }
        const double h = g / (1.0 + std::exp(-g)) * u;
        for (int i = 0; i < w.dModel(); ++i)
            y[static_cast<std::size_t>(i)] += double(w.down(i, c)) * h;
    }
    return y;
}

double maxDifference(const MatrixF &y, int token, const std::vector<double> &reference) {
    double worst = 0;
    for (std::size_t i = 0; i < reference.size(); ++i)
        worst = std::max(worst, std::abs(double(y(token, static_cast<Eigen::Index>(i))) - reference[i]));
    return worst;
}

}  // namespace

class TestGatedFfn : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void denseMatchesTheNaiveLoop() {
        std::mt19937_64 rng(3);
        const GatedFfnWeights w = syntheticGatedFfn(32, 88, rng);
        const MatrixF x = test::gaussianMatrix(4, 32, 5);
        const MatrixF y = gatedFfn(x, w);
        for (int t = 0; t < 4; ++t)
            QVERIFY(maxDifference(y, t, naiveFfn(x, t, w, allChannels(88))) < 1e-4);
    }

    void aChannelSubsetComputesOnlyThoseChannels() {
        std::mt19937_64 rng(4);
        const GatedFfnWeights w = syntheticGatedFfn(24, 64, rng);
        const MatrixF x = test::gaussianMatrix(3, 24, 6);
        const std::vector<int> kept{0, 5, 6, 17, 40, 63};
        const MatrixF y = gatedFfnOutput(gatedFfnHidden(x, w, kept), w, kept);
        for (int t = 0; t < 3; ++t)
            QVERIFY(maxDifference(y, t, naiveFfn(x, t, w, kept)) < 1e-5);
        // The compacted FFN of those channels gives the same bits.
        QVERIFY(gatedFfn(x, gatedFfnSubset(w, kept)) == y);
        // No channel kept: no output.
        QCOMPARE(gatedFfnOutput(gatedFfnHidden(x, w, {}), w, {}).norm(), 0.0f);
    }

    void everyChannelReproducesTheDenseOutputBitForBit() {
        std::mt19937_64 rng(5);
        const GatedFfnWeights w = syntheticGatedFfn(48, 128, rng);
        const MatrixF x = test::gaussianMatrix(1, 48, 7);
        const std::vector<int> all = allChannels(128);
        const MatrixF dense = gatedFfn(x, w);
        const MatrixF viaChannels = gatedFfnOutput(gatedFfnHidden(x, w, all), w, all);
        QVERIFY(dense == viaChannels);
    }

    void channelScalesSpreadTheChannelsWeights() {
        std::mt19937_64 rng(6);
        const GatedFfnWeights w = syntheticGatedFfn(64, 256, rng, 0.5);
        // Log of the per-channel down-column norm spreads by about the configured 0.5.
        std::vector<double> logs;
        for (int c = 0; c < 256; ++c)
            logs.push_back(std::log(double(w.down.col(c).norm())));
        double mean = 0, var = 0;
        for (const double l : logs)
            mean += l / logs.size();
        for (const double l : logs)
            var += (l - mean) * (l - mean) / logs.size();
        QVERIFY(std::sqrt(var) > 0.4 && std::sqrt(var) < 0.6);
    }

    void badShapesAreRejected() {
        std::mt19937_64 rng(7);
        const GatedFfnWeights w = syntheticGatedFfn(8, 16, rng);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gatedFfn(test::gaussianMatrix(1, 9, 1), w));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 gatedFfnHidden(test::gaussianMatrix(1, 8, 1), w, {16}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gatedFfnOutput(MatrixF::Zero(1, 2), w, {1}));
    }
};

QTEST_GUILESS_MAIN(TestGatedFfn)
#include "tst_gatedffn.moc"
