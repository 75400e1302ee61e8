#pragma once
// Oaken's functional side for one run: for the first few decoder layers of the model, keys and
// values with the model's KV width (every KV head's head_dim channels side by side, a row per
// token) — seeded synthetic ones, or tensors given to the run (core/workloads/headtensors.h) — are
// profiled offline on separate "profiling inferences", then quantized
// online with group shift and the fused dense-and-sparse encoding (core/kernels/kvquant.h),
// decoded, and compared with a KIVI-style per-token 4-bit quantizer on the same tensors. The bits
// per entry it measures are what the timing model stores and streams.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/kernels/kvquant.h"
#include "core/workloads/headtensors.h"
#include "core/workloads/transformer.h"

namespace accelscope::oaken {

struct KvQuantSettings {
    int layers = 2;           // decoder layers computed for real
    int tokens = 128;         // tokens of each layer's K and V
    int profileSamples = 2;   // profiling inferences the thresholds are averaged over
    std::array<double, 3> fractions{0.04, 0.90, 0.06};
    // Imported tensors (the `keys`, `values`, `profile_keys` and `profile_values` tensors); absent:
    // seeded synthetic ones. A profile tensor holds the profiling inferences' rows one after another
    // (`tokens` rows each); without one, imported keys (values) are profiled on themselves.
    std::optional<HeadTensors> keys, values, profileKeys, profileValues;
};

// One tensor (a layer's keys or values) quantized both ways.
struct TensorQuantization {
    kernels::OakenThresholds thresholds;
    std::array<std::int64_t, 3> groupCounts{};  // outer, middle, inner entries
    std::int64_t entries = 0;
    std::int64_t oakenBits = 0;
    std::int64_t sparseEntries = 0;
    double oakenMse = 0;
    double kiviMse = 0;
    std::int64_t kiviBits = 0;
    double variance = 0;  // of the entries, for scale
    std::vector<std::uint8_t> sparseMask;  // tokens × channels: 1 for an outer or inner entry
};

struct LayerQuantization {
    TensorQuantization keys;
    TensorQuantization values;
};

struct KvQuantSummary {
    std::int64_t entries = 0;
    std::int64_t oakenBits = 0;
    std::int64_t kiviBits = 0;
    std::array<std::int64_t, 3> groupCounts{};
    double oakenMse = 0;  // entry-weighted over every tensor
    double kiviMse = 0;
    double bitsPerEntry() const { return entries ? double(oakenBits) / double(entries) : 0.0; }
    double kiviBitsPerEntry() const { return entries ? double(kiviBits) / double(entries) : 0.0; }
    double fraction(int group) const { return entries ? double(groupCounts[std::size_t(group)]) / double(entries) : 0.0; }
    double sparseFraction() const { return fraction(0) + fraction(2); }
};

class KvQuantTrack {
public:
    // Computes every layer (a few hundred milliseconds at most). Throws InputError for bad settings.
    KvQuantTrack(const TransformerConfig &model, const KvQuantSettings &settings, std::uint64_t seed);

    const KvQuantSettings &settings() const { return settings_; }
    int channels() const { return channels_; }
    int headDim() const { return headDim_; }
    int heads() const { return channels_ / headDim_; }
    const std::vector<LayerQuantization> &layers() const { return layers_; }
    const KvQuantSummary &summary() const { return summary_; }

    // The KIVI-style baseline's group: one KV head's channels of one token.
    int kiviGroup() const { return headDim_; }

    // One layer's keys (or values) as the run quantizes them: deterministic in (model, seed, layer).
    static kernels::MatrixF tensor(const TransformerConfig &model, bool keys, int tokens, std::uint64_t seed, int layer);

    // The seed of synthetic profiling inference `sample`: unrelated to the run's own tensors.
    static std::uint64_t profileSeed(std::uint64_t seed, int sample);
    // One layer's tensor as side-by-side heads, rows [first, first + tokens) of each head of `source`.
    static kernels::MatrixF tensor(const TransformerConfig &model, const HeadTensors &source, int layer, int first,
                                   int tokens);

private:
    TensorQuantization quantize(bool keys, int layer, std::uint64_t seed) const;

    TransformerConfig model_;
    KvQuantSettings settings_;
    int channels_ = 0;
    int headDim_ = 0;
    std::vector<LayerQuantization> layers_;
    KvQuantSummary summary_;
};

}  // namespace accelscope::oaken
