// Multi-precision field arithmetic (schoolbook, Toom-2, Toom-3 limb products, Montgomery
// reduction) checked against GMP on random operands and edge values.
#include <random>
#include <vector>

#include <gmp.h>

#include <QtTest>

#include "core/kernels/primefield.h"
#include "tests/support/errorof.h"

using namespace accelscope::kernels;

namespace {

struct Mpz {
    mpz_t v;
    Mpz() { mpz_init(v); }
    ~Mpz() { mpz_clear(v); }
    Mpz(const Mpz &) = delete;
    Mpz &operator=(const Mpz &) = delete;
};

void toMpz(const Limbs &limbs, int n, mpz_t out) {
    mpz_import(out, static_cast<std::size_t>(n), -1, sizeof(std::uint64_t), 0, 0, limbs.data());
}

Limbs fromMpz(const mpz_t value) {
    Limbs out{};
    std::size_t count = 0;
    mpz_export(out.data(), &count, -1, sizeof(std::uint64_t), 0, 0, value);
    return out;
}

std::vector<PrimeField> allFields(LimbMulMethod method) {
    return {PrimeField::goldilocks(method), PrimeField::bn254Fq(method), PrimeField::bn254Fr(method),
            PrimeField::bls12381Fq(method), PrimeField::bls12381Fr(method)};
}

// Random canonical values plus 0, 1, 2, p−1, p−2 and values with all-ones / all-zero limbs.
std::vector<Limbs> operands(const PrimeField &field, std::mt19937_64 &rng, int randomCount) {
    Mpz p, x;
    toMpz(field.modulus(), field.limbs(), p.v);
    std::vector<Limbs> out;
    for (unsigned long small : {0UL, 1UL, 2UL}) {
        mpz_set_ui(x.v, small);
        out.push_back(fromMpz(x.v));
    }
    for (unsigned long back : {1UL, 2UL}) {
        mpz_sub_ui(x.v, p.v, back);
        out.push_back(fromMpz(x.v));
    }
    for (int limb = 1; limb < field.limbs(); ++limb) {
        mpz_set_ui(x.v, 1);
        mpz_mul_2exp(x.v, x.v, static_cast<mp_bitcnt_t>(64 * limb));  // 2^(64·limb) and one below
        out.push_back(fromMpz(x.v));
        mpz_sub_ui(x.v, x.v, 1);
        out.push_back(fromMpz(x.v));
    }
    for (int i = 0; i < randomCount; ++i) {
        Limbs r{};
        for (int l = 0; l < field.limbs(); ++l)
            r[static_cast<std::size_t>(l)] = rng();
        toMpz(r, field.limbs(), x.v);
        mpz_mod(x.v, x.v, p.v);
        out.push_back(fromMpz(x.v));
    }
    return out;
}

}  // namespace

