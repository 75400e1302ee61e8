#include "core/kernels/tokenmerge.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "core/api/errors.h"

namespace accelscope::kernels {

namespace {

// Sources ranked by their best score, most similar first (ties by token index), with partners.
struct Ranked {
    std::vector<int> sources;   // token indices, best first
    std::vector<int> partners;  // destination token of each, same order
};

MatrixF normalizedRows(const MatrixF &m) {
    MatrixF n = m;
    for (Eigen::Index r = 0; r < n.rows(); ++r) {
        const float norm = n.row(r).norm();
        if (norm > 0)
            n.row(r) /= norm;
    }
    return n;
}

// score(s, d) higher is more similar; picks each source's best destination and sorts.
template <class Score>
Ranked rank(const std::vector<int> &sources, const std::vector<int> &destinations, Score score) {
    std::vector<std::pair<double, int>> best(sources.size());
    std::vector<int> partner(sources.size());
    for (std::size_t i = 0; i < sources.size(); ++i) {
        double top = -std::numeric_limits<double>::infinity();
        int arg = destinations.front();
        for (int d : destinations) {
            const double s = score(sources[i], d);
            if (s > top) {
                top = s;
                arg = d;
            }
        }
        best[i] = {top, static_cast<int>(i)};
        partner[i] = arg;
    }
    std::stable_sort(best.begin(), best.end(), [&](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : sources[static_cast<std::size_t>(a.second)] < sources[static_cast<std::size_t>(b.second)];
    });
    Ranked ranked;
    for (const auto &[score, i] : best) {
        ranked.sources.push_back(sources[static_cast<std::size_t>(i)]);
        ranked.partners.push_back(partner[static_cast<std::size_t>(i)]);
    }
    return ranked;
}

TokenMergePlan mergeTop(int tokens, const Ranked &ranked, int merges) {
    std::vector<int> destinationOf(static_cast<std::size_t>(tokens), -1);
    for (int k = 0; k < merges; ++k)
        destinationOf[static_cast<std::size_t>(ranked.sources[static_cast<std::size_t>(k)])] =
            ranked.partners[static_cast<std::size_t>(k)];
    return TokenMergePlan(std::move(destinationOf));
}

// Splits the tokens by `isDestination`, pairs every source with its best-scoring destination, and
// merges the `merges(sources, destinations)` best-paired sources (all stay when there are none).
template <class Score, class Merges>
TokenMergePlan matchToDestinations(const std::vector<bool> &isDestination, Score score, Merges merges) {
    const auto n = static_cast<int>(isDestination.size());
    std::vector<int> sources, destinations;
    for (int i = 0; i < n; ++i)
        (isDestination[static_cast<std::size_t>(i)] ? destinations : sources).push_back(i);
    if (sources.empty())
        return TokenMergePlan(std::vector<int>(static_cast<std::size_t>(n), -1));
    const Ranked ranked = rank(sources, destinations, score);
    return mergeTop(n, ranked, merges(static_cast<int>(sources.size()), static_cast<int>(destinations.size())));
}

void checkMetric(const MatrixF &metric, const char *what) {
    if (metric.rows() < 2 || metric.cols() < 1 || !metric.allFinite())
        throw InputError(QStringLiteral("%1: the metric must have at least 2 tokens and 1 feature, all finite (got %2×%3)")
                             .arg(QString::fromLatin1(what))
                             .arg(metric.rows())
                             .arg(metric.cols()));
}

}  // namespace

std::vector<bool> spatioTemporalDestinations(int frames, int h, int w, int sf, int sh, int sw, std::uint64_t seed,
                                             bool random) {
    std::mt19937_64 rng(seed);
    std::vector<bool> isDestination(static_cast<std::size_t>(frames) * h * w, false);
    for (int f0 = 0; f0 < frames; f0 += sf)
        for (int y0 = 0; y0 < h; y0 += sh)
            for (int x0 = 0; x0 < w; x0 += sw) {
                const int cf = std::min(sf, frames - f0), ch = std::min(sh, h - y0), cw = std::min(sw, w - x0);
                const int pick = random ? static_cast<int>(rng() % static_cast<std::uint64_t>(cf * ch * cw)) : 0;
                const int f = f0 + pick / (ch * cw), y = y0 + (pick / cw) % ch, x = x0 + pick % cw;
                isDestination[static_cast<std::size_t>((f * h + y) * w + x)] = true;
            }
    return isDestination;
}

int spatioTemporalMerges(int tokens, int sources, int destinations, double reduceRatio) {
    const int stay = std::clamp(static_cast<int>(tokens * (1.0 - reduceRatio)) - destinations, 0, sources);
    return sources - stay;
}

TokenMergePlan::TokenMergePlan(std::vector<int> destinationOf) : destinationOf_(std::move(destinationOf)) {
    const int n = tokens();
    rowOf_.assign(static_cast<std::size_t>(n), -1);
    for (int i = 0; i < n; ++i) {
        const int d = destinationOf_[static_cast<std::size_t>(i)];
        if (d < -1 || d >= n || d == i || (d >= 0 && destinationOf_[static_cast<std::size_t>(d)] != -1))
            throw InputError(QStringLiteral("token merge plan: token %1 merges into %2; a destination must be another "
                                            "token (0 to %3) that stays")
                                 .arg(i)
                                 .arg(d)
                                 .arg(n - 1));
        if (d == -1) {
            rowOf_[static_cast<std::size_t>(i)] = static_cast<int>(kept_.size());
            kept_.push_back(i);
        }
    }
    for (int i = 0; i < n; ++i)
        if (const int d = destinationOf_[static_cast<std::size_t>(i)]; d >= 0)
            rowOf_[static_cast<std::size_t>(i)] = rowOf_[static_cast<std::size_t>(d)];
}

MatrixF TokenMergePlan::merge(const MatrixF &x, const std::vector<float> &sizes, std::vector<float> *mergedSizes) const {
    if (x.rows() != tokens() || (!sizes.empty() && static_cast<int>(sizes.size()) != tokens()))
        throw InputError(QStringLiteral("token merge: %1 rows and %2 sizes for a plan over %3 tokens")
                             .arg(x.rows())
                             .arg(sizes.size())
                             .arg(tokens()));
    MatrixF sum = MatrixF::Zero(reducedTokens(), x.cols());
    std::vector<double> weight(static_cast<std::size_t>(reducedTokens()), 0.0);
    for (int i = 0; i < tokens(); ++i) {
        const double w = sizes.empty() ? 1.0 : sizes[static_cast<std::size_t>(i)];
        const int row = rowOf_[static_cast<std::size_t>(i)];
        sum.row(row) += static_cast<float>(w) * x.row(i);
        weight[static_cast<std::size_t>(row)] += w;
    }
    for (int row = 0; row < reducedTokens(); ++row)
        sum.row(row) /= static_cast<float>(weight[static_cast<std::size_t>(row)]);
    if (mergedSizes)
        mergedSizes->assign(weight.begin(), weight.end());
    return sum;
}

MatrixF TokenMergePlan::unmerge(const MatrixF &reduced) const {
    if (reduced.rows() != reducedTokens())
        throw InputError(QStringLiteral("token unmerge: %1 rows for a reduced sequence of %2")
                             .arg(reduced.rows())
                             .arg(reducedTokens()));
    MatrixF out(tokens(), reduced.cols());
    for (int i = 0; i < tokens(); ++i)
        out.row(i) = reduced.row(rowOf_[static_cast<std::size_t>(i)]);
    return out;
}

TokenMergePlan bipartiteSoftMatching(const MatrixF &metric, int r, bool protectFirst) {
    checkMetric(metric, "bipartite soft matching");
    if (r < 0)
        throw InputError(QStringLiteral("bipartite soft matching: r = %1; allowed 0 or more").arg(r));
    const auto n = static_cast<int>(metric.rows());
    std::vector<int> sources, destinations;
    for (int i = 0; i < n; ++i)
        (i % 2 ? destinations : sources).push_back(i);
    if (protectFirst)
        sources.erase(sources.begin());
    const MatrixF m = normalizedRows(metric);
    const Ranked ranked = rank(sources, destinations, [&](int s, int d) { return static_cast<double>(m.row(s).dot(m.row(d))); });
    const int protectedTokens = protectFirst ? 1 : 0;
    return mergeTop(n, ranked, std::min({r, (n - protectedTokens) / 2, static_cast<int>(sources.size())}));
}

TokenMergePlan randomGridMatching(const MatrixF &metric, int w, int h, int sx, int sy, int r, std::uint64_t seed,
                                  bool randomDestinations, const std::vector<double> &sourcePenalty) {
    checkMetric(metric, "random grid matching");
    if (w < 1 || h < 1 || static_cast<Eigen::Index>(w) * h != metric.rows() || sx < 1 || sy < 1 || r < 0)
        throw InputError(QStringLiteral("random grid matching: a %1×%2 grid with %3×%4 cells and r = %5 for %6 tokens; "
                                        "w × h must equal the tokens, cells and r must be positive")
                             .arg(w)
                             .arg(h)
                             .arg(sx)
                             .arg(sy)
                             .arg(r)
                             .arg(metric.rows()));
    if (!sourcePenalty.empty() && static_cast<Eigen::Index>(sourcePenalty.size()) != metric.rows())
        throw InputError(QStringLiteral("random grid matching: %1 source penalties for %2 tokens; give one per token or none")
                             .arg(sourcePenalty.size())
                             .arg(metric.rows()));
    const std::vector<bool> isDestination = spatioTemporalDestinations(1, h, w, 1, sy, sx, seed, randomDestinations);
    const MatrixF m = normalizedRows(metric);
    const auto penalty = [&](int s) { return sourcePenalty.empty() ? 0.0 : sourcePenalty[static_cast<std::size_t>(s)]; };
    return matchToDestinations(
        isDestination, [&](int s, int d) { return static_cast<double>(m.row(s).dot(m.row(d))) - penalty(s); },
        [r](int sources, int) { return std::min(r, sources); });
}

double pairMatchRatio(const TokenMergePlan &plan, const TokenMergePlan &reference) {
    if (plan.tokens() != reference.tokens())
        throw InputError(QStringLiteral("pair match ratio: plans over %1 and %2 tokens; both must cover the same tokens")
                             .arg(plan.tokens())
                             .arg(reference.tokens()));
    int merged = 0, same = 0;
    for (int i = 0; i < plan.tokens(); ++i)
        if (const int d = plan.destinationOf(i); d >= 0) {
            ++merged;
            same += reference.destinationOf(i) == d ? 1 : 0;
        }
    return merged == 0 ? 1.0 : double(same) / merged;
}

TokenMergePlan spatioTemporalMatching(const MatrixF &metric, int frames, int h, int w, int sf, int sh, int sw,
                                      double reduceRatio, std::uint64_t seed) {
    checkMetric(metric, "spatio-temporal matching");
    if (frames < 1 || h < 1 || w < 1 || static_cast<Eigen::Index>(frames) * h * w != metric.rows() || sf < 1 || sh < 1 ||
        sw < 1 || !(reduceRatio >= 0 && reduceRatio <= 1))
        throw InputError(QStringLiteral("spatio-temporal matching: a %1×%2×%3 grid, strides %4×%5×%6, reduce ratio %7 "
                                        "for %8 tokens; frames × h × w must equal the tokens, strides be positive and "
                                        "the ratio within 0 to 1")
                             .arg(frames)
                             .arg(h)
                             .arg(w)
                             .arg(sf)
                             .arg(sh)
                             .arg(sw)
                             .arg(reduceRatio)
                             .arg(metric.rows()));
    const int n = frames * h * w;
    const std::vector<bool> isDestination = spatioTemporalDestinations(frames, h, w, sf, sh, sw, seed, true);
    // Nearest destination by Euclidean distance (a higher score is a smaller distance); the least
    // similar int(N · (1 − ratio)) − destinations sources stay, the rest merge.
    return matchToDestinations(
        isDestination, [&](int s, int d) { return -static_cast<double>((metric.row(s) - metric.row(d)).squaredNorm()); },
        [n, reduceRatio](int sources, int destinations) { return spatioTemporalMerges(n, sources, destinations, reduceRatio); });
}

}  // namespace accelscope::kernels
