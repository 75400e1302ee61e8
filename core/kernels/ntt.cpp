#include "core/kernels/ntt.h"

#include <bit>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

int log2Exact(std::size_t n, const PrimeField &field) {
    if (n == 0 || !std::has_single_bit(n))
        throw InputError(QStringLiteral("NTT size %1 is not a power of two").arg(n));
    const int logN = std::countr_zero(n);
    if (logN > field.twoAdicity())
        throw InputError(QStringLiteral("NTT size 2^%1 exceeds field %2's two-adicity %3")
                             .arg(logN)
                             .arg(field.name())
                             .arg(field.twoAdicity()));
    return logN;
}

Limbs primitiveRoot(const PrimeField &field, int logN, bool inverse) {
    const Limbs w = field.rootOfUnity(logN);
    return inverse ? field.inverse(w) : w;
}

void radix2(const PrimeField &field, std::vector<Limbs> &a, const Limbs &omega, NttStats &stats) {
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        // ω_len = ω^(n/len)
        Limbs wLen = omega;
        for (std::size_t m = n; m > len; m >>= 1)
            wLen = field.square(wLen);
        std::vector<Limbs> twiddles(len / 2);
        twiddles[0] = field.one();
        for (std::size_t k = 1; k < len / 2; ++k)
            twiddles[k] = field.mul(twiddles[k - 1], wLen);
        for (std::size_t start = 0; start < n; start += len) {
            for (std::size_t k = 0; k < len / 2; ++k) {
                const Limbs u = a[start + k];
                const Limbs v = field.mul(a[start + k + len / 2], twiddles[k]);
                a[start + k] = field.add(u, v);
                a[start + k + len / 2] = field.sub(u, v);
            }
        }
        stats.mulmods += static_cast<std::int64_t>(n / 2);
        stats.addmods += static_cast<std::int64_t>(n);
    }
}

std::vector<Limbs> radix4(const PrimeField &field, const std::vector<Limbs> &x, const Limbs &omega,
                          NttStats &stats) {
    const std::size_t n = x.size();
    if (n == 1)
        return x;
    if (n == 2) {
        stats.addmods += 2;
        return {field.add(x[0], x[1]), field.sub(x[0], x[1])};
    }
    if (std::countr_zero(n) % 2 == 1) {
        // One radix-2 split, then radix-4 below.
        std::vector<Limbs> even(n / 2), odd(n / 2);
        for (std::size_t j = 0; j < n / 2; ++j) {
            even[j] = x[2 * j];
            odd[j] = x[2 * j + 1];
        }
        const Limbs w2 = field.square(omega);
        const auto e = radix4(field, even, w2, stats), o = radix4(field, odd, w2, stats);
        std::vector<Limbs> out(n);
        Limbs w = field.one();
        for (std::size_t k = 0; k < n / 2; ++k) {
            const Limbs t = field.mul(o[k], w);
            out[k] = field.add(e[k], t);
            out[k + n / 2] = field.sub(e[k], t);
            w = field.mul(w, omega);
        }
        stats.mulmods += static_cast<std::int64_t>(n / 2);
        stats.addmods += static_cast<std::int64_t>(n);
        return out;
    }
    const std::size_t q = n / 4;
    std::vector<std::vector<Limbs>> parts(4, std::vector<Limbs>(q));
    for (std::size_t j = 0; j < q; ++j)
        for (std::size_t r = 0; r < 4; ++r)
            parts[r][j] = x[4 * j + r];
    const Limbs w4 = field.square(field.square(omega));
    std::vector<std::vector<Limbs>> sub(4);
    for (std::size_t r = 0; r < 4; ++r)
        sub[r] = radix4(field, parts[r], w4, stats);
    Limbs imag = field.one();  // ω^(n/4), a primitive 4th root
    for (std::size_t i = 0; i < q; ++i)
        imag = field.mul(imag, omega);
    std::vector<Limbs> out(n);
    Limbs w1 = field.one();
    for (std::size_t k = 0; k < q; ++k) {
        const Limbs w2 = field.square(w1), w3 = field.mul(w2, w1);
        const Limbs y0 = sub[0][k], y1 = field.mul(sub[1][k], w1), y2 = field.mul(sub[2][k], w2),
                    y3 = field.mul(sub[3][k], w3);
        // 4-point DFT with i = ω^(n/4): (y0+y2) ± (y1+y3), (y0−y2) ± i(y1−y3)
        const Limbs s02 = field.add(y0, y2), d02 = field.sub(y0, y2);
        const Limbs s13 = field.add(y1, y3), d13 = field.mul(field.sub(y1, y3), imag);
        out[k] = field.add(s02, s13);
        out[k + q] = field.add(d02, d13);
        out[k + 2 * q] = field.sub(s02, s13);
        out[k + 3 * q] = field.sub(d02, d13);
        w1 = field.mul(w1, omega);
    }
    // Per 4-point butterfly: 3 twiddle products and the product by i, 8 additions.
    stats.mulmods += static_cast<std::int64_t>(4 * q);
    stats.addmods += static_cast<std::int64_t>(8 * q);
    return out;
}

