// KV-cache quantizers: Oaken's profiled groups, group-shift quantization and fused dense-and-sparse
// encoding, checked entry by entry against their definitions, with the bits counted from what is
// stored; and the per-token baseline on the same tensors.

#include <QtTest>

#include <cmath>

#include "core/api/errors.h"
#include "core/kernels/kvquant.h"
#include "core/workloads/synthetictensors.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {

MatrixF keys(int tokens, std::uint64_t seed, int layer = 0) {
    // One layer's keys of 32 heads × 128, as Oaken quantizes a token's row.
    return syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Keys, tokens, 4096), seed, layer).values;
}

// Width of a 4-bit step over an FP16-stored range of the row's group values.
double step(double lo, double hi) { return (hi - lo) / 15.0; }

}  // namespace

class TestKvQuant : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void profileSplitsFourNinetySix() {
        const MatrixF sample = keys(64, 1);
        const OakenThresholds t = OakenThresholds::profile({sample});
        QVERIFY(t.outerLow < t.innerLow && t.innerLow < t.innerHigh && t.innerHigh < t.outerHigh);
        std::array<double, 3> count{};
        for (Eigen::Index i = 0; i < sample.size(); ++i)
            count[static_cast<std::size_t>(t.groupOf(sample.data()[i]))] += 1;
        const auto n = static_cast<double>(sample.size());
        // On the profiled data itself the quantiles give the fractions (up to ties at a threshold).
        QVERIFY(std::abs(count[0] / n - 0.04) < 0.001);
        QVERIFY(std::abs(count[1] / n - 0.90) < 0.001);
        QVERIFY(std::abs(count[2] / n - 0.06) < 0.001);
        // Averaged over several passes.
        const OakenThresholds avg = OakenThresholds::profile({keys(64, 1), keys(64, 2), keys(64, 3)});
        QVERIFY(avg.outerHigh > avg.innerHigh);
        QVERIFY(test::errorOf([] { OakenThresholds::profile({}); }).contains(QStringLiteral("no sample")));
        QVERIFY(test::errorOf([&] { OakenThresholds::profile({sample}, {0.5, 0.2, 0.2}); }).contains(QStringLiteral("sum to 1")));
    }

    void everyEntryWithinItsGroupsStep() {
        const OakenQuantizer oaken(OakenThresholds::profile({keys(64, 1)}));
        const OakenThresholds &t = oaken.thresholds();
        const MatrixF x = keys(32, 9, 1);  // other tokens than the profile's
        const OakenEncoded e = oaken.encode(x);
        const MatrixF y = oaken.decode(e);
        for (int r = 0; r < x.rows(); ++r) {
            const auto &s = e.scales[static_cast<std::size_t>(r)];
            const auto value = [](std::uint16_t bits) {
                return static_cast<double>(Eigen::numext::bit_cast<Eigen::half>(bits));
            };
            for (int c = 0; c < x.cols(); ++c) {
                const float v = x(r, c);
                const double error = std::abs(static_cast<double>(y(r, c)) - v);
                double bound = 0;
                switch (t.groupOf(v)) {
                    case OakenGroup::Outer: bound = step(value(s[0]), value(s[1])) / 2; break;
                    // Folding puts both sides of the middle band next to zero: a value within half a
                    // step of zero may come back on the other side, off by the inner band's width.
                    case OakenGroup::Middle:
                        bound = step(value(s[2]), value(s[3])) / 2 + (t.innerHigh - t.innerLow);
                        break;
                    case OakenGroup::Inner: bound = step(value(s[4]), value(s[5])) / 2; break;
                }
                QVERIFY2(error <= bound * (1 + 1e-5) + 1e-6,
                         qPrintable(QStringLiteral("(%1, %2): %3 -> %4, bound %5").arg(r).arg(c).arg(v).arg(y(r, c)).arg(bound)));
            }
        }
    }

    void bitsAreWhatIsStored() {
        const OakenQuantizer oaken(OakenThresholds::profile({keys(64, 1)}));
        const MatrixF x = keys(32, 9, 1);
        const OakenEncoded e = oaken.encode(x);
        std::int64_t outliers = 0;
        for (Eigen::Index i = 0; i < x.size(); ++i)
            outliers += oaken.thresholds().groupOf(x.data()[i]) != OakenGroup::Middle;
        QCOMPARE(e.sparseEntries(), outliers);
        QCOMPARE(static_cast<std::int64_t>(e.dense.size()), (e.entries() + 1) / 2);
        // 4 bits per entry, 8 per sparse entry, six FP16 scales per row.
        QCOMPARE(e.bits(), e.entries() * 4 + outliers * 8 + std::int64_t{x.rows()} * 96);
        const double sparseFraction = static_cast<double>(outliers) / static_cast<double>(e.entries());
        QVERIFY(std::abs(e.bitsPerEntry() - (4 + 8 * sparseFraction + 96.0 / 4096)) < 1e-12);
        // Every chunk's sparse indices stay inside the chunk and increase.
        for (std::size_t k = 0; k + 1 < e.sparseBegin.size(); ++k)
            for (std::uint32_t s = e.sparseBegin[k] + 1; s < e.sparseBegin[k + 1]; ++s)
                QVERIFY((e.sparse[s] >> 2) > (e.sparse[s - 1] >> 2));
        // The sign bit keeps an outer entry on its side of the thresholds, and an inner one on its
        // side of zero.
        const MatrixF y = oaken.decode(e);
        const OakenThresholds &t = oaken.thresholds();
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            const float v = x.data()[i], w = y.data()[i];
            if (t.groupOf(v) == OakenGroup::Outer)
                QVERIFY(v <= t.outerLow ? w <= t.outerLow : w >= t.outerHigh);
            else if (t.groupOf(v) == OakenGroup::Inner && v != 0)
                QVERIFY(w == 0 || (w < 0) == (v < 0));
        }
    }

    void beatsPerTokenFourBitOnKeysWithOutlierChannels() {
        // The same tensors: Oaken's groups against a per-token 4-bit min-max quantizer (KIVI's
        // scheme for values, applied here to keys whose outlier channels stretch every row's range).
        const OakenQuantizer oaken(OakenThresholds::profile({keys(64, 1), keys(64, 2)}));
        const MatrixF x = keys(64, 17, 3);
        const double oakenError = meanSquaredError(x, oaken.decode(oaken.encode(x)));
        const PerTokenQuantized kivi = quantizePerToken(x, 4);
        const double kiviError = meanSquaredError(x, kivi.reconstructed);
        QVERIFY2(oakenError < kiviError / 4, qPrintable(QStringLiteral("%1 vs %2").arg(oakenError).arg(kiviError)));
        QCOMPARE(kivi.bits, x.size() * 4 + std::int64_t{x.rows()} * 32);
        // Per-token groups of 128 (one head) narrow the ranges and the error, at more bits.
        const PerTokenQuantized grouped = quantizePerToken(x, 4, 128);
        QVERIFY(meanSquaredError(x, grouped.reconstructed) < kiviError);
        QVERIFY(grouped.bitsPerEntry() > kivi.bitsPerEntry());
    }

    void perTokenErrorWithinHalfAStep() {
        const MatrixF x = keys(8, 4);
        const PerTokenQuantized q = quantizePerToken(x, 4, 64);
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            for (Eigen::Index g = 0; g < x.cols(); g += 64) {
                const auto block = x.row(r).segment(g, 64);
                const double half = (static_cast<double>(block.maxCoeff()) - block.minCoeff()) / 15.0 / 2;
                for (Eigen::Index c = 0; c < 64; ++c)
                    QVERIFY(std::abs(q.reconstructed(r, g + c) - block(c)) <= half * 1.01 + 1e-3);
            }
    }

    void badInputIsNamed() {
        MatrixF x = keys(2, 1);
        x(0, 0) = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(test::errorOf([&] { quantizePerToken(x); }).contains(QStringLiteral("finite")));
        QVERIFY(test::errorOf([] { OakenQuantizer q({1, 0, 2, 3}); }).contains(QStringLiteral("increase")));
        QVERIFY(test::errorOf([&] { meanSquaredError(keys(2, 1), keys(3, 1)); }).contains(QStringLiteral("2×4096")));
    }
};

QTEST_APPLESS_MAIN(TestKvQuant)
#include "tst_kvquant.moc"
