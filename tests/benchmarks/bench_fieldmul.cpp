// Field multiplication of the TCore kernel (limb product by method + Montgomery REDC) against
// GMP's mpn routines on the same operands: mpn_mul_n for the product, then a Montgomery
// reduction by mpn_addmul_1 rows (mpn_redc_n is internal to GMP), as a C library would do it.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>
#include <gmp.h>

#include "core/kernels/primefield.h"

using namespace accelscope::kernels;

namespace {

PrimeField fieldOf(int index, LimbMulMethod method) {
    switch (index) {
        case 0:
            return PrimeField::goldilocks(method);
        case 1:
            return PrimeField::bn254Fq(method);
        default:
            return PrimeField::bls12381Fq(method);
    }
}

std::vector<Limbs> operands(const PrimeField &field) {
    std::mt19937_64 rng(42);
    std::vector<Limbs> v(256);
    for (auto &x : v)
        x = field.fromUint(rng());
    return v;
}

void kernelMul(benchmark::State &state) {
    const PrimeField field =
        fieldOf(static_cast<int>(state.range(0)), static_cast<LimbMulMethod>(state.range(1)));
    const auto v = operands(field);
    Limbs acc = field.one();
    std::size_t i = 0;
    for (auto _ : state) {
        acc = field.mul(acc, v[i++ & 255]);
        benchmark::DoNotOptimize(acc);
    }
    state.SetLabel(field.name().toStdString() + " " + toString(field.method()).toStdString());
}

// The same Montgomery product with GMP's mpn layer.
void gmpMul(benchmark::State &state) {
    const PrimeField field = fieldOf(static_cast<int>(state.range(0)), LimbMulMethod::Schoolbook);
    const auto v = operands(field);
    const int n = field.limbs();
    const auto *p = reinterpret_cast<const mp_limb_t *>(field.modulus().data());
    std::uint64_t inv = 1;
    for (int k = 0; k < 7; ++k)
        inv *= 2 - field.modulus()[0] * inv;
    const mp_limb_t negInv = ~inv + 1;
    Limbs acc = field.one();
    mp_limb_t t[2 * kMaxLimbs + 1];
    std::size_t i = 0;
    for (auto _ : state) {
        mpn_mul_n(t, reinterpret_cast<const mp_limb_t *>(acc.data()),
                  reinterpret_cast<const mp_limb_t *>(v[i++ & 255].data()), n);
        t[2 * n] = 0;
        for (int k = 0; k < n; ++k) {
            const mp_limb_t m = t[k] * negInv;
            const mp_limb_t carry = mpn_addmul_1(t + k, p, n, m);
            mpn_add_1(t + k + n, t + k + n, n + 1 - k, carry);
        }
        if (t[2 * n] != 0 || mpn_cmp(t + n, p, n) >= 0)
            mpn_sub_n(t + n, t + n, p, n);
        for (int k = 0; k < n; ++k)
            acc[static_cast<std::size_t>(k)] = t[n + k];
        benchmark::DoNotOptimize(acc);
    }
    state.SetLabel(field.name().toStdString() + " gmp mpn");
}

}  // namespace

BENCHMARK(kernelMul)->ArgsProduct({{0, 1, 2}, {0, 1, 2}});
BENCHMARK(gmpMul)->DenseRange(0, 2);
BENCHMARK_MAIN();
