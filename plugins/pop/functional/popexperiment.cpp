#include "popexperiment.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "core/api/errors.h"
#include "core/kernels/random.h"
#include "core/workloads/synthetictensors.h"

namespace accelscope::pop {

using kernels::Channels;
using kernels::MatrixF;

namespace {

std::uint64_t layerSeed(std::uint64_t seed, int layer) {
    // SplitMix64 finalizer: neighbouring layers get unrelated generators.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(layer + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

MatrixF gatherColumns(const MatrixF &m, const Channels &columns) {
    MatrixF out(m.rows(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t i = 0; i < columns.size(); ++i)
        out.col(static_cast<Eigen::Index>(i)) = m.col(columns[i]);
    return out;
}

// One token's score of every channel: |h_k| × the channel's weight factor.
std::vector<double> ownScores(const kernels::RowVectorF &hidden, const std::vector<double> &factors) {
    std::vector<double> s(factors.size());
    for (std::size_t k = 0; k < s.size(); ++k)
        s[k] = std::abs(double(hidden(static_cast<Eigen::Index>(k)))) * factors[k];
    return s;
}

std::size_t overlap(const Channels &a, const Channels &b) {
    Channels both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    return both.size();
}

double squaredDistance(const MatrixF &a, const MatrixF &b) {
    return double((a - b).squaredNorm());
}

}  // namespace

QString toString(MaskScope scope) {
    return scope == MaskScope::Batch ? QStringLiteral("batch") : QStringLiteral("sequence");
}

QString toString(PruneMethod method) {
    switch (method) {
        case PruneMethod::Pop:
            return QStringLiteral("pop");
        case PruneMethod::Static:
            return QStringLiteral("static");
        case PruneMethod::Oracle:
            return QStringLiteral("oracle");
    }
    return {};
}

int PopSettings::keep() const {
    return static_cast<int>(std::lround((1.0 - ffnPruneRatio) * channels));
}

int PopSettings::band() const {
    return static_cast<int>(std::lround(gamma * channels));
}

void PopSettings::validate() const {
    const auto fail = [](const QString &what) { throw InputError(what); };
    if (layers < 1 || layers > 64)
        fail(QStringLiteral("functional layers = %1; allowed: 1 to 64").arg(layers));
    if (dModel < 8 || channels < 8)
        fail(QStringLiteral("functional width %1 x %2 channels; allowed: at least 8 each")
                 .arg(dModel)
                 .arg(channels));
    if (promptTokens < 1 || decodeTokens < 1 || sequences < 1)
        fail(QStringLiteral("functional prompt %1, decode %2 tokens, %3 sequences; allowed: at least 1 each")
                 .arg(promptTokens)
                 .arg(decodeTokens)
                 .arg(sequences));
    if (!(ffnPruneRatio >= 0 && ffnPruneRatio < 1))
        fail(QStringLiteral("FFN pruning ratio = %1; allowed: 0 (dense) up to below 1").arg(ffnPruneRatio));
    if (!(gamma >= 0 && gamma <= 0.5))
        fail(QStringLiteral("gamma = %1; allowed: 0 to 0.5").arg(gamma));
}

PopStep popDecodeStep(const MatrixF &x, const kernels::GatedFfnWeights &weights,
                      const kernels::ChannelPartition &partition, const std::vector<double> &weightFactors) {
    const Channels computed = partition.computed();
    const MatrixF hidden = kernels::gatedFfnHidden(x, weights, computed);
    // Re-score the candidates with this step's tokens; the retained ones are kept as they are.
    std::vector<double> scores(weightFactors.size(), 0.0);
    for (std::size_t j = 0; j < computed.size(); ++j) {
        const auto c = static_cast<std::size_t>(computed[j]);
        scores[c] = double(hidden.col(static_cast<Eigen::Index>(j)).norm()) * weightFactors[c];
    }
    PopStep step;
    step.kept = kernels::mergeChannels(
        partition.retained, kernels::topChannels(scores, partition.candidatesToKeep(), partition.candidates));
    // Columns of the kept channels within the computed ones (both ascending).
    Channels columns;
    columns.reserve(step.kept.size());
    std::size_t j = 0;
    for (const int c : step.kept) {
        while (computed[j] != c)
            ++j;
        columns.push_back(static_cast<int>(j));
    }
    step.output = kernels::gatedFfnOutput(gatherColumns(hidden, columns), weights, step.kept);
    return step;
}

PopExperiment::PopExperiment(const PopSettings &settings, std::uint64_t seed) : settings_(settings) {
    settings_.validate();
    runs_.resize(static_cast<std::size_t>(settings_.layers) * settings_.groups());
    errors_.assign(kPruneMethodCount, 0.0);
    for (int layer = 0; layer < settings_.layers; ++layer)
        runLayer(layer, seed);
    const double layers = settings_.layers;
    for (double &e : errors_)
        e /= layers;
    batchComputed_ /= layers;
    batchKept_ /= layers;
    topHalfOverlap_ /= layers;
    staticAgreement_ /= layers;
}

PopExperiment::GroupLayer &PopExperiment::at(int layer, int group) {
    return runs_.at(static_cast<std::size_t>(layer) * settings_.groups() + static_cast<std::size_t>(group));
}

const PopExperiment::GroupLayer &PopExperiment::at(int layer, int group) const {
    if (group < 0 || group >= settings_.groups())
        throw std::out_of_range("mask group " + std::to_string(group) + " of " +
                                std::to_string(settings_.groups()));
    return runs_.at(static_cast<std::size_t>(layer) * settings_.groups() + static_cast<std::size_t>(group));
}

const kernels::ChannelPartition &PopExperiment::partition(int layer, int group) const {
    return at(layer, group).partition;
}

const std::vector<Channels> &PopExperiment::kept(int layer, int group) const {
    return at(layer, group).kept;
}

const std::vector<int> &PopExperiment::rankOrder(int layer, int group) const {
    return at(layer, group).order;
}

double PopExperiment::outputError(PruneMethod method) const {
    return errors_[static_cast<std::size_t>(method)];
}

double PopExperiment::groupComputedShare() const {
    double total = 0;
    for (const GroupLayer &r : runs_)
        total += double(r.partition.retained.size() + r.partition.candidates.size());
    return total / (double(runs_.size()) * settings_.channels);
}

double PopExperiment::groupKeptShare() const {
    return double(settings_.keep()) / settings_.channels;
}

void PopExperiment::runLayer(int layer, std::uint64_t seed) {
    const PopSettings &s = settings_;
    std::mt19937_64 rng(layerSeed(seed, layer));
    const kernels::GatedFfnWeights w =
        kernels::syntheticGatedFfn(s.dModel, s.channels, rng, s.channelScaleSpread);
    const std::vector<double> factors = kernels::channelWeightFactors(w.down, s.aggregation);
    const Channels all = kernels::allChannels(s.channels);
    const int perSequence = s.promptTokens + s.decodeTokens;
    MatrixF x = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Activations,
                                                             s.sequences * perSequence, s.dModel),
                                seed, layer)
                    .values;
    // Each sequence's own offset (its topic), the same for its prompt and its decode tokens.
    for (int seq = 0; seq < s.sequences; ++seq) {
        kernels::RowVectorF context(s.dModel);
        for (int i = 0; i < s.dModel; ++i)
            context(i) = static_cast<float>(s.contextSpread) * kernels::approximatelyNormal(rng);
        x.middleRows(static_cast<Eigen::Index>(seq) * perSequence, perSequence).rowwise() += context;
    }
    const auto tokenRow = [&](int seq, int position) {
        return static_cast<Eigen::Index>(seq) * perSequence + position;
    };
    const int keep = s.keep();
    const int groups = s.groups();
    const int groupSize = s.sequences / groups;

