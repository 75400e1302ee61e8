#include "functional/resv.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/api/rangecheck.h"
#include "core/kernels/attention.h"
#include "core/kernels/gather.h"
#include "core/kernels/random.h"

namespace accelscope::vrex {

using kernels::HashBits;
using kernels::MatrixF;
using kernels::RowVectorF;

// ---- HashClusterTable ----

HashClusterTable::HashClusterTable(MatrixF hyperplanes, int hammingThreshold)
    : hyperplanes_(std::move(hyperplanes)), threshold_(hammingThreshold) {}

std::vector<int> HashClusterTable::add(const MatrixF &keys) {
    const std::vector<HashBits> bits = kernels::simHash(keys, hyperplanes_);
    std::vector<int> assigned(bits.size());
    for (std::size_t t = 0; t < bits.size(); ++t) {
        const int token = tokens();
        tokenSignatures_.push_back(bits[t]);
        comparisons_ += clusters();
        const kernels::NearestSignature nearest = kernels::nearestSignature(bits[t], signatures_);
        int cluster = nearest.index;
        if (cluster >= 0 && nearest.distance < threshold_) {
            const auto c = static_cast<std::size_t>(cluster);
            sums_[c] += keys.row(static_cast<Eigen::Index>(t));
            ++counts_[c];
            members_[c].push_back(token);
            // The sum points where the mean does: its signature is Key_cluster's.
            signatures_[c] = kernels::simHash(sums_[c], hyperplanes_);
        } else {
            cluster = clusters();
            sums_.emplace_back(keys.row(static_cast<Eigen::Index>(t)));
            counts_.push_back(1);
            members_.push_back({token});
            signatures_.push_back(bits[t]);
        }
        clusterOfToken_.push_back(cluster);
        assigned[t] = cluster;
    }
    return assigned;
}

MatrixF HashClusterTable::centroids() const {
    MatrixF c(clusters(), hyperplanes_.rows());
    for (int i = 0; i < clusters(); ++i)
        c.row(i) =
            sums_[static_cast<std::size_t>(i)] / static_cast<float>(counts_[static_cast<std::size_t>(i)]);
    return c;
}

// ---- WiCSum ----

namespace {

void checkWicsum(const std::vector<double> &scores, const std::vector<int> &counts, double ratio) {
    if (scores.size() != counts.size())
        throw std::invalid_argument("WiCSum: " + std::to_string(scores.size()) + " scores but " +
                                    std::to_string(counts.size()) + " counts");
    if (!(ratio > 0.0 && ratio <= 1.0))
        throw std::invalid_argument("WiCSum: ratio " + std::to_string(ratio) + "; allowed: (0, 1]");
}

// Descending score, then ascending index: the order both selections use.
bool before(const std::vector<double> &scores, int a, int b) {
    const double sa = scores[static_cast<std::size_t>(a)], sb = scores[static_cast<std::size_t>(b)];
    return sa > sb || (sa == sb && a < b);
}

// A ratio of 1 takes every cluster (a prefix sum must not beat the total by rounding).
double threshold(const std::vector<double> &scores, const std::vector<int> &counts, double ratio) {
    if (ratio >= 1.0)
        return std::numeric_limits<double>::infinity();
    double sum = 0;
    for (std::size_t c = 0; c < scores.size(); ++c)
        sum += scores[c] * counts[c];
    return ratio * sum;
}

}  // namespace

WicsumSelection wicsumSelect(const std::vector<double> &scores, const std::vector<int> &counts, double ratio,
                             int buckets) {
    checkWicsum(scores, counts, ratio);
    if (buckets < 1)
        throw std::invalid_argument("WiCSum: buckets " + std::to_string(buckets) + "; allowed: at least 1");
    WicsumSelection out;
    if (scores.empty())
        return out;
    // Preprocessing pass: the row's weighted sum, min and max.
    const double th = threshold(scores, counts, ratio);
    const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
    const double low = *lo, span = *hi - *lo;
    std::vector<std::vector<int>> bins(static_cast<std::size_t>(buckets));
    for (std::size_t c = 0; c < scores.size(); ++c) {
        const int b = span > 0 ? std::min(buckets - 1, static_cast<int>((scores[c] - low) / span * buckets))
                               : buckets - 1;
        bins[static_cast<std::size_t>(b)].push_back(static_cast<int>(c));
    }
    double acc = 0;
    for (int b = buckets - 1; b >= 0; --b) {
        std::vector<int> &bin = bins[static_cast<std::size_t>(b)];
        if (bin.empty())
            continue;
        out.visited += static_cast<int>(bin.size());
        std::sort(bin.begin(), bin.end(), [&](int x, int y) {
            ++out.comparisons;
            return before(scores, x, y);
        });
        for (const int c : bin) {
            out.clusters.push_back(c);
            acc += scores[static_cast<std::size_t>(c)] * counts[static_cast<std::size_t>(c)];
            if (acc > th)
                return out;
        }
    }
    return out;  // rounding left the sum at the threshold: everything is selected
}

std::vector<int> wicsumSelectBySort(const std::vector<double> &scores, const std::vector<int> &counts,
                                    double ratio) {
    checkWicsum(scores, counts, ratio);
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return before(scores, a, b); });
    const double th = threshold(scores, counts, ratio);
    double acc = 0;
    std::vector<int> selected;
    for (const int c : order) {
        selected.push_back(c);
        acc += scores[static_cast<std::size_t>(c)] * counts[static_cast<std::size_t>(c)];
        if (acc > th)
            break;
    }
    return selected;
}

