#pragma once
// Prime fields in Montgomery form over 64-bit limbs, with the limb multiplication method
// selectable (schoolbook, Toom-2, Toom-3): the arithmetic of ZK-Flex's precision-scalable
// TCores. One `PrimeField` describes a modulus; elements are fixed arrays of kMaxLimbs limbs of
// which the field uses `limbs()` (Goldilocks 1, BN254 4, BLS12-381 Fq 6).
#include <array>
#include <cstdint>

#include <QString>

#include "core/kernels/limbmul.h"

namespace accelscope::kernels {

inline constexpr int kMaxLimbs = 6;
using Limbs = std::array<std::uint64_t, kMaxLimbs>;  // little-endian; unused limbs are zero

// Hex ("0x…", big-endian digits) to limbs and back; throws InputError on a malformed or too long
// string.
Limbs limbsFromHex(const QString &hex);
QString limbsToHex(const Limbs &value, int limbs);
int compareLimbs(const Limbs &a, const Limbs &b, int limbs);

class PrimeField {
public:
    // `generator`: a multiplicative generator of the 2-power subgroup's cofactor (a quadratic
    // non-residue) used for roots of unity; 0 when the field is not used for NTTs.
    PrimeField(QString name, const QString &modulusHex, std::uint64_t generator,
               LimbMulMethod method = LimbMulMethod::Schoolbook);

    // The fields of the fact sheet (constants listed there with their sources).
    static PrimeField goldilocks(LimbMulMethod method = LimbMulMethod::Schoolbook);
    static PrimeField bn254Fq(LimbMulMethod method = LimbMulMethod::Schoolbook);
    static PrimeField bn254Fr(LimbMulMethod method = LimbMulMethod::Schoolbook);
    static PrimeField bls12381Fq(LimbMulMethod method = LimbMulMethod::Schoolbook);
    static PrimeField bls12381Fr(LimbMulMethod method = LimbMulMethod::Schoolbook);
    // "goldilocks", "bn254_fq", "bn254_fr", "bls12_381_fq", "bls12_381_fr"; throws InputError.
    static PrimeField byName(const QString &name, LimbMulMethod method = LimbMulMethod::Schoolbook);

    const QString &name() const { return name_; }
    int limbs() const { return limbs_; }
    int bits() const { return bits_; }
    const Limbs &modulus() const { return modulus_; }
    LimbMulMethod method() const { return method_; }
    void setMethod(LimbMulMethod method) { method_ = method; }
    // Largest s with 2^s | p − 1.
    int twoAdicity() const { return twoAdicity_; }

    // Elements are in Montgomery form (a·R mod p, R = 2^(64·limbs)) unless said otherwise.
    Limbs toMontgomery(const Limbs &canonical) const;  // canonical must be < p
    Limbs fromMontgomery(const Limbs &element) const;
    Limbs fromUint(std::uint64_t value) const;
    Limbs zero() const { return Limbs{}; }
    Limbs one() const { return one_; }

    Limbs add(const Limbs &a, const Limbs &b) const;
    Limbs sub(const Limbs &a, const Limbs &b) const;
    Limbs neg(const Limbs &a) const;
    // Montgomery product a·b·R⁻¹ mod p: limb product by method(), then REDC.
    Limbs mul(const Limbs &a, const Limbs &b) const;
    Limbs square(const Limbs &a) const { return mul(a, a); }
    // a^e for a canonical (not Montgomery) exponent.
    Limbs pow(const Limbs &a, const Limbs &exponent) const;
    Limbs inverse(const Limbs &a) const;  // a ≠ 0 (Fermat: a^(p−2))
    bool isZero(const Limbs &a) const;
    // A primitive 2^logN-th root of unity; throws InputError beyond the two-adicity.
    Limbs rootOfUnity(int logN) const;
    // Montgomery REDC of a 2·limbs() product (exposed for the benchmark and tests).
    Limbs reduce(const std::uint64_t *product) const;

private:
    QString name_;
    int limbs_ = 0;
    int bits_ = 0;
    Limbs modulus_{};
    std::uint64_t negInverse_ = 0;  // −p⁻¹ mod 2^64
    Limbs one_{};                   // R mod p
    Limbs rSquared_{};              // R² mod p
    std::uint64_t generator_ = 0;
    int twoAdicity_ = 0;
    LimbMulMethod method_ = LimbMulMethod::Schoolbook;
};

}  // namespace accelscope::kernels
