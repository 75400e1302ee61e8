#pragma once
// ReSV, V-Rex's training-free KV-cache retrieval for streaming video, computed for real on a
// seeded synthetic video KV stream (or on imported keys, values and queries of a real one):
//   1. every new frame's keys are hashed by SimHash over N_hp random hyperplanes;
//   2. each key joins the cluster of the hash-bit cluster (HC) table whose signature is nearest in
//      Hamming distance when that distance is below Th_hd, else it opens a cluster; a cluster keeps
//      its members, their mean key (Key_cluster) and that mean's signature;
//   3. every query row scores the clusters, softmax(q · Key_cluster^T / √d);
//   4. WiCSum: per row, the clusters in descending score order until their count-weighted score
//      sum exceeds Th_wics × the row's total (the WTU finds that prefix with an early-exit bucket
//      sort); the union over rows is retrieved, and attention runs over the retrieved tokens and
//      the new frame's own.
// The experiment reports, per frame, the clusters, the retrieved tokens, the comparisons the HCU
// and the WTU made, and (on sampled frames) the attention-output error against attention over
// every cached token.

#include <cstdint>
#include <random>
#include <vector>

#include "core/kernels/simhash.h"
#include "core/kernels/tensor.h"
#include "core/workloads/headtensors.h"
#include "core/workloads/transformer.h"

namespace accelscope::vrex {

// ---- The hash-bit cluster table of one layer's KV head ----

class HashClusterTable {
public:
    HashClusterTable(kernels::MatrixF hyperplanes, int hammingThreshold);

    // Hashes `keys` (new tokens × head dim) and clusters them one by one; token ids continue from
    // tokens(). Returns the cluster of each new token.
    std::vector<int> add(const kernels::MatrixF &keys);

    int tokens() const { return static_cast<int>(clusterOfToken_.size()); }
    int clusters() const { return static_cast<int>(counts_.size()); }
    int clusterOf(int token) const { return clusterOfToken_[static_cast<std::size_t>(token)]; }
    int count(int cluster) const { return counts_[static_cast<std::size_t>(cluster)]; }
    const std::vector<int> &counts() const { return counts_; }
    const std::vector<int> &members(int cluster) const { return members_[static_cast<std::size_t>(cluster)]; }
    const std::vector<kernels::HashBits> &signatures() const { return signatures_; }
    kernels::HashBits tokenSignature(int token) const {
        return tokenSignatures_[static_cast<std::size_t>(token)];
    }
    // Mean key of every cluster (clusters × head dim): Key_cluster.
    kernels::MatrixF centroids() const;
    // XOR-and-popcount comparisons made so far (one per token and existing cluster).
    std::int64_t comparisons() const { return comparisons_; }
    int hyperplanes() const { return static_cast<int>(hyperplanes_.cols()); }

private:
    kernels::MatrixF hyperplanes_;
    int threshold_;
    std::vector<kernels::RowVectorF> sums_;
    std::vector<int> counts_;
    std::vector<std::vector<int>> members_;
    std::vector<kernels::HashBits> signatures_;
    std::vector<kernels::HashBits> tokenSignatures_;
    std::vector<int> clusterOfToken_;
    std::int64_t comparisons_ = 0;
};

// ---- WiCSum thresholding ----

struct WicsumSelection {
    std::vector<int> clusters;     // selected, in descending score order (ties: lower index first)
    int visited = 0;               // elements the sort touched (all elements of the buckets it opened)
    std::int64_t comparisons = 0;  // score comparisons made sorting inside the opened buckets
};

// Early-exit bucket sort (the WTU): scores are binned into `buckets` equal-width bins between the
// row's min and max; bins are opened from the top, each sorted, and the weighted sum accumulated
// until it exceeds ratio × Σ score·count. Throws std::invalid_argument for mismatched sizes,
// ratio outside (0, 1] or buckets < 1.
WicsumSelection wicsumSelect(const std::vector<double> &scores, const std::vector<int> &counts, double ratio,
                             int buckets);
// The definition, by a full sort: the shortest prefix of the descending order whose weighted sum
// exceeds the threshold. The reference the early-exit sort must match.
std::vector<int> wicsumSelectBySort(const std::vector<double> &scores, const std::vector<int> &counts,
                                    double ratio);

// ---- The synthetic video KV stream ----

// [I] Keys of a video frame's tokens are near their scene's direction (consecutive frames of a
// scene look alike) plus per-token noise; scenes change at random. Queries of a frame look for
// the current scene, or, with `revisitProbability`, for a random earlier one (a question about
// what happened before). Values, like keys, are near a per-scene direction (frames of a scene
// carry similar content) plus per-token noise.
struct VideoStreamSpec {
    int headDim = 128;
    int tokensPerFrame = 10;
    double meanSceneFrames = 8.0;  // scene length is geometric with this mean
    double tokenNoise = 0.5;       // per-token key noise, relative to the scene direction per channel
    double slotSpread = 0.3;       // per-token-slot offset (CLS versus pooled patches), shared by scenes
    double valueNoise = 1.0;       // per-token value noise, relative to the scene's value direction
    double revisitProbability = 0.3;
    double querySharpness = 0.5;  // query scale: logits of a matching key ≈ sharpness × √d
    double queryNoise = 0.5;