// ---- Settings ----

void VideoStreamSpec::validate() const {
    RangeCheck(QStringLiteral("V-Rex video stream"))
        .within("head_dim", headDim, 2, 1024)
        .within("tokens_per_frame", tokensPerFrame, 1, 1024)
        .within("mean_scene_frames", meanSceneFrames, 1.0, 1e6)
        .within("token_noise", tokenNoise, 0.0, 100.0)
        .within("slot_spread", slotSpread, 0.0, 100.0)
        .within("value_noise", valueNoise, 0.0, 100.0)
        .within("revisit_probability", revisitProbability, 0.0, 1.0)
        .within("query_sharpness", querySharpness, 0.0, 100.0)
        .within("query_noise", queryNoise, 0.0, 100.0);
}

void ResvSettings::validate() const {
    RangeCheck(QStringLiteral("ReSV"))
        .within("hash_hyperplanes", hyperplanes, 1, kernels::kMaxHyperplanes)
        .within("hamming_threshold", hammingThreshold, 1, hyperplanes)
        .within("wicsum_ratio", wicsumRatio, 0.01, 1.0)
        .within("wtu_buckets", buckets, 1, 1024)
        .within("functional_layers", layers, 1, 128)
        .within("functional_kv_heads", kvHeads, 1, 128)
        .within("error_every", errorEvery, 1, 1 << 20)
        .within("text_queries", textQueries, 0, 4096);
}

// ---- The stream and the experiment ----

namespace {

// One functional (layer, KV head): its scene directions, keys, values and HC table.
struct Pair {
    MatrixF keys, values;  // all tokens so far (rows filled up to `filled`)
    int filled = 0;
    std::vector<RowVectorF> sceneCenters, sceneValues;
    MatrixF slotOffsets;  // tokensPerFrame × headDim
    std::mt19937_64 rng;
    HashClusterTable table;
    const ResvSettings *imported = nullptr;  // its keys, values and queries replace the synthetic stream
    int layer = 0, kvHead = 0, group = 1;

    Pair(const VideoStreamSpec &s, int capacity, std::uint64_t seed, int hyperplanes, int threshold)
        : rng(seed), table(MatrixF(), threshold) {
        keys.resize(capacity, s.headDim);
        values.resize(capacity, s.headDim);
        std::mt19937_64 planes(seed ^ 0x5157A5ULL);
        table = HashClusterTable(kernels::randomHyperplanes(s.headDim, hyperplanes, planes), threshold);
        slotOffsets = MatrixF(s.tokensPerFrame, s.headDim);
        for (Eigen::Index i = 0; i < slotOffsets.size(); ++i)
            slotOffsets.data()[i] = static_cast<float>(s.slotSpread) * kernels::approximatelyNormal(rng);
    }

