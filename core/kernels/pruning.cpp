#include "core/kernels/pruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace accelscope::kernels {

namespace {

void checkSparsity(double sparsity) {
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        throw std::invalid_argument("pruning: sparsity must be in [0, 1]");
}

// Indices of the `keep` largest scores, ties to the lower index (a strict total order, so the
// partial selection is deterministic).
std::vector<int> topIndices(const std::vector<float> &scores, int keep) {
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    const auto before = [&](int a, int b) {
        const float sa = scores[static_cast<std::size_t>(a)], sb = scores[static_cast<std::size_t>(b)];
        return sa > sb || (sa == sb && a < b);
    };
    if (keep < static_cast<int>(order.size()))
        std::nth_element(order.begin(), order.begin() + keep, order.end(), before);
    order.resize(static_cast<std::size_t>(keep));
    return order;
}

int keptOf(int n, double sparsity) {
    return static_cast<int>(std::lround((1.0 - sparsity) * n));
}

}  // namespace

VectorF columnL2Norms(const MatrixF &activations) {
    return activations.colwise().norm().transpose();
}

MaskU8 wandaMask(const MatrixF &weight, const VectorF &inputNorms, double sparsity) {
    checkSparsity(sparsity);
    if (inputNorms.size() != weight.rows())
        throw std::invalid_argument("wandaMask: one input norm per weight row (input) is needed");
    const int inputs = static_cast<int>(weight.rows());
    const int keep = keptOf(inputs, sparsity);
    MaskU8 mask = MaskU8::Zero(weight.rows(), weight.cols());
    std::vector<float> scores(static_cast<std::size_t>(inputs));
    for (Eigen::Index out = 0; out < weight.cols(); ++out) {
        for (int in = 0; in < inputs; ++in)
            scores[static_cast<std::size_t>(in)] = std::abs(weight(in, out)) * inputNorms(in);
        for (const int in : topIndices(scores, keep))
            mask(in, out) = 1;
    }
    return mask;
}

MaskU8 topMagnitudeMask(const MatrixF &values, int groupWidth, double sparsity) {
    checkSparsity(sparsity);
    if (groupWidth < 1)
        throw std::invalid_argument("topMagnitudeMask: group width must be at least 1");
    MaskU8 mask = MaskU8::Zero(values.rows(), values.cols());
    std::vector<float> scores;
    for (Eigen::Index r = 0; r < values.rows(); ++r)
        for (Eigen::Index start = 0; start < values.cols(); start += groupWidth) {
            const int n = static_cast<int>(std::min<Eigen::Index>(groupWidth, values.cols() - start));
            scores.resize(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i)
                scores[static_cast<std::size_t>(i)] = std::abs(values(r, start + i));
            for (const int i : topIndices(scores, keptOf(n, sparsity)))
                mask(r, start + i) = 1;
        }
    return mask;
}

MatrixF applyMask(const MatrixF &values, const MaskU8 &mask) {
    if (values.rows() != mask.rows() || values.cols() != mask.cols())
        throw std::invalid_argument("applyMask: the mask's shape differs from the values'");
    return values.cwiseProduct(mask.cast<float>());
}

}  // namespace accelscope::kernels