    void validate() const;  // throws InputError naming the field
};

struct ResvSettings {
    int hyperplanes = 32;      // N_hp
    int hammingThreshold = 7;  // Th_hd: join when the distance is below it
    double wicsumRatio = 0.3;  // Th_r-wics
    int buckets = 16;          // WTU bins
    int layers = 2;            // functional layers, evenly spaced over the model
    int kvHeads = 2;           // functional KV heads per layer (their query heads follow the model's GQA)
    int errorEvery = 13;       // exact attention (for the error) every this many frames
    int textQueries = 8;       // single-token text queries after the last frame
    // Imported stream (the `keys`, `values` and `queries` tensors, all three or none): functional
    // layer i, KV head g streams rows 0 … streamTokens() − 1 of file layer i, head g of the keys and
    // values, frame by frame; a frame's query rows are its own tokens' rows of each query head of
    // the group, and text query q is row streamTokens() + q. Absent: the synthetic stream.
    AttentionTensors imported;

    void validate() const;  // throws InputError naming the field
};

// One frame's retrieval, averaged over the functional (layer, KV head) pairs.
struct FrameRetrieval {
    int cachedTokens = 0;            // past tokens the frame could retrieve
    double clusters = 0;             // HC-table clusters after the frame was added
    double retrievedTokens = 0;      // past tokens retrieved
    double selectedClusters = 0;     // clusters in the union over rows
    double hashComparisons = 0;      // HCU XOR-popcounts for the frame's keys
    double wtuComparisons = 0;       // WTU sort comparisons, all rows
    double wtuVisited = 0;           // elements the WTU opened, all rows
    double wtuElements = 0;          // rows × clusters
    double fullSortComparisons = 0;  // a full sort of every row, for comparison
    int rows = 0;                    // query rows per KV head (frame tokens × query heads per KV head)
    double outputError = -1;         // relative Frobenius error of the attention output; -1: not sampled
    double attentionRecall = -1;     // true attention mass on the retrieved and own tokens; -1: not sampled
    double recentWindowError = -1;   // the same number of most recent tokens instead
    double oracleError = -1;         // the same number of highest-attention tokens instead
    std::vector<double> retrievedByPosition;  // retrieved tokens per position bin (oldest first)

    double retrievedFraction() const { return cachedTokens > 0 ? retrievedTokens / cachedTokens : 0.0; }
};

// What the views show of the first functional (layer, KV head) for one frame.
struct FrameView {
    std::vector<int> clusterOf;              // per cached token (past and the frame's): its cluster
    std::vector<std::uint8_t> retrieved;     // per past token
    std::vector<float> clusterScores;        // rows × clusters (softmax)
    std::vector<std::uint8_t> rowSelection;  // rows × clusters: selected by that row
    int rows = 0, clusters = 0;
};

class ResvExperiment {
public:
    static constexpr int kPositionBins = 256;

    // Tokens a run streams per (layer, KV head): the frames that fill `cacheTokens`, then `frames`.
    static int streamTokens(int cacheTokens, int frames, int tokensPerFrame);
    // Streams enough frames to fill `cacheTokens`, then measures `frames` frames with ReSV.
    ResvExperiment(const TransformerConfig &model, int cacheTokens, int frames, const ResvSettings &settings,
                   const VideoStreamSpec &stream, std::uint64_t seed);

    const ResvSettings &settings() const { return settings_; }
    const VideoStreamSpec &stream() const { return stream_; }
    int queryHeadsPerKvHead() const { return group_; }
    const std::vector<int> &modelLayers() const { return modelLayers_; }
    const std::vector<FrameRetrieval> &frames() const { return frames_; }
    const std::vector<FrameView> &views() const { return views_; }
    // Mean over frames (and over the sampled frames for errors).
    double meanRetrievedFraction() const;
    double meanTokensPerCluster() const;
    double meanOutputError() const;
    double meanAttentionRecall() const;
    double meanRecentWindowError() const;
    double meanOracleError() const;
    double wtuVisitedFraction() const;
    double wtuComparisonsPerFullSort() const;  // WTU comparisons / a full sort's
    double textRetrievedFraction() const { return textFraction_; }
    double textRetrievedTokens() const { return textTokens_; }
    // Past tokens of frame `frame` retrieved from the oldest `tokens` positions (mean per pair).
    double retrievedAmongOldest(int frame, double tokens) const;

private:
    ResvSettings settings_;
    VideoStreamSpec stream_;
    int group_ = 4;
    std::vector<int> modelLayers_;
    std::vector<FrameRetrieval> frames_;
    std::vector<FrameView> views_;
    double textFraction_ = 0, textTokens_ = 0;
};

}  // namespace accelscope::vrex
