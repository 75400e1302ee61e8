#include "core/kernels/channelprune.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <string>

namespace accelscope::kernels {

namespace {

// Channel indices ordered by descending score, ties to the lower index.
Channels ranked(const std::vector<double> &scores, Channels among) {
    if (among.empty()) {
        among.resize(scores.size());
        std::iota(among.begin(), among.end(), 0);
    }
    std::stable_sort(among.begin(), among.end(), [&](int a, int b) {
        const double sa = scores[static_cast<std::size_t>(a)], sb = scores[static_cast<std::size_t>(b)];
        return sa > sb || (sa == sb && a < b);
    });
    return among;
}

}  // namespace

std::vector<double> channelWeightFactors(const MatrixF &weight, ChannelAggregation aggregation) {
    std::vector<double> factor(static_cast<std::size_t>(weight.cols()), 0.0);
    for (Eigen::Index k = 0; k < weight.cols(); ++k)
        for (Eigen::Index i = 0; i < weight.rows(); ++i) {
            const double v = std::abs(double(weight(i, k)));
            double &f = factor[static_cast<std::size_t>(k)];
            f = aggregation == ChannelAggregation::Sum ? f + v : std::max(f, v);
        }
    return factor;
}

std::vector<double> channelImportance(const MatrixF &inputs, const MatrixF &weight,
                                      ChannelAggregation aggregation) {
    if (inputs.cols() != weight.cols())
        throw std::invalid_argument("channel importance: " + std::to_string(inputs.cols()) +
                                    " input channels for a " + std::to_string(weight.cols()) +
                                    "-input weight");
    std::vector<double> score = channelWeightFactors(weight, aggregation);
    for (Eigen::Index k = 0; k < inputs.cols(); ++k) {
        double sumSquares = 0;
        for (Eigen::Index t = 0; t < inputs.rows(); ++t)
            sumSquares += double(inputs(t, k)) * double(inputs(t, k));
        score[static_cast<std::size_t>(k)] *= std::sqrt(sumSquares);
    }
    return score;
}

Channels topChannels(const std::vector<double> &scores, int keep, const Channels &among) {
    const std::size_t pool = among.empty() ? scores.size() : among.size();
    if (keep < 0 || static_cast<std::size_t>(keep) > pool)
        throw std::invalid_argument("cannot keep " + std::to_string(keep) + " of " + std::to_string(pool) +
                                    " channels");
    for (const int c : among)
        if (c < 0 || static_cast<std::size_t>(c) >= scores.size())
            throw std::invalid_argument("channel " + std::to_string(c) + " has no score");
    Channels order = ranked(scores, among);
    order.resize(static_cast<std::size_t>(keep));
    std::sort(order.begin(), order.end());
    return order;
}

Channels ChannelPartition::computed() const {
    return mergeChannels(retained, candidates);
}

ChannelPartition partitionChannels(const std::vector<double> &scores, int keep, int band) {
    const int count = static_cast<int>(scores.size());
    if (keep < 0 || keep > count || band < 0)
        throw std::invalid_argument("partition of " + std::to_string(count) + " channels: keep " +
                                    std::to_string(keep) + ", band " + std::to_string(band));
    const int retained = std::max(0, keep - band / 2);
    const int candidates = std::min(band, count - retained);
    const Channels order = ranked(scores, {});
    ChannelPartition p;
    p.keep = keep;
    p.retained.assign(order.begin(), order.begin() + retained);
    p.candidates.assign(order.begin() + retained, order.begin() + retained + candidates);
    p.pruned.assign(order.begin() + retained + candidates, order.end());
    for (Channels *part : {&p.retained, &p.candidates, &p.pruned})
        std::sort(part->begin(), part->end());
    return p;
}

Channels mergeChannels(const Channels &a, const Channels &b) {
    Channels out;
    out.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

}  // namespace accelscope::kernels
