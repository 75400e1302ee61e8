#pragma once
// Number-theoretic transforms over a PrimeField (elements in Montgomery form): the POLY stage of
// a proof. Three decompositions the POLY optimizer chooses between, all computing the same
// X[k] = Σ_j x[j]·ω^(jk) with ω a primitive n-th root of unity:
//   - radix-2: iterative Cooley–Tukey, bit-reversed input, log2 n stages of n/2 butterflies;
//   - radix-4: recursive decimation in time, 4-point butterflies (3 twiddle products per 4
//     outputs), with one radix-2 stage when log2 n is odd;
//   - four-step: n = n1·n2, n2 column NTTs of size n1, twiddles ω^(j2·k1), n1 row NTTs of size n2
//     (how a large NTT is split into on-chip-sized pieces).
// The inverse uses ω⁻¹ and scales by n⁻¹. `naiveDft` is the O(n²) reference.
#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/primefield.h"

namespace accelscope::kernels {

enum class NttAlgorithm { Radix2, Radix4, FourStep };
QString toString(NttAlgorithm algorithm);
NttAlgorithm nttAlgorithmFromString(const QString &text);  // throws InputError

// Operation counts of one transform, as performed.
struct NttStats {
    std::int64_t mulmods = 0;
    std::int64_t addmods = 0;  // additions and subtractions
};

// Transforms `values` in place; size must be a power of two within the field's two-adicity.
NttStats ntt(const PrimeField &field, std::vector<Limbs> &values, NttAlgorithm algorithm,
             bool inverse = false);
std::vector<Limbs> naiveDft(const PrimeField &field, const std::vector<Limbs> &values, bool inverse = false);

// Element-wise polynomial operations in evaluation form.
std::vector<Limbs> pointwiseMul(const PrimeField &field, const std::vector<Limbs> &a,
                                const std::vector<Limbs> &b);
std::vector<Limbs> pointwiseAdd(const PrimeField &field, const std::vector<Limbs> &a,
                                const std::vector<Limbs> &b);

}  // namespace accelscope::kernels
