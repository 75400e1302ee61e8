#include "core/kernels/sparseattention.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace accelscope::kernels {

MaskU8 topKPerRow(const MatrixF &scores, int k) {
    const auto cols = static_cast<int>(scores.cols());
    const int keep = std::clamp(k, 0, cols);
    MaskU8 mask = MaskU8::Zero(scores.rows(), scores.cols());
    std::vector<int> order(static_cast<std::size_t>(cols));
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        std::iota(order.begin(), order.end(), 0);
        // The comparator is a strict total order (score, then column), so the first `keep` after
        // nth_element are exactly the top k.
        if (keep > 0 && keep < cols)
            std::nth_element(order.begin(), order.begin() + (keep - 1), order.end(), [&](int a, int b) {
                const float sa = scores(r, a), sb = scores(r, b);
                return sa != sb ? sa > sb : a < b;
            });
        for (int i = 0; i < keep; ++i)
            mask(r, order[static_cast<std::size_t>(i)]) = 1;
    }
    return mask;
}

double topKRecall(const MaskU8 &predicted, const MatrixF &exactScores, int k) {
    if (predicted.rows() != exactScores.rows() || predicted.cols() != exactScores.cols())
        throw std::invalid_argument("top-k recall: the predicted mask and the exact scores differ in shape");
    const int keep = std::clamp(k, 0, static_cast<int>(exactScores.cols()));
    if (keep == 0 || exactScores.rows() == 0)
        return 1.0;
    const MaskU8 exact = topKPerRow(exactScores, keep);
    double hits = 0;
    for (Eigen::Index i = 0; i < exact.size(); ++i)
        hits += (exact.data()[i] && predicted.data()[i]) ? 1.0 : 0.0;
    return hits / (double(keep) * double(exactScores.rows()));
}

MaskU8 probabilityThresholdMask(const MatrixF &probabilities, double threshold) {
    return (probabilities.array() >= static_cast<float>(threshold)).cast<std::uint8_t>();
}

MatrixF maskedSoftmaxRows(const MatrixF &scores, const MaskU8 &mask) {
    if (mask.rows() != scores.rows() || mask.cols() != scores.cols())
        throw std::invalid_argument("masked softmax: the mask and the scores differ in shape");
    MatrixF out = MatrixF::Zero(scores.rows(), scores.cols());
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        float largest = -INFINITY;
        for (Eigen::Index c = 0; c < scores.cols(); ++c)
            if (mask(r, c))
                largest = std::max(largest, scores(r, c));
        if (largest == -INFINITY)
            continue;
        float sum = 0;
        for (Eigen::Index c = 0; c < scores.cols(); ++c)
            if (mask(r, c)) {
                out(r, c) = std::exp(scores(r, c) - largest);
                sum += out(r, c);
            }
        out.row(r) /= sum;
    }
    return out;
}

}  // namespace accelscope::kernels
