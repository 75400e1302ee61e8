#include "functional/evictionexperiment.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/api/rangecheck.h"
#include "core/kernels/attention.h"
#include "core/kernels/gather.h"

namespace accelscope::laprox {

using kernels::KeptTokens;
using kernels::MatrixF;

QString toString(EvictionMethod method) {
    switch (method) {
        case EvictionMethod::Laprox: return QStringLiteral("laprox");
        case EvictionMethod::LaproxLayerwise: return QStringLiteral("laprox_layerwise");
        case EvictionMethod::LaproxKvHead: return QStringLiteral("laprox_kvhead");
        case EvictionMethod::H2o: return QStringLiteral("h2o");
        case EvictionMethod::SnapKv: return QStringLiteral("snapkv");
    }
    return {};
}

std::vector<EvictionMethod> allEvictionMethods() {
    return {EvictionMethod::Laprox, EvictionMethod::LaproxLayerwise, EvictionMethod::LaproxKvHead, EvictionMethod::H2o,
            EvictionMethod::SnapKv};
}

EvictionMethod evictionMethodFromString(const QString &text) {
    QStringList names;
    for (const EvictionMethod m : allEvictionMethods()) {
        if (toString(m) == text)
            return m;
        names << toString(m);
    }
    throw InputError(QStringLiteral("unknown eviction method '%1'; allowed: %2").arg(text, names.join(QStringLiteral(", "))));
}

bool isHeadwise(EvictionMethod method) {
    return method == EvictionMethod::LaproxKvHead || method == EvictionMethod::H2o || method == EvictionMethod::SnapKv;
}

void EvictionSettings::validate() const {
    const RangeCheck check(QStringLiteral("LaProx functional model"));
    check.within("functional_layers", layers, 1, 128)
        .within("functional_tokens", tokens, 16, 1 << 16)
        .within("window", window, 1, tokens)
        .within("later_queries", laterQueries, 1, 4096)
        .within("output_width", outputWidth, 1, 1 << 16)
        .within("pool_kernel", poolKernel, 1, 63)
        .that(poolKernel % 2 == 1, "pool_kernel", QString::number(poolKernel), QStringLiteral("must be odd"))
        .that(!budgets.empty(), "budgets", QStringLiteral("none"), QStringLiteral("give at least one"));
    for (const double b : budgets) {
        check.within("budget", b, 1e-6, 1.0);
        check.that(keepPerCache(b) >= window, "budget", QString::number(b),
                   QStringLiteral("keeps %1 of %2 tokens per layer, fewer than the %3-token window; raise the budget "
                                  "or functional_tokens")
                       .arg(keepPerCache(b))
                       .arg(tokens)
                       .arg(window));
    }
}

int EvictionSettings::keepPerCache(double budget) const {
    return static_cast<int>(std::lround(budget * tokens));
}

LayerScoringInputs scoringInputs(const SyntheticAttentionSpec &spec, const SyntheticAttentionLayer &layer) {
    LayerScoringInputs in;
    in.windowOutput = MatrixF::Zero(spec.windowQueries, spec.outputWidth);
    const int firstWindowPosition = spec.tokens - spec.windowQueries;
    for (int h = 0; h < spec.heads; ++h) {
        const int g = spec.kvHeadOf(h);
        MatrixF probabilities;
        kernels::attentionHead(layer.windowQueries[static_cast<std::size_t>(h)], layer.keys[static_cast<std::size_t>(g)],
                               layer.values[static_cast<std::size_t>(g)], firstWindowPosition, &probabilities);
        MatrixF projected = layer.values[static_cast<std::size_t>(g)] * layer.outputProjection[static_cast<std::size_t>(h)];
        in.windowOutput += probabilities * projected;
        in.windowProbabilities.push_back(std::move(probabilities));
        in.projectedValues.push_back(std::move(projected));
    }
    return in;
}

std::vector<std::vector<double>> contributionScores(const SyntheticAttentionSpec &spec, const LayerScoringInputs &in) {
    const int group = spec.heads / spec.kvHeads;
    std::vector<std::vector<double>> scores(static_cast<std::size_t>(spec.kvHeads) + 1,
                                            std::vector<double>(static_cast<std::size_t>(spec.tokens)));
    MatrixF layerTerm(spec.windowQueries, spec.outputWidth), groupTerm(spec.windowQueries, spec.outputWidth);
    for (int j = 0; j < spec.tokens; ++j) {
        layerTerm.setZero();
        for (int g = 0; g < spec.kvHeads; ++g) {
            groupTerm.setZero();
            for (int h = g * group; h < (g + 1) * group; ++h)
                groupTerm.noalias() += in.windowProbabilities[static_cast<std::size_t>(h)].col(j) *
                                       in.projectedValues[static_cast<std::size_t>(h)].row(j);
            scores[static_cast<std::size_t>(g)][static_cast<std::size_t>(j)] = groupTerm.norm();
            layerTerm += groupTerm;
        }
        scores.back()[static_cast<std::size_t>(j)] = layerTerm.norm();
    }
    return scores;
}

MatrixF laterOutput(const SyntheticAttentionSpec &spec, const SyntheticAttentionLayer &layer,
                    const LayerSelection *selection) {
    MatrixF out = MatrixF::Zero(spec.laterQueries, spec.outputWidth);
    for (int h = 0; h < spec.heads; ++h) {
        const auto g = static_cast<std::size_t>(spec.kvHeadOf(h));
        const MatrixF context =
            selection ? kernels::attentionHead(layer.laterQueries[static_cast<std::size_t>(h)],
                                               kernels::gatherRows(layer.keys[g], (*selection)[g]),
                                               kernels::gatherRows(layer.values[g], (*selection)[g]))
                      : kernels::attentionHead(layer.laterQueries[static_cast<std::size_t>(h)], layer.keys[g], layer.values[g]);
        out.noalias() += context * layer.outputProjection[static_cast<std::size_t>(h)];
    }
    return out;
}

EvictionExperiment::EvictionExperiment(const TransformerConfig &model, const EvictionSettings &settings,
                                       std::uint64_t seed)
    : settings_(settings) {
    settings_.validate();
    spec_ = SyntheticAttentionSpec::forModel(model, settings_.tokens, settings_.outputWidth);
    spec_.windowQueries = settings_.window;
    spec_.laterQueries = settings_.laterQueries;
    const int layers = std::min(settings_.layers, model.layers);
    settings_.layers = layers;
    std::vector<SyntheticAttentionLayer> tensors;
    for (int l = 0; l < layers; ++l) {
        const int modelLayer = static_cast<int>((std::int64_t{l} * model.layers) / layers);
        modelLayers_.push_back(modelLayer);
        tensors.push_back(syntheticAttentionLayer(spec_, seed, modelLayer));
        SyntheticAttentionLayer &layer = tensors.back();
        if (settings_.imported.given())
            useImported(layer, l);
        const LayerScoringInputs in = scoringInputs(spec_, layer);
        std::vector<std::vector<double>> scores = contributionScores(spec_, in);
        // Normalized by the layer's window output, so a score is the share of that layer's output a
        // token carries and scores of different layers compare.
        const double norm = std::max(double(in.windowOutput.norm()), 1e-30);
        for (auto &s : scores)
            for (double &v : s)
                v /= norm;
        layerScores_.push_back(scores.back());
        scores.pop_back();
        kvHeadScores_.push_back(std::move(scores));
        const int group = spec_.heads / spec_.kvHeads;
        std::vector<std::vector<double>> mass, pooled;
        for (int g = 0; g < spec_.kvHeads; ++g) {
            std::vector<const MatrixF *> probabilities;
            for (int h = g * group; h < (g + 1) * group; ++h)
                probabilities.push_back(&in.windowProbabilities[static_cast<std::size_t>(h)]);
            mass.push_back(kernels::attentionMass(probabilities));
            pooled.push_back(kernels::attentionMass(probabilities, settings_.poolKernel));
        }
        attentionMass_.push_back(std::move(mass));
        pooledMass_.push_back(std::move(pooled));
    }
    std::vector<std::pair<std::pair<int, int>, Selection>> selections;
    for (std::size_t b = 0; b < settings_.budgets.size(); ++b)
        for (const EvictionMethod m : allEvictionMethods())
            selections.push_back({{static_cast<int>(m), static_cast<int>(b)}, select(m, settings_.budgets[b])});
    for (int l = 0; l < layers; ++l) {
        const auto &layer = tensors[static_cast<std::size_t>(l)];
        const MatrixF full = laterOutput(spec_, layer);
        const double fullNorm = std::max(double(full.norm()), 1e-30);
        for (const auto &[key, selection] : selections) {
            const MatrixF kept = laterOutput(spec_, layer, &selection[static_cast<std::size_t>(l)]);
            errors_[key] += (full - kept).norm() / fullNorm / layers;
        }
    }
}

void EvictionExperiment::useImported(SyntheticAttentionLayer &layer, int functionalLayer) const {
    const int tokens = settings_.tokens, window = settings_.window;
    for (int g = 0; g < spec_.kvHeads; ++g) {
        layer.keys[static_cast<std::size_t>(g)] = settings_.imported.keys->head(functionalLayer, g, tokens);
        layer.values[static_cast<std::size_t>(g)] = settings_.imported.values->head(functionalLayer, g, tokens);
    }
    for (int h = 0; h < spec_.heads; ++h) {
        layer.windowQueries[static_cast<std::size_t>(h)] = settings_.imported.queries->rows(functionalLayer, h, tokens - window, window);
        layer.laterQueries[static_cast<std::size_t>(h)] =
            settings_.imported.queries->rows(functionalLayer, h, tokens, settings_.laterQueries);
    }
}

Selection EvictionExperiment::select(EvictionMethod method, double budget) const {
    const int keep = settings_.keepPerCache(budget), window = settings_.window;
    const auto layers = static_cast<std::size_t>(settings_.layers);
    const auto kvHeads = static_cast<std::size_t>(spec_.kvHeads);
    Selection selection(layers, LayerSelection(kvHeads));
    switch (method) {
        case EvictionMethod::Laprox: {
            const std::vector<KeptTokens> kept =
                kernels::keepTopScoresGlobal(layerScores_, keep * settings_.layers, window);
            for (std::size_t l = 0; l < layers; ++l)
                selection[l].assign(kvHeads, kept[l]);
            break;
        }
        case EvictionMethod::LaproxLayerwise:
            for (std::size_t l = 0; l < layers; ++l)
                selection[l].assign(kvHeads, kernels::keepTopScores(layerScores_[l], keep, window));
            break;
        case EvictionMethod::LaproxKvHead: {
            std::vector<std::vector<double>> caches;
            for (const auto &layer : kvHeadScores_)
                caches.insert(caches.end(), layer.begin(), layer.end());
            const std::vector<KeptTokens> kept =
                kernels::keepTopScoresGlobal(caches, keep * static_cast<int>(caches.size()), window);
            for (std::size_t i = 0; i < kept.size(); ++i)
                selection[i / kvHeads][i % kvHeads] = kept[i];
            break;
        }
        case EvictionMethod::H2o:
        case EvictionMethod::SnapKv: {
            const auto &mass = method == EvictionMethod::H2o ? attentionMass_ : pooledMass_;
            for (std::size_t l = 0; l < layers; ++l)
                for (std::size_t g = 0; g < kvHeads; ++g)
                    selection[l][g] = kernels::keepTopScores(mass[l][g], keep, window);
            break;
        }
    }
    return selection;
}

double EvictionExperiment::outputError(EvictionMethod method, double budget) const {
    const auto &b = settings_.budgets;
    const auto it = std::find(b.begin(), b.end(), budget);
    if (it == b.end())
        throw InputError(QStringLiteral("no output error for budget %1: the experiment ran %2 budgets").arg(budget).arg(b.size()));
    return errors_.at({static_cast<int>(method), static_cast<int>(it - b.begin())});
}

std::int64_t EvictionExperiment::keptEntries(const Selection &selection) {
    std::int64_t kept = 0;
    for (const LayerSelection &layer : selection)
        for (const KeptTokens &head : layer)
            kept += static_cast<std::int64_t>(head.size());
    return kept;
}

std::int64_t EvictionExperiment::fullEntries() const {
    return std::int64_t{settings_.layers} * spec_.kvHeads * spec_.tokens;
}

}  // namespace accelscope::laprox