    const RowVectorF &center(int scene, int headDim) {
        while (static_cast<int>(sceneCenters.size()) <= scene) {
            RowVectorF c(headDim), v(headDim);
            for (int i = 0; i < headDim; ++i) {
                c[i] = kernels::approximatelyNormal(rng);
                v[i] = kernels::approximatelyNormal(rng);
            }
            sceneCenters.push_back(std::move(c));
            sceneValues.push_back(std::move(v));
        }
        return sceneCenters[static_cast<std::size_t>(scene)];
    }

    // Appends one frame of `scene` and clusters its keys.
    void appendFrame(const VideoStreamSpec &s, int scene) {
        if (imported) {
            const MatrixF frameKeys = imported->imported.keys->rows(layer, kvHead, filled, s.tokensPerFrame);
            values.middleRows(filled, s.tokensPerFrame) = imported->imported.values->rows(layer, kvHead, filled, s.tokensPerFrame);
            keys.middleRows(filled, s.tokensPerFrame) = frameKeys;
            filled += s.tokensPerFrame;
            table.add(frameKeys);
            return;
        }
        const RowVectorF c = center(scene, s.headDim);
        const RowVectorF v = sceneValues[static_cast<std::size_t>(scene)];
        MatrixF frameKeys(s.tokensPerFrame, s.headDim);
        for (int t = 0; t < s.tokensPerFrame; ++t) {
            for (int i = 0; i < s.headDim; ++i) {
                frameKeys(t, i) = c[i] + slotOffsets(t, i) +
                                  static_cast<float>(s.tokenNoise) * kernels::approximatelyNormal(rng);
                values(filled + t, i) =
                    v[i] + static_cast<float>(s.valueNoise) * kernels::approximatelyNormal(rng);
            }
        }
        keys.middleRows(filled, s.tokensPerFrame) = frameKeys;
        filled += s.tokensPerFrame;
        table.add(frameKeys);
    }

    // Imported: query head `head` of the group, rows [first, first + rows).
    MatrixF importedQueries(int head, int first, int rows) const {
        return imported->imported.queries->rows(layer, kvHead * group + head, first, rows);
    }

    MatrixF queries(const VideoStreamSpec &s, int rows, int targetScene) {
        const RowVectorF c = center(targetScene, s.headDim);
        MatrixF q(rows, s.headDim);
        for (int r = 0; r < rows; ++r)
            for (int i = 0; i < s.headDim; ++i)
                q(r, i) = static_cast<float>(s.querySharpness) *
                          (c[i] + static_cast<float>(s.queryNoise) * kernels::approximatelyNormal(rng));
        return q;
    }
};

std::vector<double> softmaxRow(const Eigen::Ref<const RowVectorF> &logits) {
    const float top = logits.maxCoeff();
    std::vector<double> p(static_cast<std::size_t>(logits.size()));
    double sum = 0;
    for (Eigen::Index i = 0; i < logits.size(); ++i)
        sum += p[static_cast<std::size_t>(i)] = std::exp(double(logits[i]) - top);
    for (double &v : p)
        v /= sum;
    return p;
}

double fullSortComparisons(int n) {
    return n > 1 ? n * std::log2(double(n)) : 0.0;
}

// Relative error of attention over `kept` against attention over all `tokens`, summed over the
// query heads as squared Frobenius norms.
struct ErrorTerms {
    double diff = 0, norm = 0;
    void add(const MatrixF &exact, const MatrixF &approx) {
        diff += (exact - approx).squaredNorm();
        norm += exact.squaredNorm();
    }
    double relative() const { return norm > 0 ? std::sqrt(diff / norm) : 0.0; }
};

}  // namespace

int ResvExperiment::streamTokens(int cacheTokens, int frames, int tokensPerFrame) {
    const int historyFrames = std::max(1, (cacheTokens + tokensPerFrame - 1) / tokensPerFrame);
    return (historyFrames + frames) * tokensPerFrame;
}

