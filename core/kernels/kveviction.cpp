#include "core/kernels/kveviction.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace accelscope::kernels {

namespace {

struct Candidate {
    double score;
    int cache;
    int token;
};

// Higher score first; on equal scores the older token, then the earlier cache.
bool ranksBefore(const Candidate &a, const Candidate &b) {
    if (a.score != b.score)
        return a.score > b.score;
    if (a.token != b.token)
        return a.token < b.token;
    return a.cache < b.cache;
}

}  // namespace

KeptTokens keepTopScores(const std::vector<double> &scores, int keep, int window) {
    return keepTopScoresGlobal({scores}, keep, window).front();
}

std::vector<KeptTokens> keepTopScoresGlobal(const std::vector<std::vector<double>> &scores, int totalKeep,
                                            int window) {
    std::size_t tokens = 0;
    for (const auto &s : scores)
        tokens += s.size();
    const auto caches = static_cast<int>(scores.size());
    if (window < 0 || totalKeep < window * caches || static_cast<std::size_t>(totalKeep) > tokens)
        throw std::invalid_argument("keepTopScores: need window x caches <= keep <= tokens (window " +
                                    std::to_string(window) + ", caches " + std::to_string(caches) + ", keep " +
                                    std::to_string(totalKeep) + ", tokens " + std::to_string(tokens) + ")");
    std::vector<KeptTokens> kept(scores.size());
    std::vector<Candidate> candidates;
    candidates.reserve(tokens);
    for (int c = 0; c < caches; ++c) {
        const auto &s = scores[static_cast<std::size_t>(c)];
        const int n = static_cast<int>(s.size());
        if (n < window)
            throw std::invalid_argument("keepTopScores: a cache holds fewer tokens than the window");
        for (int t = n - window; t < n; ++t)
            kept[static_cast<std::size_t>(c)].push_back(t);
        for (int t = 0; t < n - window; ++t)
            candidates.push_back({s[static_cast<std::size_t>(t)], c, t});
    }
    const auto rest = static_cast<std::size_t>(totalKeep - window * caches);
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(rest), candidates.end(),
                      ranksBefore);
    for (std::size_t i = 0; i < rest; ++i)
        kept[static_cast<std::size_t>(candidates[i].cache)].push_back(candidates[i].token);
    for (KeptTokens &k : kept)
        std::sort(k.begin(), k.end());
    return kept;
}

std::vector<double> attentionMass(const std::vector<const MatrixF *> &probabilities, int poolKernel) {
    if (probabilities.empty())
        throw std::invalid_argument("attentionMass: no probability matrix");
    if (poolKernel < 1 || poolKernel % 2 == 0)
        throw std::invalid_argument("attentionMass: the pooling kernel must be odd and positive");
    const Eigen::Index tokens = probabilities.front()->cols();
    std::vector<double> mass(static_cast<std::size_t>(tokens), 0.0);
    for (const MatrixF *p : probabilities) {
        if (p->cols() != tokens)
            throw std::invalid_argument("attentionMass: probability matrices of different widths");
        for (Eigen::Index i = 0; i < p->rows(); ++i)
            for (Eigen::Index t = 0; t < tokens; ++t)
                mass[static_cast<std::size_t>(t)] += (*p)(i, t);
    }
    if (poolKernel == 1)
        return mass;
    std::vector<double> pooled(mass.size());
    const int half = poolKernel / 2;
    for (Eigen::Index t = 0; t < tokens; ++t) {
        const auto lo = static_cast<std::size_t>(std::max<Eigen::Index>(0, t - half));
        const auto hi = static_cast<std::size_t>(std::min<Eigen::Index>(tokens - 1, t + half));
        pooled[static_cast<std::size_t>(t)] = *std::max_element(mass.begin() + static_cast<std::ptrdiff_t>(lo),
                                                                mass.begin() + static_cast<std::ptrdiff_t>(hi) + 1);
    }
    return pooled;
}

}  // namespace accelscope::kernels
