#include "core/kernels/limbmul.h"

#include <algorithm>
#include <array>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

using u128 = unsigned __int128;

// A small signed integer (magnitude and sign) for Toom evaluation and interpolation.
struct SignedLimbs {
    static constexpr int kCapacity = 2 * kMaxMulLimbs + 4;
    std::array<std::uint64_t, kCapacity> mag{};
    int size = 0;  // limbs in use, no leading zero limbs
    bool negative = false;

    void trim() {
        while (size > 0 && mag[static_cast<std::size_t>(size - 1)] == 0)
            --size;
        if (size == 0)
            negative = false;
    }
    static SignedLimbs slice(const std::uint64_t *limbs, int offset, int count, int n) {
        SignedLimbs s;
        for (int i = 0; i < count && offset + i < n; ++i)
            s.mag[static_cast<std::size_t>(i)] = limbs[offset + i];
        s.size = std::max(0, std::min(count, n - offset));
        s.trim();
        return s;
    }
};

int compareMag(const SignedLimbs &x, const SignedLimbs &y) {
    if (x.size != y.size)
        return x.size < y.size ? -1 : 1;
    for (int i = x.size - 1; i >= 0; --i) {
        const auto xi = x.mag[static_cast<std::size_t>(i)], yi = y.mag[static_cast<std::size_t>(i)];
        if (xi != yi)
            return xi < yi ? -1 : 1;
    }
    return 0;
}

