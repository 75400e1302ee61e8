#include "core/kernels/simhash.h"

#include <stdexcept>
#include <string>

#include "core/kernels/random.h"

namespace accelscope::kernels {

MatrixF randomHyperplanes(int dim, int count, std::mt19937_64 &generator) {
    if (dim < 1 || count < 1 || count > kMaxHyperplanes)
        throw std::invalid_argument("randomHyperplanes: dim " + std::to_string(dim) + ", count " +
                                    std::to_string(count) + "; allowed: dim >= 1 and 1 <= count <= 64");
    MatrixF planes(dim, count);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < planes.size(); ++i)
        planes.data()[i] = normal(generator);
    return planes;
}

std::vector<HashBits> simHash(const MatrixF &rows, const MatrixF &hyperplanes) {
    if (rows.cols() != hyperplanes.rows())
        throw std::invalid_argument("simHash: rows have " + std::to_string(rows.cols()) +
                                    " columns, hyperplanes " + std::to_string(hyperplanes.rows()) + " rows");
    const MatrixF projected = rows * hyperplanes;
    std::vector<HashBits> bits(static_cast<std::size_t>(rows.rows()), 0);
    for (Eigen::Index r = 0; r < projected.rows(); ++r) {
        HashBits b = 0;
        for (Eigen::Index i = 0; i < projected.cols(); ++i)
            if (projected(r, i) > 0.0f)
                b |= HashBits{1} << i;
        bits[static_cast<std::size_t>(r)] = b;
    }
    return bits;
}

HashBits simHash(const RowVectorF &row, const MatrixF &hyperplanes) {
    return simHash(MatrixF(row), hyperplanes).front();
}

NearestSignature nearestSignature(HashBits query, const std::vector<HashBits> &candidates) {
    NearestSignature best;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const int d = hammingDistance(query, candidates[i]);
        if (d < best.distance) {
            best.distance = d;
            best.index = static_cast<int>(i);
        }
    }
    return best;
}

}  // namespace accelscope::kernels
