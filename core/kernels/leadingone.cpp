#include "core/kernels/leadingone.h"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace accelscope::kernels {

std::array<int, 2> leadingOnes(std::uint32_t magnitude, int terms) {
    std::array<int, 2> p{-1, -1};
    for (int t = 0; t < terms && t < 2 && magnitude != 0; ++t) {
        p[static_cast<std::size_t>(t)] = std::bit_width(magnitude) - 1;
        magnitude &= ~(1u << p[static_cast<std::size_t>(t)]);
    }
    return p;
}

std::uint32_t leadingOneApproximation(std::uint32_t magnitude, int terms) {
    std::uint32_t sum = 0;
    for (const int p : leadingOnes(magnitude, terms))
        if (p >= 0)
            sum |= 1u << p;
    return sum;
}

double LeadingOneMatrix::approximation(int row, int col) const {
    const auto i =
        static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col);
    double sum = 0;
    for (const std::int8_t p : exponents[i])
        if (p >= 0)
            sum += std::ldexp(1.0, p);
    return sign[i] * sum;
}

int LeadingOneMatrix::termCount(int row, int col) const {
    const auto i =
        static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col);
    return (exponents[i][0] >= 0 ? 1 : 0) + (exponents[i][1] >= 0 ? 1 : 0);
}

Eigen::MatrixXd LeadingOneMatrix::positiveMagnitudes() const {
    Eigen::MatrixXd m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m(r, c) = std::max(0.0, approximation(r, c));
    return m;
}

Eigen::MatrixXd LeadingOneMatrix::negativeMagnitudes() const {
    Eigen::MatrixXd m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m(r, c) = std::max(0.0, -approximation(r, c));
    return m;
}

MatrixF LeadingOneMatrix::values() const {
    MatrixF m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m(r, c) = static_cast<float>(approximation(r, c) * scale);
    return m;
}

LeadingOneMatrix encodeLeadingOnes(const MatrixF &values, int bits, int terms) {
    if (bits < 2 || bits > 16)
        throw std::invalid_argument("leading-one coding: bits " + std::to_string(bits) + " outside 2..16");
    if (terms < 1 || terms > 2)
        throw std::invalid_argument("leading-one coding: terms " + std::to_string(terms) + " outside 1..2");
    LeadingOneMatrix m;
    m.rows = static_cast<int>(values.rows());
    m.cols = static_cast<int>(values.cols());
    m.terms = terms;
    const double maxCode = std::ldexp(1.0, bits - 1) - 1.0;
    const double largest = values.size() > 0 ? double(values.cwiseAbs().maxCoeff()) : 0.0;
    m.scale = largest > 0 ? largest / maxCode : 1.0;
    m.sign.resize(static_cast<std::size_t>(values.size()));
    m.exponents.resize(static_cast<std::size_t>(values.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        const double v = values.data()[i];
        const auto q = static_cast<std::uint32_t>(std::min(maxCode, std::round(std::abs(v) / m.scale)));
        const std::array<int, 2> p = leadingOnes(q, terms);
        const auto u = static_cast<std::size_t>(i);
        m.sign[u] = q == 0 ? 0 : (v < 0 ? -1 : 1);
        m.exponents[u] = {static_cast<std::int8_t>(p[0]), static_cast<std::int8_t>(p[1])};
    }
    return m;
}

MatrixF LogDomainProduct::values() const {
    return ((positive - negative) * scale).cast<float>();
}

LogDomainProduct logDomainProduct(const LeadingOneMatrix &a, const LeadingOneMatrix &b) {
    if (a.cols != b.rows)
        throw std::invalid_argument("log-domain product: inner dimensions " + std::to_string(a.cols) +
                                    " and " + std::to_string(b.rows) + " differ");
    // Products of powers of two are exact in double, and so are their integer sums here: the
    // matrix products below equal the exponent-addition loop term by term.
    const Eigen::MatrixXd ap = a.positiveMagnitudes(), an = a.negativeMagnitudes();
    const Eigen::MatrixXd bp = b.positiveMagnitudes(), bn = b.negativeMagnitudes();
    LogDomainProduct p;
    p.positive = ap * bp + an * bn;
    p.negative = ap * bn + an * bp;
    p.scale = a.scale * b.scale;
    // Exponent additions: Σ_k (leading ones in column k of A) · (leading ones in row k of B).
    Eigen::VectorXd aTerms = Eigen::VectorXd::Zero(a.cols), bTerms = Eigen::VectorXd::Zero(b.rows);
    for (int r = 0; r < a.rows; ++r)
        for (int c = 0; c < a.cols; ++c)
            aTerms(c) += a.termCount(r, c);
    for (int r = 0; r < b.rows; ++r)
        for (int c = 0; c < b.cols; ++c)
            bTerms(r) += b.termCount(r, c);
    p.exponentAdds = aTerms.dot(bTerms);
    return p;
}

}  // namespace accelscope::kernels
