// Elliptic-curve G1 arithmetic and Pippenger MSM against naive double-and-add, on BN254 and
// BLS12-381 with their real generators.
#include <random>

#include <QtTest>

#include "core/kernels/msm.h"

using namespace accelscope::kernels;

namespace {
Limbs randomScalar(const PrimeField &fr, std::mt19937_64 &rng) {
    return fr.fromMontgomery(fr.fromUint(rng()));  // < r, up to 64 bits, spread below
}
Limbs wideScalar(const PrimeField &fr, std::mt19937_64 &rng) {
    // A full-width canonical scalar: a random Montgomery value read back as canonical.
    Limbs x{};
    for (int i = 0; i < fr.limbs(); ++i)
        x[static_cast<std::size_t>(i)] = rng();
    x[static_cast<std::size_t>(fr.limbs() - 1)] >>= 4;  // below r (r > 2^252)
    return x;
}
}  // namespace

class TestMsm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void generatorsAreOnTheCurveAndHaveOrderR_data() {
        QTest::addColumn<QString>("curve");
        QTest::newRow("bn254") << QStringLiteral("bn254");
        QTest::newRow("bls12_381") << QStringLiteral("bls12_381");
    }
    void generatorsAreOnTheCurveAndHaveOrderR() {
        QFETCH(QString, curve);
        const EllipticCurve c = EllipticCurve::byName(curve, LimbMulMethod::Toom3);
        const JacobianPoint g = c.generator();
        QVERIFY(c.isOnCurve(g));
        QVERIFY(c.isInfinity(c.scalarMul(g, c.scalarField().modulus())));
        Limbs rMinus1 = c.scalarField().modulus();
        rMinus1[0] -= 1;
        QVERIFY(c.equal(c.scalarMul(g, rMinus1), c.negate(g)));
        QVERIFY(c.equal(c.add(g, g), c.dbl(g)));
        QVERIFY(c.isInfinity(c.add(g, c.negate(g))));
    }

    void pippengerMatchesNaive_data() {
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("points");
        for (const char *curve : {"bn254", "bls12_381"})
            for (int window : {1, 3, 4, 7})
                QTest::addRow("%s/c=%d", curve, window) << QString::fromLatin1(curve) << window << 24;
    }
    void pippengerMatchesNaive() {
        QFETCH(QString, curve);
        QFETCH(int, window);
        QFETCH(int, points);
        const EllipticCurve c = EllipticCurve::byName(curve, LimbMulMethod::Toom2);
        std::mt19937_64 rng(static_cast<std::uint64_t>(window) * 31 + static_cast<std::uint64_t>(points));
        std::vector<JacobianPoint> bases;
        std::vector<Limbs> scalars;
        JacobianPoint p = c.generator();
        for (int i = 0; i < points; ++i) {
            p = c.add(c.dbl(p), c.generator());  // distinct multiples of G
            bases.push_back(p);
            scalars.push_back(i % 3 == 0 ? wideScalar(c.scalarField(), rng)
                                         : randomScalar(c.scalarField(), rng));
        }
        scalars[1] = Limbs{};     // a zero scalar
        scalars[2] = scalars[3];  // equal scalars share buckets
        MsmStats stats;
        const JacobianPoint fast = msmPippenger(c, bases, scalars, window, &stats);
        QVERIFY(c.isOnCurve(fast));
        QVERIFY(c.equal(fast, msmNaive(c, bases, scalars)));
        const auto bound = pippengerOperations(points, c.scalarField().bits(), window);
        QCOMPARE(static_cast<double>(stats.doublings), bound.doublings);
        QVERIFY(static_cast<double>(stats.bucketAdds + stats.reductionAdds) <= bound.additions);

        // Bucket fill: every point lands once per window in the bucket of its digit, read here
        // bit by bit from the scalar.
        const std::size_t buckets = std::size_t{1} << window;
        QCOMPARE(stats.bucketFill.size(), static_cast<std::size_t>(stats.windows) * buckets);
        std::vector<std::int32_t> expected(stats.bucketFill.size(), 0);
        for (const Limbs &k : scalars) {
            for (std::int64_t w = 0; w < stats.windows; ++w) {
                std::size_t digit = 0;
                for (int b = 0; b < window; ++b) {
                    const std::int64_t bit = w * window + b;
                    if (bit < static_cast<std::int64_t>(k.size()) * 64 &&
                        ((k[static_cast<std::size_t>(bit / 64)] >> (bit % 64)) & 1U))
                        digit |= std::size_t{1} << b;
                }
                if (digit != 0)
                    ++expected[static_cast<std::size_t>(w) * buckets + digit];
            }
        }
        QCOMPARE(stats.bucketFill, expected);
    }
};

QTEST_GUILESS_MAIN(TestMsm)
#include "tst_msm.moc"
