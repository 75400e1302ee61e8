#include "core/kernels/normalization.h"

#include <cmath>

namespace accelscope::kernels {

MatrixF layerNorm(const MatrixF &rows, const VectorF &gamma, const VectorF &beta, float epsilon) {
    MatrixF out(rows.rows(), rows.cols());
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
        const auto row = rows.row(r);
        const float mean = row.mean();
        const float variance = (row.array() - mean).square().mean();
        const float inverseStd = 1.0f / std::sqrt(variance + epsilon);
        out.row(r) =
            ((row.array() - mean) * inverseStd * gamma.transpose().array() + beta.transpose().array())
                .matrix();
    }
    return out;
}

MatrixF softmaxRows(const MatrixF &scores) {
    MatrixF out(scores.rows(), scores.cols());
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        const float rowMax = scores.row(r).maxCoeff();
        const Eigen::ArrayXXf exps = (scores.row(r).array() - rowMax).exp();  // evaluated once
        out.row(r) = (exps / exps.sum()).matrix();
    }
    return out;
}

}  // namespace accelscope::kernels