SignedLimbs addMag(const SignedLimbs &x, const SignedLimbs &y) {
    SignedLimbs r;
    const int n = std::max(x.size, y.size);
    std::uint64_t carry = 0;
    for (int i = 0; i < n; ++i) {
        const u128 s = static_cast<u128>(x.mag[static_cast<std::size_t>(i)]) +
                       y.mag[static_cast<std::size_t>(i)] + carry;
        r.mag[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(s);
        carry = static_cast<std::uint64_t>(s >> 64);
    }
    r.mag[static_cast<std::size_t>(n)] = carry;
    r.size = n + 1;
    r.trim();
    return r;
}

// |x| − |y| with |x| >= |y|.
SignedLimbs subMag(const SignedLimbs &x, const SignedLimbs &y) {
    SignedLimbs r;
    std::uint64_t borrow = 0;
    for (int i = 0; i < x.size; ++i) {
        const std::uint64_t xi = x.mag[static_cast<std::size_t>(i)], yi = y.mag[static_cast<std::size_t>(i)];
        const std::uint64_t d = xi - yi - borrow;
        borrow = (xi < yi) || (xi - yi < borrow) ? 1 : 0;
        r.mag[static_cast<std::size_t>(i)] = d;
    }
    r.size = x.size;
    r.trim();
    return r;
}

SignedLimbs add(const SignedLimbs &x, const SignedLimbs &y) {
    if (x.negative == y.negative) {
        SignedLimbs r = addMag(x, y);
        r.negative = r.size > 0 && x.negative;
        return r;
    }
    const bool xBigger = compareMag(x, y) >= 0;
    SignedLimbs r = xBigger ? subMag(x, y) : subMag(y, x);
    r.negative = r.size > 0 && (xBigger ? x.negative : y.negative);
    return r;
}

SignedLimbs negate(SignedLimbs x) {
    x.negative = x.size > 0 && !x.negative;
    return x;
}

SignedLimbs sub(const SignedLimbs &x, const SignedLimbs &y) {
    return add(x, negate(y));
}

SignedLimbs twice(const SignedLimbs &x) {
    return add(x, x);
}

// Exact division by 2 (a shift) and by 3 (long division with a remainder that must be zero).
SignedLimbs halve(SignedLimbs x) {
    for (int i = 0; i < x.size; ++i) {
        const auto next = i + 1 < x.size ? x.mag[static_cast<std::size_t>(i + 1)] : 0;
        x.mag[static_cast<std::size_t>(i)] = (x.mag[static_cast<std::size_t>(i)] >> 1) | (next << 63);
    }
    x.trim();
    return x;
}

SignedLimbs divideBy3(SignedLimbs x) {
    u128 remainder = 0;
    for (int i = x.size - 1; i >= 0; --i) {
        const u128 cur = (remainder << 64) | x.mag[static_cast<std::size_t>(i)];
        x.mag[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(cur / 3);
        remainder = cur % 3;
    }
    x.trim();
    return x;
}

int schoolbook(const std::uint64_t *a, int na, const std::uint64_t *b, int nb, std::uint64_t *out) {
    std::fill(out, out + na + nb, 0);
    for (int i = 0; i < na; ++i) {
        std::uint64_t carry = 0;
        for (int j = 0; j < nb; ++j) {
            const u128 t = static_cast<u128>(a[i]) * b[j] + out[i + j] + carry;
            out[i + j] = static_cast<std::uint64_t>(t);
            carry = static_cast<std::uint64_t>(t >> 64);
        }
        out[i + nb] = carry;
    }
    return na * nb;
}

// The product of two evaluated pieces: the limb multipliers take `pieceLimbs` × `pieceLimbs`
// limbs; a carry limb beyond that (at most a few bits) is folded in with shifted additions.
SignedLimbs pointwise(const SignedLimbs &x, const SignedLimbs &y, int &products) {
    SignedLimbs r;
    if (x.size == 0 || y.size == 0)
        return r;
    products += schoolbook(x.mag.data(), x.size, y.mag.data(), y.size, r.mag.data());
    r.size = x.size + y.size;
    r.negative = x.negative != y.negative;
    r.trim();
    return r;
}

// out += c · 2^(64·shift); the coefficient is non-negative (a product-polynomial coefficient).
void accumulate(std::uint64_t *out, int outLimbs, const SignedLimbs &c, int shift) {
    std::uint64_t carry = 0;
    int i = 0;
    for (; i < c.size || carry != 0; ++i) {
        const int k = shift + i;
        if (k >= outLimbs)
            break;
        const u128 s =
            static_cast<u128>(out[k]) + (i < c.size ? c.mag[static_cast<std::size_t>(i)] : 0) + carry;
        out[k] = static_cast<std::uint64_t>(s);
        carry = static_cast<std::uint64_t>(s >> 64);
    }
}

int toom2(const std::uint64_t *a, const std::uint64_t *b, int n, std::uint64_t *out) {
    const int h = (n + 1) / 2;
    const auto a0 = SignedLimbs::slice(a, 0, h, n), a1 = SignedLimbs::slice(a, h, h, n);
    const auto b0 = SignedLimbs::slice(b, 0, h, n), b1 = SignedLimbs::slice(b, h, h, n);
    int products = 0;
    const SignedLimbs z0 = pointwise(a0, b0, products);
    const SignedLimbs z2 = pointwise(a1, b1, products);
    const SignedLimbs z1 = sub(sub(pointwise(addMag(a0, a1), addMag(b0, b1), products), z0), z2);
    std::fill(out, out + 2 * n, 0);
    accumulate(out, 2 * n, z0, 0);
    accumulate(out, 2 * n, z1, h);
    accumulate(out, 2 * n, z2, 2 * h);
    return products;
}

int toom3(const std::uint64_t *a, const std::uint64_t *b, int n, std::uint64_t *out) {
    const int k = (n + 2) / 3;
    struct Evaluated {
        SignedLimbs at0, at1, atMinus1, atMinus2, atInf;
    };
    const auto evaluate = [&](const std::uint64_t *x) {
        const auto x0 = SignedLimbs::slice(x, 0, k, n), x1 = SignedLimbs::slice(x, k, k, n),
                   x2 = SignedLimbs::slice(x, 2 * k, k, n);
        const SignedLimbs t = add(x0, x2);
        Evaluated e;
        e.at0 = x0;
        e.at1 = add(t, x1);
        e.atMinus1 = sub(t, x1);
        e.atMinus2 = sub(twice(add(e.atMinus1, x2)), x0);
        e.atInf = x2;
        return e;
    };
    const Evaluated ea = evaluate(a), eb = evaluate(b);
    int products = 0;
    const SignedLimbs v0 = pointwise(ea.at0, eb.at0, products);
    const SignedLimbs v1 = pointwise(ea.at1, eb.at1, products);
    const SignedLimbs vm1 = pointwise(ea.atMinus1, eb.atMinus1, products);
    const SignedLimbs vm2 = pointwise(ea.atMinus2, eb.atMinus2, products);
    const SignedLimbs vinf = pointwise(ea.atInf, eb.atInf, products);
    // Bodrato's interpolation: 8 additions/subtractions, 3 shifts, 1 exact division by 3.
    SignedLimbs r3 = divideBy3(sub(vm2, v1));
    SignedLimbs r1 = halve(sub(v1, vm1));
    SignedLimbs r2 = sub(vm1, v0);
    r3 = add(halve(sub(r2, r3)), twice(vinf));
    r2 = sub(add(r2, r1), vinf);
    r1 = sub(r1, r3);
    std::fill(out, out + 2 * n, 0);
    accumulate(out, 2 * n, v0, 0);
    accumulate(out, 2 * n, r1, k);
    accumulate(out, 2 * n, r2, 2 * k);
    accumulate(out, 2 * n, r3, 3 * k);
    accumulate(out, 2 * n, vinf, 4 * k);
    return products;
}

}  // namespace

QString toString(LimbMulMethod method) {
    switch (method) {
        case LimbMulMethod::Schoolbook:
            return QStringLiteral("schoolbook");
        case LimbMulMethod::Toom2:
            return QStringLiteral("toom2");
        case LimbMulMethod::Toom3:
            return QStringLiteral("toom3");
    }
    return {};
}

LimbMulMethod limbMulMethodFromString(const QString &text) {
    for (const auto m : {LimbMulMethod::Schoolbook, LimbMulMethod::Toom2, LimbMulMethod::Toom3})
        if (toString(m) == text)
            return m;
    throw InputError(
        QStringLiteral("limb multiplication '%1' is unknown; allowed: schoolbook, toom2, toom3").arg(text));
}

int mulLimbs(const std::uint64_t *a, const std::uint64_t *b, int n, std::uint64_t *out,
             LimbMulMethod method) {
    if (n < 1 || n > kMaxMulLimbs)
        throw std::logic_error("mulLimbs: limb count out of range");
    if (method == LimbMulMethod::Toom2 && n >= 2)
        return toom2(a, b, n, out);
    if (method == LimbMulMethod::Toom3 && n >= 3)
        return toom3(a, b, n, out);
    return schoolbook(a, n, b, n, out);
}

int limbProducts(int n, LimbMulMethod method) {
    if (method == LimbMulMethod::Toom2 && n >= 2)
        return 3 * ((n + 1) / 2) * ((n + 1) / 2);
    if (method == LimbMulMethod::Toom3 && n >= 3)
        return 5 * ((n + 2) / 3) * ((n + 2) / 3);
    return n * n;
}

}  // namespace accelscope::kernels
