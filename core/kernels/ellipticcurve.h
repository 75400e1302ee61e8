#pragma once
// G1 of a pairing-friendly curve in short Weierstrass form y² = x³ + b (a = 0) over a PrimeField,
// points in Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³), Z = 0 the point at infinity. Formulas:
// doubling dbl-2009-l (2M + 5S), addition add-2007-bl (11M + 5S) from the Explicit-Formulas
// Database. BN254 G1 (generator (1, 2)) and BLS12-381 G1 with their standard generators.
#include <cstdint>

#include "core/kernels/primefield.h"

namespace accelscope::kernels {

struct JacobianPoint {
    Limbs x{}, y{}, z{};  // Montgomery form; z = 0 is infinity
};

// Field multiplications (squarings included) per group operation, as in the formulas used.
inline constexpr int kMulmodsPerPointAdd = 16;
inline constexpr int kMulmodsPerPointDouble = 7;

class EllipticCurve {
public:
    static EllipticCurve bn254(LimbMulMethod method = LimbMulMethod::Schoolbook);
    static EllipticCurve bls12381(LimbMulMethod method = LimbMulMethod::Schoolbook);
    // "bn254" or "bls12_381"; throws InputError.
    static EllipticCurve byName(const QString &name, LimbMulMethod method = LimbMulMethod::Schoolbook);

    const QString &name() const { return name_; }
    const PrimeField &baseField() const { return fq_; }
    const PrimeField &scalarField() const { return fr_; }
    JacobianPoint generator() const { return generator_; }
    JacobianPoint infinity() const { return JacobianPoint{fq_.one(), fq_.one(), fq_.zero()}; }

    bool isInfinity(const JacobianPoint &p) const { return fq_.isZero(p.z); }
    bool isOnCurve(const JacobianPoint &p) const;  // Y² = X³ + b·Z⁶
    bool equal(const JacobianPoint &p, const JacobianPoint &q) const;
    JacobianPoint negate(const JacobianPoint &p) const;
    JacobianPoint dbl(const JacobianPoint &p) const;
    JacobianPoint add(const JacobianPoint &p, const JacobianPoint &q) const;
    // Affine (x, y) in canonical form; infinity gives (0, 0).
    void toAffine(const JacobianPoint &p, Limbs &x, Limbs &y) const;
    // k·P by double-and-add over a canonical scalar (the naive reference).
    JacobianPoint scalarMul(const JacobianPoint &p, const Limbs &scalar) const;

private:
    EllipticCurve(QString name, PrimeField fq, PrimeField fr, std::uint64_t b, const QString &gx,
                  const QString &gy);
    QString name_;
    PrimeField fq_;
    PrimeField fr_;
    Limbs b_{};
    JacobianPoint generator_;
};

}  // namespace accelscope::kernels
