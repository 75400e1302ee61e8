#pragma once
// Copies of chosen rows or columns of a matrix, in the order given (indices must be in range):
// the kept tokens of a KV cache, the kept channels of an FFN.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

inline MatrixF gatherRows(const MatrixF &m, const std::vector<int> &rows) {
    MatrixF out(static_cast<Eigen::Index>(rows.size()), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(static_cast<Eigen::Index>(i)) = m.row(rows[i]);
    return out;
}

inline MatrixF gatherColumns(const MatrixF &m, const std::vector<int> &columns) {
    MatrixF out(m.rows(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t i = 0; i < columns.size(); ++i)
        out.col(static_cast<Eigen::Index>(i)) = m.col(columns[i]);
    return out;
}

}  // namespace accelscope::kernels
