#include "core/kernels/primefield.h"

#include <bit>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

using u128 = unsigned __int128;

// r = a + b over `n` limbs; returns the carry out.
std::uint64_t addLimbs(const Limbs &a, const Limbs &b, int n, Limbs &r) {
    std::uint64_t carry = 0;
    for (int i = 0; i < n; ++i) {
        const u128 s =
            static_cast<u128>(a[static_cast<std::size_t>(i)]) + b[static_cast<std::size_t>(i)] + carry;
        r[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(s);
        carry = static_cast<std::uint64_t>(s >> 64);
    }
    return carry;
}

// r = a − b over `n` limbs; returns the borrow out.
std::uint64_t subLimbs(const Limbs &a, const Limbs &b, int n, Limbs &r) {
    std::uint64_t borrow = 0;
    for (int i = 0; i < n; ++i) {
        const std::uint64_t ai = a[static_cast<std::size_t>(i)], bi = b[static_cast<std::size_t>(i)];
        r[static_cast<std::size_t>(i)] = ai - bi - borrow;
        borrow = (ai < bi) || (ai - bi < borrow) ? 1 : 0;
    }
    return borrow;
}

}  // namespace

Limbs limbsFromHex(const QString &hex) {
    QString digits = hex.trimmed();
    if (digits.startsWith(QStringLiteral("0x")) || digits.startsWith(QStringLiteral("0X")))
        digits = digits.mid(2);
    if (digits.isEmpty() || digits.size() > 16 * kMaxLimbs)
        throw InputError(
            QStringLiteral("hex value '%1' is empty or longer than %2 bits").arg(hex).arg(64 * kMaxLimbs));
    Limbs r{};
    for (int i = 0; i < digits.size(); ++i) {
        const QChar c = digits[digits.size() - 1 - i];
        const int v = c.isDigit() ? c.digitValue()
                                  : (c.toLower().unicode() >= 'a' && c.toLower().unicode() <= 'f'
                                         ? c.toLower().unicode() - 'a' + 10
                                         : -1);
        if (v < 0)
            throw InputError(QStringLiteral("hex value '%1' has a non-hex digit '%2'").arg(hex, QString(c)));
        r[static_cast<std::size_t>(i / 16)] |= static_cast<std::uint64_t>(v) << (4 * (i % 16));
    }
    return r;
}

QString limbsToHex(const Limbs &value, int limbs) {
    QString out = QStringLiteral("0x");
    for (int i = limbs - 1; i >= 0; --i)
        out += QStringLiteral("%1").arg(value[static_cast<std::size_t>(i)], 16, 16, QLatin1Char('0'));
    return out;
}

int compareLimbs(const Limbs &a, const Limbs &b, int limbs) {
    for (int i = limbs - 1; i >= 0; --i) {
        const auto ai = a[static_cast<std::size_t>(i)], bi = b[static_cast<std::size_t>(i)];
        if (ai != bi)
            return ai < bi ? -1 : 1;
    }
    return 0;
}

PrimeField::PrimeField(QString name, const QString &modulusHex, std::uint64_t generator, LimbMulMethod method)
    : name_(std::move(name)), modulus_(limbsFromHex(modulusHex)), generator_(generator), method_(method) {
    limbs_ = kMaxLimbs;
    while (limbs_ > 0 && modulus_[static_cast<std::size_t>(limbs_ - 1)] == 0)
        --limbs_;
    if (limbs_ == 0 || (modulus_[0] & 1) == 0)
        throw InputError(QStringLiteral("field %1: modulus %2 must be odd").arg(name_, modulusHex));
    bits_ = 64 * (limbs_ - 1) + (64 - std::countl_zero(modulus_[static_cast<std::size_t>(limbs_ - 1)]));
    // Newton iteration for p⁻¹ mod 2^64 (each step doubles the correct low bits).
    std::uint64_t inv = 1;
    for (int i = 0; i < 7; ++i)
        inv *= 2 - modulus_[0] * inv;
    negInverse_ = ~inv + 1;
    // R mod p and R² mod p by repeated modular doubling of 1.
    Limbs x{};
    x[0] = 1;
    for (int i = 0; i < 2 * 64 * limbs_; ++i) {
        x = add(x, x);
        if (i == 64 * limbs_ - 1)
            one_ = x;
    }
    rSquared_ = x;
    Limbs pMinus1 = modulus_;
    pMinus1[0] -= 1;  // p is odd
    twoAdicity_ = 0;
    for (int i = 0; i < limbs_; ++i) {
        const auto limb = pMinus1[static_cast<std::size_t>(i)];
        if (limb != 0) {
            twoAdicity_ += std::countr_zero(limb);
            break;
        }
        twoAdicity_ += 64;
    }
}

// Moduli and generators: papers/zk.md §2 (Goldilocks [V], BLS12-381 [V], BN254 [I] recomputed).
PrimeField PrimeField::goldilocks(LimbMulMethod method) {
    return PrimeField(QStringLiteral("goldilocks"), QStringLiteral("0xffffffff00000001"), 7, method);
}
PrimeField PrimeField::bn254Fq(LimbMulMethod method) {
    return PrimeField(QStringLiteral("bn254_fq"),
                      QStringLiteral("0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"), 0,
                      method);
}
PrimeField PrimeField::bn254Fr(LimbMulMethod method) {
    return PrimeField(QStringLiteral("bn254_fr"),
                      QStringLiteral("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001"), 5,
                      method);
}
PrimeField PrimeField::bls12381Fq(LimbMulMethod method) {
    return PrimeField(
        QStringLiteral("bls12_381_fq"),
        QStringLiteral("0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9f"
                       "effffffffaaab"),
        0, method);
}
PrimeField PrimeField::bls12381Fr(LimbMulMethod method) {
    return PrimeField(QStringLiteral("bls12_381_fr"),
                      QStringLiteral("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"), 7,
                      method);
}

