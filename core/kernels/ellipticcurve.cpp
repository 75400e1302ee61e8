#include "core/kernels/ellipticcurve.h"

#include "core/api/errors.h"

namespace accelscope::kernels {

EllipticCurve::EllipticCurve(QString name, PrimeField fq, PrimeField fr, std::uint64_t b, const QString &gx,
                             const QString &gy)
    : name_(std::move(name)), fq_(std::move(fq)), fr_(std::move(fr)), b_(fq_.fromUint(b)) {
    generator_ =
        JacobianPoint{fq_.toMontgomery(limbsFromHex(gx)), fq_.toMontgomery(limbsFromHex(gy)), fq_.one()};
}

// BN254 (alt_bn128): y² = x³ + 3, G1 generator (1, 2).
EllipticCurve EllipticCurve::bn254(LimbMulMethod method) {
    return EllipticCurve(QStringLiteral("bn254"), PrimeField::bn254Fq(method), PrimeField::bn254Fr(method), 3,
                         QStringLiteral("0x1"), QStringLiteral("0x2"));
}

// BLS12-381: y² = x³ + 4, the standard G1 generator.
EllipticCurve EllipticCurve::bls12381(LimbMulMethod method) {
    return EllipticCurve(
        QStringLiteral("bls12_381"), PrimeField::bls12381Fq(method), PrimeField::bls12381Fr(method), 4,
        QStringLiteral(
            "0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c"
            "6bb"),
        QStringLiteral(
            "0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e"
            "7e1"));
}

EllipticCurve EllipticCurve::byName(const QString &name, LimbMulMethod method) {
    if (name == QStringLiteral("bn254"))
        return bn254(method);
    if (name == QStringLiteral("bls12_381"))
        return bls12381(method);
    throw InputError(QStringLiteral("curve '%1' is unknown; allowed: bn254, bls12_381").arg(name));
}

bool EllipticCurve::isOnCurve(const JacobianPoint &p) const {
    if (isInfinity(p))
        return true;
    const Limbs z2 = fq_.square(p.z), z6 = fq_.mul(fq_.square(z2), z2);
    const Limbs rhs = fq_.add(fq_.mul(fq_.square(p.x), p.x), fq_.mul(b_, z6));
    return compareLimbs(fq_.square(p.y), rhs, fq_.limbs()) == 0;
}

bool EllipticCurve::equal(const JacobianPoint &p, const JacobianPoint &q) const {
    if (isInfinity(p) || isInfinity(q))
        return isInfinity(p) && isInfinity(q);
    const Limbs z1z1 = fq_.square(p.z), z2z2 = fq_.square(q.z);
    const int n = fq_.limbs();
    return compareLimbs(fq_.mul(p.x, z2z2), fq_.mul(q.x, z1z1), n) == 0 &&
           compareLimbs(fq_.mul(p.y, fq_.mul(q.z, z2z2)), fq_.mul(q.y, fq_.mul(p.z, z1z1)), n) == 0;
}

JacobianPoint EllipticCurve::negate(const JacobianPoint &p) const {
    return JacobianPoint{p.x, fq_.neg(p.y), p.z};
}

JacobianPoint EllipticCurve::dbl(const JacobianPoint &p) const {
    if (isInfinity(p) || fq_.isZero(p.y))
        return infinity();
    const Limbs a = fq_.square(p.x), b = fq_.square(p.y), c = fq_.square(b);
    const Limbs xb = fq_.add(p.x, b);
    Limbs d = fq_.sub(fq_.sub(fq_.square(xb), a), c);
    d = fq_.add(d, d);
    const Limbs e = fq_.add(fq_.add(a, a), a);
    const Limbs f = fq_.square(e);
    const Limbs x3 = fq_.sub(f, fq_.add(d, d));
    Limbs c8 = fq_.add(c, c);
    c8 = fq_.add(c8, c8);
    c8 = fq_.add(c8, c8);
    const Limbs y3 = fq_.sub(fq_.mul(e, fq_.sub(d, x3)), c8);
    const Limbs yz = fq_.mul(p.y, p.z);
    return JacobianPoint{x3, y3, fq_.add(yz, yz)};
}

JacobianPoint EllipticCurve::add(const JacobianPoint &p, const JacobianPoint &q) const {
    if (isInfinity(p))
        return q;
    if (isInfinity(q))
        return p;
    const Limbs z1z1 = fq_.square(p.z), z2z2 = fq_.square(q.z);
    const Limbs u1 = fq_.mul(p.x, z2z2), u2 = fq_.mul(q.x, z1z1);
    const Limbs s1 = fq_.mul(p.y, fq_.mul(q.z, z2z2)), s2 = fq_.mul(q.y, fq_.mul(p.z, z1z1));
    const Limbs h = fq_.sub(u2, u1);
    Limbs r = fq_.sub(s2, s1);
    if (fq_.isZero(h))
        return fq_.isZero(r) ? dbl(p) : infinity();
    const Limbs i = fq_.square(fq_.add(h, h));
    const Limbs j = fq_.mul(h, i);
    r = fq_.add(r, r);
    const Limbs v = fq_.mul(u1, i);
    const Limbs x3 = fq_.sub(fq_.sub(fq_.square(r), j), fq_.add(v, v));
    const Limbs s1j = fq_.mul(s1, j);
    const Limbs y3 = fq_.sub(fq_.mul(r, fq_.sub(v, x3)), fq_.add(s1j, s1j));
    const Limbs z3 = fq_.mul(fq_.sub(fq_.sub(fq_.square(fq_.add(p.z, q.z)), z1z1), z2z2), h);
    return JacobianPoint{x3, y3, z3};
}

void EllipticCurve::toAffine(const JacobianPoint &p, Limbs &x, Limbs &y) const {
    if (isInfinity(p)) {
        x = y = Limbs{};
        return;
    }
    const Limbs zi = fq_.inverse(p.z), zi2 = fq_.square(zi);
    x = fq_.fromMontgomery(fq_.mul(p.x, zi2));
    y = fq_.fromMontgomery(fq_.mul(p.y, fq_.mul(zi2, zi)));
}

JacobianPoint EllipticCurve::scalarMul(const JacobianPoint &p, const Limbs &scalar) const {
    JacobianPoint acc = infinity();
    for (int i = 64 * kMaxLimbs - 1; i >= 0; --i) {
        acc = dbl(acc);
        if ((scalar[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1)
            acc = add(acc, p);
    }
    return acc;
}

}  // namespace accelscope::kernels