ResvExperiment::ResvExperiment(const TransformerConfig &model, int cacheTokens, int frames,
                               const ResvSettings &settings, const VideoStreamSpec &stream,
                               std::uint64_t seed)
    : settings_(settings), stream_(stream) {
    settings_.validate();
    stream_.validate();
    RangeCheck(QStringLiteral("ReSV experiment"))
        .within("kv_cache_tokens", cacheTokens, 1, 1 << 22)
        .within("frames", frames, 1, 100000);
    if (model.kvHeads < 1 || model.heads % model.kvHeads != 0)
        throw std::invalid_argument("ReSV: the model's heads must be a multiple of its KV heads");
    group_ = model.heads / model.kvHeads;
    settings_.layers = std::min(settings_.layers, model.layers);
    settings_.kvHeads = std::min(settings_.kvHeads, model.kvHeads);
    const int tpf = stream_.tokensPerFrame;
    const int historyFrames = std::max(1, (cacheTokens + tpf - 1) / tpf);
    const int capacity = streamTokens(cacheTokens, frames, tpf);

    std::vector<Pair> pairs;
    for (int l = 0; l < settings_.layers; ++l) {
        modelLayers_.push_back(static_cast<int>((std::int64_t{l} * model.layers) / settings_.layers));
        for (int h = 0; h < settings_.kvHeads; ++h)
            pairs.emplace_back(stream_, capacity,
                               seed * 0x9E3779B97F4A7C15ULL +
                                   std::uint64_t(modelLayers_.back()) * 1315423911ULL +
                                   std::uint64_t(h) * 2654435761ULL + 1,
                               settings_.hyperplanes, settings_.hammingThreshold);
        if (settings_.imported.given())
            for (int h = 0; h < settings_.kvHeads; ++h) {
                Pair &p = pairs[pairs.size() - static_cast<std::size_t>(settings_.kvHeads - h)];
                p.imported = &settings_;
                p.layer = l;
                p.kvHead = h;
                p.group = group_;
            }
    }
    const double pairCount = double(pairs.size());

    // The video: scene of every frame, shared by all layers and heads.
    std::mt19937_64 video(seed ^ 0xF1DE0ULL);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    int scene = 0;
    const auto nextScene = [&](bool first) {
        if (!first && uniform(video) < 1.0 / stream_.meanSceneFrames)
            ++scene;
        return scene;
    };
    for (int f = 0; f < historyFrames; ++f) {
        const int s = nextScene(f == 0);
        for (Pair &p : pairs)
            p.appendFrame(stream_, s);
    }

    const int rows = group_ * tpf;
    const float scale = 1.0f / std::sqrt(static_cast<float>(stream_.headDim));
    for (int f = 0; f < frames; ++f) {
        const int past = pairs.front().filled;
        const int s = nextScene(false);
        int target = s;
        if (scene > 0 && uniform(video) < stream_.revisitProbability)
            target = std::min(scene - 1, static_cast<int>(uniform(video) * scene));
        const bool sampled = f % settings_.errorEvery == 0;
        FrameRetrieval fr;
        fr.cachedTokens = past;
        fr.rows = rows;
        fr.retrievedByPosition.assign(kPositionBins, 0.0);
        ErrorTerms resv, recent, oracle;
        double recall = 0;
        for (std::size_t pi = 0; pi < pairs.size(); ++pi) {
            Pair &p = pairs[pi];
            const std::int64_t before = p.table.comparisons();
            p.appendFrame(stream_, s);
            fr.hashComparisons += double(p.table.comparisons() - before);
            const int clusters = p.table.clusters();
            fr.clusters += clusters;
            const MatrixF centroids = p.table.centroids();
            std::vector<std::uint8_t> selected(static_cast<std::size_t>(clusters), 0);
            FrameView view;
            if (pi == 0) {
                view.rows = rows;
                view.clusters = clusters;
                view.clusterScores.reserve(static_cast<std::size_t>(rows) * clusters);
                view.rowSelection.assign(static_cast<std::size_t>(rows) * clusters, 0);
            }
            std::vector<MatrixF> queries;
            for (int h = 0; h < group_; ++h) {
                queries.push_back(p.imported ? p.importedQueries(h, past, tpf) : p.queries(stream_, tpf, target));
                const MatrixF logits = (queries.back() * centroids.transpose()) * scale;
                for (int r = 0; r < tpf; ++r) {
                    const std::vector<double> scores = softmaxRow(logits.row(r));
                    const WicsumSelection sel =
                        wicsumSelect(scores, p.table.counts(), settings_.wicsumRatio, settings_.buckets);
                    fr.wtuComparisons += double(sel.comparisons);
                    fr.wtuVisited += sel.visited;
                    fr.wtuElements += clusters;
                    fr.fullSortComparisons += fullSortComparisons(clusters);
                    for (const int c : sel.clusters) {
                        selected[static_cast<std::size_t>(c)] = 1;
                        if (pi == 0)
                            view.rowSelection[static_cast<std::size_t>(h * tpf + r) * clusters + c] = 1;
                    }
                    if (pi == 0)
                        for (const double v : scores)
                            view.clusterScores.push_back(static_cast<float>(v));
                }
            }
            std::vector<int> retrieved;  // past tokens, ascending
            int selectedCount = 0;
            for (int c = 0; c < clusters; ++c) {
                if (!selected[static_cast<std::size_t>(c)])
                    continue;
                ++selectedCount;
                for (const int t : p.table.members(c))
                    if (t < past)
                        retrieved.push_back(t);
            }
            std::sort(retrieved.begin(), retrieved.end());
            fr.selectedClusters += selectedCount;
            fr.retrievedTokens += double(retrieved.size());
            for (const int t : retrieved)
                fr.retrievedByPosition[static_cast<std::size_t>(std::int64_t{t} * kPositionBins / past)] +=
                    1.0;
            if (pi == 0) {
                view.clusterOf.resize(static_cast<std::size_t>(p.filled));
                for (int t = 0; t < p.filled; ++t)
                    view.clusterOf[static_cast<std::size_t>(t)] = p.table.clusterOf(t);
                view.retrieved.assign(static_cast<std::size_t>(past), 0);
                for (const int t : retrieved)
                    view.retrieved[static_cast<std::size_t>(t)] = 1;
                views_.push_back(std::move(view));
            }
            if (!sampled)
                continue;
            // Attention over every token against the retrieved ones (and the frame's own), and two
            // selections of the same size for scale: the most recent tokens and the oracle.
            const int n = p.filled;
            const MatrixF allKeys = p.keys.topRows(n), allValues = p.values.topRows(n);
            std::vector<int> own(static_cast<std::size_t>(tpf));
            std::iota(own.begin(), own.end(), past);
            const auto withOwn = [&](std::vector<int> tokens) {
                tokens.insert(tokens.end(), own.begin(), own.end());
                return tokens;
            };
            const std::vector<int> kept = withOwn(retrieved);
            std::vector<int> window(retrieved.size());
            std::iota(window.begin(), window.end(), past - static_cast<int>(retrieved.size()));
            std::vector<MatrixF> probabilities(queries.size());
            std::vector<double> mass(static_cast<std::size_t>(past), 0.0);
            std::vector<MatrixF> exact;
            for (std::size_t h = 0; h < queries.size(); ++h) {
                exact.push_back(
                    kernels::attentionHead(queries[h], allKeys, allValues, -1, &probabilities[h]));
                for (int t = 0; t < past; ++t)
                    mass[static_cast<std::size_t>(t)] += probabilities[h].col(t).sum();
                double keptMass = 0;
                for (const int t : kept)
                    keptMass += probabilities[h].col(t).sum();
                recall += keptMass / tpf;
            }
            std::vector<int> byMass(static_cast<std::size_t>(past));
            std::iota(byMass.begin(), byMass.end(), 0);
            std::partial_sort(byMass.begin(), byMass.begin() + static_cast<std::ptrdiff_t>(retrieved.size()),
                              byMass.end(), [&](int a, int b) {
                                  return mass[static_cast<std::size_t>(a)] >
                                         mass[static_cast<std::size_t>(b)];
                              });
            byMass.resize(retrieved.size());
            const std::vector<int> oracleKept = withOwn(byMass), recentKept = withOwn(window);
            const auto attend = [&](const MatrixF &q, const std::vector<int> &tokens) {
                return kernels::attentionHead(q, kernels::gatherRows(allKeys, tokens),
                                              kernels::gatherRows(allValues, tokens));
            };
            for (std::size_t h = 0; h < queries.size(); ++h) {
                resv.add(exact[h], attend(queries[h], kept));
                recent.add(exact[h], attend(queries[h], recentKept));
                oracle.add(exact[h], attend(queries[h], oracleKept));
            }
        }
        for (double *v : {&fr.clusters, &fr.retrievedTokens, &fr.selectedClusters, &fr.hashComparisons,
                          &fr.wtuComparisons, &fr.wtuVisited, &fr.wtuElements, &fr.fullSortComparisons})
            *v /= pairCount;
        for (double &b : fr.retrievedByPosition)
            b /= pairCount;
        if (sampled) {
            fr.outputError = resv.relative();
            fr.recentWindowError = recent.relative();
            fr.oracleError = oracle.relative();
            fr.attentionRecall = recall / (pairCount * group_);
        }
        frames_.push_back(std::move(fr));
    }

    // Text tokens after the stream: one query row each, about an earlier scene.
    if (settings_.textQueries > 0) {
        double fraction = 0, tokens = 0;
        for (int q = 0; q < settings_.textQueries; ++q) {
            const int target = scene > 0 ? static_cast<int>(uniform(video) * (scene + 1)) : 0;
            for (Pair &p : pairs) {
                const int past = p.filled;
                const MatrixF centroids = p.table.centroids();
                const MatrixF query =
                    p.imported ? p.importedQueries(0, capacity + q, 1) : p.queries(stream_, 1, target);
                const std::vector<double> scores = softmaxRow((query * centroids.transpose()).row(0) * scale);
                const WicsumSelection sel =
                    wicsumSelect(scores, p.table.counts(), settings_.wicsumRatio, settings_.buckets);
                int n = 0;
                for (const int c : sel.clusters)
                    n += p.table.count(c);
                tokens += n;
                fraction += double(n) / past;
            }
        }
        const double runs = double(settings_.textQueries) * pairCount;
        textFraction_ = fraction / runs;
        textTokens_ = tokens / runs;
    }
}

