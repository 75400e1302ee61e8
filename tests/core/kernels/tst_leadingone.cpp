// Leading-one detection and the log-domain product: the codes against their definition (every
// magnitude), the error bounds of one and two leading ones, and the product against a naive loop
// of exponent additions with separate positive and negative sums.
#include <QtTest>

#include <random>
#include <stdexcept>

#include "core/kernels/leadingone.h"
#include "tests/support/randommatrix.h"

using namespace accelscope;
using namespace accelscope::kernels;

class TestLeadingOne : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsLeadingOnes() {
        QCOMPARE(leadingOnes(0, 2), (std::array<int, 2>{-1, -1}));
        QCOMPARE(leadingOnes(64, 2), (std::array<int, 2>{6, -1}));
        QCOMPARE(leadingOnes(0b1011, 2), (std::array<int, 2>{3, 1}));
        QCOMPARE(leadingOnes(0b1011, 1), (std::array<int, 2>{3, -1}));
        QCOMPARE(leadingOneApproximation(0b1011, 2), 0b1010u);
        QCOMPARE(leadingOneApproximation(0b1011, 1), 0b1000u);
        QCOMPARE(leadingOneApproximation(0b0110, 2), 0b0110u);  // two set bits: exact
    }

    void errorIsBelowAHalfWithOneTermAndAQuarterWithTwo() {
        for (std::uint32_t q = 1; q < (1u << 16); ++q) {
            const double one = leadingOneApproximation(q, 1), two = leadingOneApproximation(q, 2);
            QVERIFY(one <= q && two <= q && one <= two);
            QVERIFY((q - one) / q < 0.5);
            QVERIFY((q - two) / q < 0.25);
        }
    }

    void productEqualsTheExponentAdditionLoop() {
        const MatrixF a = test::gaussianMatrix(7, 13, 1), b = test::gaussianMatrix(13, 5, 2);
        for (int terms = 1; terms <= 2; ++terms) {
            const LeadingOneMatrix ea = encodeLeadingOnes(a, 8, terms), eb = encodeLeadingOnes(b, 8, terms);
            const LogDomainProduct p = logDomainProduct(ea, eb);
            double adds = 0;
            for (int i = 0; i < 7; ++i)
                for (int j = 0; j < 5; ++j) {
                    std::int64_t positive = 0, negative = 0;
                    for (int k = 0; k < 13; ++k) {
                        const std::size_t ia = std::size_t(i) * 13 + k, ib = std::size_t(k) * 5 + j;
                        for (const std::int8_t pa : ea.exponents[ia])
                            for (const std::int8_t pb : eb.exponents[ib]) {
                                if (pa < 0 || pb < 0)
                                    continue;
                                adds += 1;
                                const std::int64_t term = std::int64_t{1} << (pa + pb);
                                (ea.sign[ia] * eb.sign[ib] > 0 ? positive : negative) += term;
                            }
                    }
                    QCOMPARE(p.positive(i, j), double(positive));
                    QCOMPARE(p.negative(i, j), double(negative));
                }
            QCOMPARE(p.exponentAdds, adds);
        }
    }

    void twoStepPredictsTheExactProductBetter() {
        const MatrixF a = test::gaussianMatrix(32, 64, 3), b = test::gaussianMatrix(64, 32, 4);
        const MatrixF exact = a * b;
        double error[3] = {};
        for (int terms = 1; terms <= 2; ++terms) {
            const MatrixF approx =
                logDomainProduct(encodeLeadingOnes(a, 8, terms), encodeLeadingOnes(b, 8, terms)).values();
            error[terms] = (approx - exact).norm() / exact.norm();
        }
        QVERIFY2(error[2] < error[1], qPrintable(QStringLiteral("%1 vs %2").arg(error[2]).arg(error[1])));
        QVERIFY(error[2] < 0.2);
        QVERIFY(error[1] < 0.5);
    }

    void valuesScaleBack() {
        MatrixF m(1, 3);
        m << 1.0f, -0.5f, 0.0f;
        const LeadingOneMatrix e = encodeLeadingOnes(m, 8, 2);
        QCOMPARE(e.sign, (std::vector<std::int8_t>{1, -1, 0}));
        // Scale 1/127: 1.0 is code 127, whose two leading ones are 64 + 32; −0.5 rounds to code 64.
        QVERIFY(std::abs(e.values()(0, 0) - 96.0f / 127) < 1e-6f);
        QVERIFY(std::abs(e.values()(0, 1) + 64.0f / 127) < 1e-6f);
        QCOMPARE(e.values()(0, 2), 0.0f);
    }

    void rejectsBadWidths() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeLeadingOnes(MatrixF::Ones(2, 2), 1, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeLeadingOnes(MatrixF::Ones(2, 2), 8, 3));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            logDomainProduct(encodeLeadingOnes(MatrixF::Ones(2, 3)), encodeLeadingOnes(MatrixF::Ones(2, 3))));
    }
};

QTEST_GUILESS_MAIN(TestLeadingOne)
#include "tst_leadingone.moc"