PrimeField PrimeField::byName(const QString &name, LimbMulMethod method) {
    if (name == QStringLiteral("goldilocks"))
        return goldilocks(method);
    if (name == QStringLiteral("bn254_fq"))
        return bn254Fq(method);
    if (name == QStringLiteral("bn254_fr"))
        return bn254Fr(method);
    if (name == QStringLiteral("bls12_381_fq"))
        return bls12381Fq(method);
    if (name == QStringLiteral("bls12_381_fr"))
        return bls12381Fr(method);
    throw InputError(
        QStringLiteral("field '%1' is unknown; allowed: goldilocks, bn254_fq, bn254_fr, bls12_381_fq, "
                       "bls12_381_fr")
            .arg(name));
}

Limbs PrimeField::add(const Limbs &a, const Limbs &b) const {
    Limbs r{};
    const std::uint64_t carry = addLimbs(a, b, limbs_, r);
    if (carry != 0 || compareLimbs(r, modulus_, limbs_) >= 0)
        subLimbs(r, modulus_, limbs_, r);
    return r;
}

Limbs PrimeField::sub(const Limbs &a, const Limbs &b) const {
    Limbs r{};
    if (subLimbs(a, b, limbs_, r) != 0)
        addLimbs(r, modulus_, limbs_, r);
    return r;
}

Limbs PrimeField::neg(const Limbs &a) const {
    return isZero(a) ? a : sub(Limbs{}, a);
}

bool PrimeField::isZero(const Limbs &a) const {
    for (int i = 0; i < limbs_; ++i)
        if (a[static_cast<std::size_t>(i)] != 0)
            return false;
    return true;
}

Limbs PrimeField::reduce(const std::uint64_t *product) const {
    const int n = limbs_;
    std::array<std::uint64_t, 2 * kMaxLimbs + 1> t{};
    for (int i = 0; i < 2 * n; ++i)
        t[static_cast<std::size_t>(i)] = product[i];
    for (int i = 0; i < n; ++i) {
        const std::uint64_t m = t[static_cast<std::size_t>(i)] * negInverse_;
        std::uint64_t carry = 0;
        for (int j = 0; j < n; ++j) {
            const u128 s = static_cast<u128>(m) * modulus_[static_cast<std::size_t>(j)] +
                           t[static_cast<std::size_t>(i + j)] + carry;
            t[static_cast<std::size_t>(i + j)] = static_cast<std::uint64_t>(s);
            carry = static_cast<std::uint64_t>(s >> 64);
        }
        for (int k = i + n; carry != 0 && k <= 2 * n; ++k) {
            const std::uint64_t s = t[static_cast<std::size_t>(k)] + carry;
            carry = s < carry ? 1 : 0;
            t[static_cast<std::size_t>(k)] = s;
        }
    }
    Limbs r{};
    for (int i = 0; i < n; ++i)
        r[static_cast<std::size_t>(i)] = t[static_cast<std::size_t>(i + n)];
    if (t[static_cast<std::size_t>(2 * n)] != 0 || compareLimbs(r, modulus_, n) >= 0)
        subLimbs(r, modulus_, n, r);
    return r;
}

Limbs PrimeField::mul(const Limbs &a, const Limbs &b) const {
    std::array<std::uint64_t, 2 * kMaxLimbs> product{};
    mulLimbs(a.data(), b.data(), limbs_, product.data(), method_);
    return reduce(product.data());
}

Limbs PrimeField::toMontgomery(const Limbs &canonical) const {
    return mul(canonical, rSquared_);
}

Limbs PrimeField::fromMontgomery(const Limbs &element) const {
    Limbs unit{};
    unit[0] = 1;
    return mul(element, unit);
}

Limbs PrimeField::fromUint(std::uint64_t value) const {
    Limbs c{};
    c[0] = value;
    if (limbs_ == 1 && value >= modulus_[0])
        c[0] -= modulus_[0];
    return toMontgomery(c);
}

Limbs PrimeField::pow(const Limbs &a, const Limbs &exponent) const {
    Limbs result = one_;
    for (int i = 64 * kMaxLimbs - 1; i >= 0; --i) {
        result = square(result);
        if ((exponent[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1)
            result = mul(result, a);
    }
    return result;
}

Limbs PrimeField::inverse(const Limbs &a) const {
    if (isZero(a))
        throw std::domain_error("PrimeField::inverse of zero");
    Limbs e = modulus_;
    Limbs two{};
    two[0] = 2;
    subLimbs(e, two, limbs_, e);
    return pow(a, e);
}

Limbs PrimeField::rootOfUnity(int logN) const {
    if (generator_ == 0 || logN < 0 || logN > twoAdicity_)
        throw InputError(QStringLiteral("field %1 has no 2^%2-th root of unity (two-adicity %3)")
                             .arg(name_)
                             .arg(logN)
                             .arg(generator_ == 0 ? 0 : twoAdicity_));
    // (p − 1) / 2^logN by a right shift of p − 1.
    Limbs e = modulus_;
    e[0] -= 1;
    for (int s = 0; s < logN; ++s) {
        for (int i = 0; i < limbs_; ++i) {
            const auto next = i + 1 < limbs_ ? e[static_cast<std::size_t>(i + 1)] : 0;
            e[static_cast<std::size_t>(i)] = (e[static_cast<std::size_t>(i)] >> 1) | (next << 63);
        }
    }
    return pow(fromUint(generator_), e);
}

}  // namespace accelscope::kernels