namespace {

template <typename F>
double meanOver(const std::vector<FrameRetrieval> &frames, F value) {
    double sum = 0;
    int n = 0;
    for (const FrameRetrieval &f : frames) {
        const double v = value(f);
        if (v >= 0) {
            sum += v;
            ++n;
        }
    }
    return n > 0 ? sum / n : 0.0;
}

}  // namespace

double ResvExperiment::meanRetrievedFraction() const {
    return meanOver(frames_, [](const FrameRetrieval &f) { return f.retrievedFraction(); });
}

double ResvExperiment::meanTokensPerCluster() const {
    return meanOver(frames_, [](const FrameRetrieval &f) {
        return f.clusters > 0 ? (f.cachedTokens + 0.0) / f.clusters : 0.0;
    });
}

double ResvExperiment::meanOutputError() const {
    return meanOver(frames_, [](const FrameRetrieval &f) { return f.outputError; });
}

double ResvExperiment::meanAttentionRecall() const {
    return meanOver(frames_, [](const FrameRetrieval &f) { return f.attentionRecall; });
}

double ResvExperiment::meanRecentWindowError() const {
    return meanOver(frames_, [](const FrameRetrieval &f) { return f.recentWindowError; });
}

double ResvExperiment::meanOracleError() const {
    return meanOver(frames_, [](const FrameRetrieval &f) { return f.oracleError; });
}

double ResvExperiment::wtuVisitedFraction() const {
    double visited = 0, elements = 0;
    for (const FrameRetrieval &f : frames_) {
        visited += f.wtuVisited;
        elements += f.wtuElements;
    }
    return elements > 0 ? visited / elements : 0.0;
}

double ResvExperiment::wtuComparisonsPerFullSort() const {
    double wtu = 0, full = 0;
    for (const FrameRetrieval &f : frames_) {
        wtu += f.wtuComparisons;
        full += f.fullSortComparisons;
    }
    return full > 0 ? wtu / full : 0.0;
}

double ResvExperiment::retrievedAmongOldest(int frame, double tokens) const {
    const FrameRetrieval &f = frames_.at(static_cast<std::size_t>(frame));
    if (tokens <= 0 || f.cachedTokens <= 0)
        return 0.0;
    const double binWidth = double(f.cachedTokens) / kPositionBins;
    double sum = 0;
    for (int b = 0; b < kPositionBins; ++b) {
        const double start = b * binWidth;
        if (start >= tokens)
            break;
        const double covered = std::min(1.0, (tokens - start) / binWidth);
        sum += covered * f.retrievedByPosition[static_cast<std::size_t>(b)];
    }
    return sum;
}

}  // namespace accelscope::vrex
