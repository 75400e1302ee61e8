#include "core/kernels/distributionmatching.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <tuple>
#include <vector>

#include "core/api/errors.h"
#include "core/kernels/mxint.h"

namespace accelscope::kernels {

namespace {

int chunksAlong(int size, int stride) {
    return (size + stride - 1) / stride;
}

// Chunk indices within `window` of `c` along an axis of `count` chunks: [first, last].
std::pair<int, int> windowRange(int c, int count, int window) {
    if (window < 0)
        return {0, count - 1};
    return {std::max(0, c - window), std::min(count - 1, c + window)};
}

struct Candidate {
    double increment;
    int source;
    int destination;
    std::int64_t version;  // the destination group's version the increment was priced against
    bool operator>(const Candidate &o) const {
        return std::tie(increment, source, destination) > std::tie(o.increment, o.source, o.destination);
    }
};

}  // namespace

void SpatioTemporalSplit::validate(Eigen::Index tokens, const char *what) const {
    if (frames < 1 || height < 1 || width < 1 ||
        static_cast<Eigen::Index>(frames) * height * width != tokens || strideFrames < 1 ||
        strideHeight < 1 || strideWidth < 1)
        throw InputError(
            QStringLiteral("%1: a %2×%3×%4 grid with strides %5×%6×%7 for %8 tokens; frames × height × "
                           "width must equal the tokens and the strides be positive")
                .arg(QString::fromLatin1(what))
                .arg(frames)
                .arg(height)
                .arg(width)
                .arg(strideFrames)
                .arg(strideHeight)
                .arg(strideWidth)
                .arg(tokens));
}

int SpatioTemporalSplit::chunks() const {
    return chunksAlong(frames, strideFrames) * chunksAlong(height, strideHeight) *
           chunksAlong(width, strideWidth);
}

MatrixF mxRows(const MatrixF &m, int bits) {
    if (bits == 0)
        return m;
    const MxIntFormat format = mxFormatForBits(bits);
    MatrixF q = m;
    for (Eigen::Index r = 0; r < q.rows(); ++r)
        mxRoundTrip(std::span<float>(q.row(r).data(), static_cast<std::size_t>(q.cols())), format);
    return q;
}

TokenMergePlan spatioTemporalMatching(const MatrixF &metric, const SpatioTemporalSplit &split,
                                      double reduceRatio, std::uint64_t seed) {
    return spatioTemporalMatching(metric, split.frames, split.height, split.width, split.strideFrames,
                                  split.strideHeight, split.strideWidth, reduceRatio, seed);
}

TokenMergePlan distributionAwareMatching(const MatrixF &metric, const SpatioTemporalSplit &split,
                                         double reduceRatio, std::uint64_t seed,
                                         const DistributionMatchingOptions &options, MatchingWork *work) {
    if (metric.rows() < 2 || metric.cols() < 1 || !metric.allFinite())
        throw InputError(
            QStringLiteral("distribution-aware matching: the metric must have at least 2 tokens and 1 "
                           "feature, all finite (got %1×%2)")
                .arg(metric.rows())
                .arg(metric.cols()));
    split.validate(metric.rows(), "distribution-aware matching");
    if (!(reduceRatio >= 0 && reduceRatio <= 1) || options.window < -1 ||
        (options.quantizeBits != 0 && options.quantizeBits != 8 && options.quantizeBits != 4 &&
         options.quantizeBits != 2))
        throw InputError(
            QStringLiteral("distribution-aware matching: reduce ratio %1, window %2, bits %3; allowed: a "
                           "ratio within 0 to 1, a window of -1 (all) or more, bits 0, 8, 4 or 2")
                .arg(reduceRatio)
                .arg(options.window)
                .arg(options.quantizeBits));
    const MatrixF m = mxRows(metric, options.quantizeBits);
    const int n = static_cast<int>(m.rows());
    const int cf = chunksAlong(split.frames, split.strideFrames),
              ch = chunksAlong(split.height, split.strideHeight),
              cw = chunksAlong(split.width, split.strideWidth);
    const std::vector<bool> isDestination =
        spatioTemporalDestinations(split.frames, split.height, split.width, split.strideFrames,
                                   split.strideHeight, split.strideWidth, seed, true);
    // Chunk of every token and the destination of every chunk.
    std::vector<int> chunkOf(static_cast<std::size_t>(n)),
        destinationOfChunk(static_cast<std::size_t>(cf * ch * cw), -1);
    std::vector<int> sources;
    for (int t = 0; t < n; ++t) {
        const int f = t / (split.height * split.width), y = (t / split.width) % split.height,
                  x = t % split.width;
        const int c = ((f / split.strideFrames) * ch + y / split.strideHeight) * cw + x / split.strideWidth;
        chunkOf[static_cast<std::size_t>(t)] = c;
        if (isDestination[static_cast<std::size_t>(t)])
            destinationOfChunk[static_cast<std::size_t>(c)] = t;
        else
            sources.push_back(t);
    }
    const int destinations = n - static_cast<int>(sources.size());
    const int merges = sources.empty() ? 0
                                       : spatioTemporalMerges(n, static_cast<int>(sources.size()),
                                                              destinations, reduceRatio);
    const auto candidatesOf = [&](int s) {
        const int c = chunkOf[static_cast<std::size_t>(s)];
        const int f = c / (ch * cw), y = (c / cw) % ch, x = c % cw;
        const auto [f0, f1] = windowRange(f, cf, options.window);
        const auto [y0, y1] = windowRange(y, ch, options.window);
        const auto [x0, x1] = windowRange(x, cw, options.window);
        std::vector<int> out;
        for (int a = f0; a <= f1; ++a)
            for (int b = y0; b <= y1; ++b)
                for (int d = x0; d <= x1; ++d)
                    out.push_back(destinationOfChunk[static_cast<std::size_t>((a * ch + b) * cw + d)]);
        return out;
    };

    // Groups: sum of rows and size per destination; a version that changes with every merge into it.
    std::vector<RowVectorF> groupSum(static_cast<std::size_t>(n));
    std::vector<int> groupSize(static_cast<std::size_t>(n), 0);
    std::vector<std::int64_t> version(static_cast<std::size_t>(n), 0);
    for (int t = 0; t < n; ++t)
        if (isDestination[static_cast<std::size_t>(t)]) {
            groupSum[static_cast<std::size_t>(t)] = m.row(t);
            groupSize[static_cast<std::size_t>(t)] = 1;
        }
    MatchingWork counted;
    const auto increment = [&](int s, int d) {
        const auto k = static_cast<std::size_t>(d);
        const double size = groupSize[k];
        const RowVectorF mean = groupSum[k] / static_cast<float>(size);
        return size / (size + 1.0) * static_cast<double>((m.row(s) - mean).squaredNorm());
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    const auto price = [&](int s) {
        Candidate best{std::numeric_limits<double>::infinity(), s, -1, 0};
        const std::vector<int> candidates = candidatesOf(s);
        for (int d : candidates) {
            const double inc = increment(s, d);
            if (inc < best.increment || (inc == best.increment && d < best.destination))
                best = {inc, s, d, version[static_cast<std::size_t>(d)]};
        }
        queue.push(best);
        ++counted.queueOperations;
        return static_cast<std::int64_t>(candidates.size());
    };
    if (merges > 0)
        for (int s : sources)
            counted.distances += price(s);

    std::vector<int> destinationOf(static_cast<std::size_t>(n), -1);
    while (counted.merges < merges && !queue.empty()) {
        const Candidate c = queue.top();
        queue.pop();
        ++counted.queueOperations;
        if (destinationOf[static_cast<std::size_t>(c.source)] >= 0)
            continue;
        if (c.version != version[static_cast<std::size_t>(c.destination)]) {
            counted.reevaluations += price(c.source);
            continue;
        }
        const auto k = static_cast<std::size_t>(c.destination);
        destinationOf[static_cast<std::size_t>(c.source)] = c.destination;
        groupSum[k] += m.row(c.source);
        ++groupSize[k];
        ++version[k];
        ++counted.merges;
        counted.loss += c.increment;
    }
    if (work)
        *work = counted;
    return TokenMergePlan(std::move(destinationOf));
}

double mergeLoss(const MatrixF &metric, const TokenMergePlan &plan) {
    if (metric.rows() != plan.tokens())
        throw InputError(QStringLiteral("merge loss: %1 metric rows for a plan over %2 tokens")
                             .arg(metric.rows())
                             .arg(plan.tokens()));
    const MatrixF mean = plan.merge(metric);
    const MatrixF back = plan.unmerge(mean);
    return static_cast<double>((metric - back).squaredNorm());
}

std::int64_t candidateDistances(const SpatioTemporalSplit &split, int window) {
    const int cf = chunksAlong(split.frames, split.strideFrames),
              ch = chunksAlong(split.height, split.strideHeight),
              cw = chunksAlong(split.width, split.strideWidth);
    // Along one axis: chunk sizes and how many chunks each one's window spans.
    const auto axis = [window](int size, int stride, int count) {
        std::vector<std::pair<std::int64_t, std::int64_t>> sizeAndSpan;
        for (int c = 0; c < count; ++c) {
            const auto [first, last] = windowRange(c, count, window);
            sizeAndSpan.emplace_back(std::min(stride, size - c * stride), last - first + 1);
        }
        return sizeAndSpan;
    };
    const auto af = axis(split.frames, split.strideFrames, cf),
               ah = axis(split.height, split.strideHeight, ch), aw = axis(split.width, split.strideWidth, cw);
    std::int64_t total = 0;
    for (const auto &[sf, nf] : af)
        for (const auto &[sh, nh] : ah)
            for (const auto &[sw, nw] : aw)
                total += (sf * sh * sw - 1) * nf * nh * nw;
    return total;
}

}  // namespace accelscope::kernels