    std::vector<double> errorSquares(kPruneMethodCount, 0.0);
    double referenceSquares = 0, overlapSum = 0, agreementSum = 0;
    int overlapPairs = 0;
    for (int g = 0; g < groups; ++g) {
        GroupLayer &run = at(layer, g);
        MatrixF prompt(static_cast<Eigen::Index>(groupSize) * s.promptTokens, s.dModel);
        for (int i = 0; i < groupSize; ++i)
            prompt.middleRows(static_cast<Eigen::Index>(i) * s.promptTokens, s.promptTokens) =
                x.middleRows(tokenRow(g * groupSize + i, 0), s.promptTokens);
        const std::vector<double> scores =
            kernels::channelImportance(kernels::gatedFfnHidden(prompt, w, all), w.down, s.aggregation);
        run.partition = kernels::partitionChannels(scores, keep, s.band());
        run.order = all;
        std::stable_sort(run.order.begin(), run.order.end(), [&](int a, int b) {
            return scores[static_cast<std::size_t>(a)] > scores[static_cast<std::size_t>(b)];
        });
        const Channels staticKept = kernels::topChannels(scores, keep);
        const kernels::GatedFfnWeights staticFfn = kernels::gatedFfnSubset(w, staticKept);

        std::vector<Channels> previousTopHalf(static_cast<std::size_t>(groupSize));
        for (int t = 0; t < s.decodeTokens; ++t) {
            MatrixF tokens(groupSize, s.dModel);
            for (int i = 0; i < groupSize; ++i)
                tokens.row(i) = x.row(tokenRow(g * groupSize + i, s.promptTokens + t));
            const PopStep pop = popDecodeStep(tokens, w, run.partition, factors);
            budgetExact_ = budgetExact_ && static_cast<int>(pop.kept.size()) == keep;
            run.kept.push_back(pop.kept);
            agreementSum += keep > 0 ? double(overlap(pop.kept, staticKept)) / keep : 1.0;
            const MatrixF fixed = kernels::gatedFfn(tokens, staticFfn);
            const MatrixF hidden = kernels::gatedFfnHidden(tokens, w, all);
            const MatrixF dense = kernels::gatedFfnOutput(hidden, w, all);
            referenceSquares += double(dense.squaredNorm());
            errorSquares[static_cast<std::size_t>(PruneMethod::Pop)] += squaredDistance(pop.output, dense);
            errorSquares[static_cast<std::size_t>(PruneMethod::Static)] += squaredDistance(fixed, dense);
            // The oracle: each token's own best channels, the others' hidden values zeroed.
            MatrixF ownBest = MatrixF::Zero(groupSize, s.channels);
            for (int i = 0; i < groupSize; ++i) {
                const std::vector<double> tokenScores = ownScores(hidden.row(i), factors);
                for (const int c : kernels::topChannels(tokenScores, keep))
                    ownBest(i, c) = hidden(i, c);
                Channels &previous = previousTopHalf[static_cast<std::size_t>(i)];
                const Channels topHalf = kernels::topChannels(tokenScores, s.channels / 2);
                if (!previous.empty()) {
                    overlapSum += double(overlap(topHalf, previous)) / double(topHalf.size());
                    ++overlapPairs;
                }
                previous = topHalf;
            }
            errorSquares[static_cast<std::size_t>(PruneMethod::Oracle)] +=
                squaredDistance(kernels::gatedFfnOutput(ownBest, w, all), dense);
        }
    }
    for (std::size_t m = 0; m < errorSquares.size(); ++m)
        errors_[m] += referenceSquares > 0 ? std::sqrt(errorSquares[m] / referenceSquares) : 0.0;
    topHalfOverlap_ += overlapPairs > 0 ? overlapSum / overlapPairs : 1.0;
    staticAgreement_ += agreementSum / (double(groups) * s.decodeTokens);

    // What one decode step of the whole batch touches: the union over its groups.
    Channels computed;
    for (int g = 0; g < groups; ++g)
        computed = kernels::mergeChannels(computed, at(layer, g).partition.computed());
    double keptUnion = 0;
    for (int t = 0; t < s.decodeTokens; ++t) {
        Channels kept;
        for (int g = 0; g < groups; ++g)
            kept = kernels::mergeChannels(kept, at(layer, g).kept[static_cast<std::size_t>(t)]);
        keptUnion += double(kept.size()) / s.channels;
    }
    batchComputed_ += double(computed.size()) / s.channels;
    batchKept_ += keptUnion / s.decodeTokens;
}

}  // namespace accelscope::pop