void fourStep(const PrimeField &field, std::vector<Limbs> &a, const Limbs &omega, int logN, NttStats &stats) {
    const std::size_t n = a.size();
    const std::size_t n1 = std::size_t{1} << (logN / 2), n2 = n / n1;
    const Limbs omega1 = [&] {  // ω^n2, a primitive n1-th root
        Limbs w = omega;
        for (std::size_t m = 1; m < n2; m <<= 1)
            w = field.square(w);
        return w;
    }();
    const Limbs omega2 = [&] {  // ω^n1
        Limbs w = omega;
        for (std::size_t m = 1; m < n1; m <<= 1)
            w = field.square(w);
        return w;
    }();
    // Step 1 and 2: column NTTs of size n1 over j1 (x[n2·j1 + j2]), then twiddles ω^(j2·k1).
    std::vector<Limbs> matrix(n);  // matrix[j2·n1 + k1]
    std::vector<Limbs> column(n1);
    Limbs wj2 = field.one();
    for (std::size_t j2 = 0; j2 < n2; ++j2) {
        for (std::size_t j1 = 0; j1 < n1; ++j1)
            column[j1] = a[n2 * j1 + j2];
        radix2(field, column, omega1, stats);
        Limbs tw = field.one();
        for (std::size_t k1 = 0; k1 < n1; ++k1) {
            matrix[j2 * n1 + k1] = field.mul(column[k1], tw);
            tw = field.mul(tw, wj2);
        }
        wj2 = field.mul(wj2, omega);
    }
    stats.mulmods += static_cast<std::int64_t>(n);
    // Step 3: row NTTs of size n2 over j2, giving X[k1 + n1·k2].
    std::vector<Limbs> row(n2);
    for (std::size_t k1 = 0; k1 < n1; ++k1) {
        for (std::size_t j2 = 0; j2 < n2; ++j2)
            row[j2] = matrix[j2 * n1 + k1];
        radix2(field, row, omega2, stats);
        for (std::size_t k2 = 0; k2 < n2; ++k2)
            a[k1 + n1 * k2] = row[k2];
    }
}

void scaleByInverseSize(const PrimeField &field, std::vector<Limbs> &a, NttStats &stats) {
    const Limbs nInv = field.inverse(field.fromUint(a.size()));
    for (auto &v : a)
        v = field.mul(v, nInv);
    stats.mulmods += static_cast<std::int64_t>(a.size());
}

}  // namespace

QString toString(NttAlgorithm algorithm) {
    switch (algorithm) {
        case NttAlgorithm::Radix2:
            return QStringLiteral("radix2");
        case NttAlgorithm::Radix4:
            return QStringLiteral("radix4");
        case NttAlgorithm::FourStep:
            return QStringLiteral("four_step");
    }
    return {};
}

NttAlgorithm nttAlgorithmFromString(const QString &text) {
    for (const auto a : {NttAlgorithm::Radix2, NttAlgorithm::Radix4, NttAlgorithm::FourStep})
        if (toString(a) == text)
            return a;
    throw InputError(
        QStringLiteral("NTT algorithm '%1' is unknown; allowed: radix2, radix4, four_step").arg(text));
}

NttStats ntt(const PrimeField &field, std::vector<Limbs> &values, NttAlgorithm algorithm, bool inverse) {
    const int logN = log2Exact(values.size(), field);
    const Limbs omega = primitiveRoot(field, logN, inverse);
    NttStats stats;
    switch (algorithm) {
        case NttAlgorithm::Radix2:
            radix2(field, values, omega, stats);
            break;
        case NttAlgorithm::Radix4:
            values = radix4(field, values, omega, stats);
            break;
        case NttAlgorithm::FourStep:
            fourStep(field, values, omega, logN, stats);
            break;
    }
    if (inverse)
        scaleByInverseSize(field, values, stats);
    return stats;
}

std::vector<Limbs> naiveDft(const PrimeField &field, const std::vector<Limbs> &values, bool inverse) {
    const int logN = log2Exact(values.size(), field);
    const Limbs omega = primitiveRoot(field, logN, inverse);
    const std::size_t n = values.size();
    std::vector<Limbs> out(n, field.zero());
    Limbs wk = field.one();  // ω^k
    for (std::size_t k = 0; k < n; ++k) {
        Limbs wjk = field.one();
        for (std::size_t j = 0; j < n; ++j) {
            out[k] = field.add(out[k], field.mul(values[j], wjk));
            wjk = field.mul(wjk, wk);
        }
        wk = field.mul(wk, omega);
    }
    if (inverse) {
        NttStats unused;
        scaleByInverseSize(field, out, unused);
    }
    return out;
}

namespace {
template <typename Op>
std::vector<Limbs> elementwise(const std::vector<Limbs> &a, const std::vector<Limbs> &b, Op op) {
    if (a.size() != b.size())
        throw std::logic_error("element-wise polynomial op on vectors of different sizes");
    std::vector<Limbs> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        out[i] = op(a[i], b[i]);
    return out;
}
}  // namespace

std::vector<Limbs> pointwiseMul(const PrimeField &field, const std::vector<Limbs> &a,
                                const std::vector<Limbs> &b) {
    return elementwise(a, b, [&](const Limbs &x, const Limbs &y) { return field.mul(x, y); });
}

std::vector<Limbs> pointwiseAdd(const PrimeField &field, const std::vector<Limbs> &a,
                                const std::vector<Limbs> &b) {
    return elementwise(a, b, [&](const Limbs &x, const Limbs &y) { return field.add(x, y); });
}

}  // namespace accelscope::kernels