class TestPrimeField : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void limbProductsMatchGmp_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("schoolbook") << static_cast<int>(LimbMulMethod::Schoolbook);
        QTest::newRow("toom2") << static_cast<int>(LimbMulMethod::Toom2);
        QTest::newRow("toom3") << static_cast<int>(LimbMulMethod::Toom3);
    }
    void limbProductsMatchGmp() {
        QFETCH(int, method);
        std::mt19937_64 rng(7);
        for (int n = 1; n <= kMaxMulLimbs; ++n) {
            for (int trial = 0; trial < 200; ++trial) {
                std::vector<std::uint64_t> a(static_cast<std::size_t>(n)), b(a.size());
                for (std::size_t i = 0; i < a.size(); ++i) {
                    // Mix random limbs with all-ones and zero limbs (carry and sign edge cases).
                    const auto pick = [&] {
                        switch (rng() % 4) {
                            case 0:
                                return ~std::uint64_t{0};
                            case 1:
                                return std::uint64_t{0};
                            default:
                                return static_cast<std::uint64_t>(rng());
                        }
                    };
                    a[i] = pick();
                    b[i] = pick();
                }
                std::vector<std::uint64_t> got(2 * a.size()), want(2 * a.size());
                mulLimbs(a.data(), b.data(), n, got.data(), static_cast<LimbMulMethod>(method));
                mpn_mul_n(reinterpret_cast<mp_limb_t *>(want.data()),
                          reinterpret_cast<const mp_limb_t *>(a.data()),
                          reinterpret_cast<const mp_limb_t *>(b.data()), n);
                QVERIFY2(got == want, qPrintable(QStringLiteral("n=%1 trial=%2").arg(n).arg(trial)));
            }
        }
    }

    void toomUsesFewerLimbProducts() {
        QCOMPARE(limbProducts(6, LimbMulMethod::Schoolbook), 36);
        QCOMPARE(limbProducts(6, LimbMulMethod::Toom2), 27);  // 3 products of 3×3 limbs
        QCOMPARE(limbProducts(6, LimbMulMethod::Toom3), 20);  // 5 products of 2×2 limbs
        QCOMPARE(limbProducts(4, LimbMulMethod::Toom2), 12);
        QCOMPARE(limbProducts(1, LimbMulMethod::Toom3), 1);
    }

    void fieldConstants() {
        QCOMPARE(PrimeField::goldilocks().limbs(), 1);
        QCOMPARE(PrimeField::bn254Fq().bits(), 254);
        QCOMPARE(PrimeField::bn254Fr().twoAdicity(), 28);
        QCOMPARE(PrimeField::bls12381Fq().bits(), 381);
        QCOMPARE(PrimeField::bls12381Fq().limbs(), 6);
        QCOMPARE(PrimeField::bls12381Fr().twoAdicity(), 32);
        QCOMPARE(PrimeField::goldilocks().twoAdicity(), 32);
        for (const auto &field : allFields(LimbMulMethod::Schoolbook)) {
            Mpz p;
            toMpz(field.modulus(), field.limbs(), p.v);
            QVERIFY2(mpz_probab_prime_p(p.v, 30) > 0, qPrintable(field.name()));
        }
    }

    void montgomeryArithmeticMatchesGmp_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("schoolbook") << static_cast<int>(LimbMulMethod::Schoolbook);
        QTest::newRow("toom2") << static_cast<int>(LimbMulMethod::Toom2);
        QTest::newRow("toom3") << static_cast<int>(LimbMulMethod::Toom3);
    }
    void montgomeryArithmeticMatchesGmp() {
        QFETCH(int, method);
        std::mt19937_64 rng(11);
        for (const auto &field : allFields(static_cast<LimbMulMethod>(method))) {
            Mpz p, a, b, want;
            toMpz(field.modulus(), field.limbs(), p.v);
            const auto values = operands(field, rng, 24);
            for (const auto &x : values) {
                for (const auto &y : values) {
                    toMpz(x, field.limbs(), a.v);
                    toMpz(y, field.limbs(), b.v);
                    const Limbs mx = field.toMontgomery(x), my = field.toMontgomery(y);
                    mpz_mul(want.v, a.v, b.v);
                    mpz_mod(want.v, want.v, p.v);
                    QVERIFY2(
                        field.fromMontgomery(field.mul(mx, my)) == fromMpz(want.v),
                        qPrintable(field.name() + QStringLiteral(" mul ") + limbsToHex(x, field.limbs()) +
                                   QStringLiteral(" ") + limbsToHex(y, field.limbs())));
                    mpz_add(want.v, a.v, b.v);
                    mpz_mod(want.v, want.v, p.v);
                    QVERIFY(field.fromMontgomery(field.add(mx, my)) == fromMpz(want.v));
                    mpz_sub(want.v, a.v, b.v);
                    mpz_mod(want.v, want.v, p.v);
                    QVERIFY(field.fromMontgomery(field.sub(mx, my)) == fromMpz(want.v));
                }
            }
        }
    }

    void inverseAndRootsOfUnity() {
        const PrimeField field = PrimeField::bls12381Fr(LimbMulMethod::Toom2);
        const Limbs x = field.fromUint(123456789);
        QCOMPARE(field.mul(x, field.inverse(x)), field.one());
        const Limbs w = field.rootOfUnity(10);
        Limbs half = w;  // ω^(2^9) must be −1 for a primitive 2^10-th root
        for (int i = 0; i < 9; ++i)
            half = field.square(half);
        QCOMPARE(half, field.neg(field.one()));
        QVERIFY(accelscope::test::errorOf([&] {
                    field.rootOfUnity(33);
                }).contains(QStringLiteral("two-adicity")));
    }

    void badInputIsNamed() {
        QVERIFY(accelscope::test::errorOf([] {
                    limbsFromHex(QStringLiteral("0x12g4"));
                }).contains(QStringLiteral("non-hex digit 'g'")));
        QVERIFY(accelscope::test::errorOf([] {
                    PrimeField::byName(QStringLiteral("p256"));
                }).contains(QStringLiteral("allowed: goldilocks")));
        QVERIFY(accelscope::test::errorOf([] {
                    limbMulMethodFromString(QStringLiteral("toom5"));
                }).contains(QStringLiteral("toom3")));
    }
};

QTEST_GUILESS_MAIN(TestPrimeField)
#include "tst_primefield.moc"
