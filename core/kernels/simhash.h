#pragma once
// SimHash (random-hyperplane LSH): a vector's signature has one bit per hyperplane, set when the
// vector lies on the hyperplane's positive side. Two vectors at angle θ differ in each bit with
// probability θ/π, so the Hamming distance of their signatures estimates their angle. Used to
// group cached keys into clusters by XOR and popcount instead of dot products.
//
// Signatures hold up to 64 hyperplanes (bit i for hyperplane i).

#include <cstdint>
#include <random>
#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

using HashBits = std::uint64_t;
inline constexpr int kMaxHyperplanes = 64;

// `count` hyperplane normals of dimension `dim` as the columns of a dim × count matrix, each entry
// standard normal (rotation invariant, as SimHash needs). Throws std::invalid_argument unless
// 1 <= count <= 64 and dim >= 1.
MatrixF randomHyperplanes(int dim, int count, std::mt19937_64 &generator);

// One signature per row of `rows` (tokens × dim): bit i = (row · hyperplanes.col(i) > 0).
std::vector<HashBits> simHash(const MatrixF &rows, const MatrixF &hyperplanes);
HashBits simHash(const RowVectorF &row, const MatrixF &hyperplanes);

// XOR and popcount; the popcount in SWAR form, since the build targets no POPCNT instruction
// and the library call would dominate clustering.
inline int hammingDistance(HashBits a, HashBits b) {
    HashBits x = a ^ b;
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

// The signature in `candidates` nearest to `query` (lowest index on ties) and its distance;
// index -1 and distance kMaxHyperplanes + 1 when there are no candidates. Each candidate costs
// one XOR-and-popcount comparison.
struct NearestSignature {
    int index = -1;
    int distance = kMaxHyperplanes + 1;
};
NearestSignature nearestSignature(HashBits query, const std::vector<HashBits> &candidates);

}  // namespace accelscope::kernels
