// NTT: radix-2, radix-4 and four-step against the naive O(n²) transform; INTT(NTT(x)) = x.
#include <random>

#include <QtTest>

#include "core/kernels/ntt.h"
#include "tests/support/errorof.h"

using namespace accelscope::kernels;

namespace {
std::vector<Limbs> randomVector(const PrimeField &field, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Limbs> v(n);
    for (auto &x : v)
        x = field.fromUint(rng());
    return v;
}
}  // namespace

class TestNtt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesNaiveTransform_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<int>("logN");
        for (const char *f : {"goldilocks", "bn254_fr", "bls12_381_fr"})
            for (const auto a : {NttAlgorithm::Radix2, NttAlgorithm::Radix4, NttAlgorithm::FourStep})
                for (int logN : {0, 1, 2, 3, 5, 6})
                    QTest::addRow("%s/%s/2^%d", f, qPrintable(toString(a)), logN)
                        << QString::fromLatin1(f) << static_cast<int>(a) << logN;
    }
    void matchesNaiveTransform() {
        QFETCH(QString, field);
        QFETCH(int, algorithm);
        QFETCH(int, logN);
        const PrimeField f = PrimeField::byName(field, LimbMulMethod::Toom2);
        const auto x = randomVector(f, std::size_t{1} << logN, 3 + static_cast<std::uint64_t>(logN));
        auto y = x;
        ntt(f, y, static_cast<NttAlgorithm>(algorithm));
        QVERIFY(y == naiveDft(f, x));
        ntt(f, y, static_cast<NttAlgorithm>(algorithm), true);
        QVERIFY(y == x);
    }

    void inverseRoundTripAtLargerSize() {
        const PrimeField f = PrimeField::bls12381Fr(LimbMulMethod::Toom3);
        const auto x = randomVector(f, 1024, 5);
        for (const auto a : {NttAlgorithm::Radix2, NttAlgorithm::Radix4, NttAlgorithm::FourStep}) {
            auto y = x;
            ntt(f, y, a);
            QVERIFY(y != x);
            ntt(f, y, a, true);
            QVERIFY(y == x);
        }
    }

    void radix4HalvesThePassesWithEqualProducts() {
        // In a prime field the product by ω^(n/4) is a real product, so radix-4 performs as many
        // multiplications as radix-2 (4 per 4-point butterfly); its gain is log4 n passes.
        const PrimeField f = PrimeField::goldilocks();
        auto a = randomVector(f, 256, 1), b = a;
        const NttStats r2 = ntt(f, a, NttAlgorithm::Radix2);
        const NttStats r4 = ntt(f, b, NttAlgorithm::Radix4);
        QCOMPARE(a, b);
        QCOMPARE(r2.mulmods, 128 * 8);
        QCOMPARE(r4.mulmods, r2.mulmods);
        QCOMPARE(r4.addmods, r2.addmods);
    }

    void convolutionTheorem() {
        // NTT turns cyclic convolution into element-wise products.
        const PrimeField f = PrimeField::bn254Fr();
        const std::size_t n = 16;
        const auto a = randomVector(f, n, 8), b = randomVector(f, n, 9);
        std::vector<Limbs> direct(n, f.zero());
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                direct[(i + j) % n] = f.add(direct[(i + j) % n], f.mul(a[i], b[j]));
        auto fa = a, fb = b;
        ntt(f, fa, NttAlgorithm::Radix2);
        ntt(f, fb, NttAlgorithm::Radix2);
        auto c = pointwiseMul(f, fa, fb);
        ntt(f, c, NttAlgorithm::FourStep, true);
        QVERIFY(c == direct);
    }

    void badSizesAreNamed() {
        const PrimeField f = PrimeField::goldilocks();
        std::vector<Limbs> v(12, f.one());
        QVERIFY(accelscope::test::errorOf([&] {
                    ntt(f, v, NttAlgorithm::Radix2);
                }).contains(QStringLiteral("not a power of two")));
        QVERIFY(accelscope::test::errorOf([] {
                    nttAlgorithmFromString(QStringLiteral("radix8"));
                }).contains(QStringLiteral("four_step")));
    }
};

QTEST_GUILESS_MAIN(TestNtt)
#include "tst_ntt.moc"
