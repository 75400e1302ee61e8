#include "popcatalog.h"

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/textgeneration.h"

namespace accelscope::pop {

namespace {

using G = ParamGroup;

const QString kRatio = QStringLiteral("pruning_ratio_pct");
const QString kGamma = QStringLiteral("gamma");
const QString kAggregation = QStringLiteral("aggregation");
const QString kScope = QStringLiteral("mask_scope");
const QString kLayers = QStringLiteral("functional_layers");
const QString kWidth = QStringLiteral("functional_width");
const QString kPrompt = QStringLiteral("functional_prompt_tokens");
const QString kDecode = QStringLiteral("functional_decode_tokens");
const QString kSequences = QStringLiteral("functional_sequences");

// The longest batch the functional model carries sequence by sequence; a larger batch's union of
// masks is estimated from this many.
constexpr int kMaxFunctionalSequences = 16;

Preset preset(const QString &name, const QString &description, const QString &model, int input, int output,
              double ratioPct) {
    return Preset{name,
                  description,
                  {{llm::param::model, model},
                   {llm::param::inputTokens, std::int64_t{input}},
                   {llm::param::outputTokens, std::int64_t{output}},
                   {llm::param::batch, std::int64_t{10}},
                   {kRatio, ratioPct}}};
}

const QStringList kSpeedupPresets = {QStringLiteral("paper"),      QStringLiteral("paper-40"),
                                     QStringLiteral("llama-3-8b"), QStringLiteral("llama-3-8b-40"),
                                     QStringLiteral("qwen3-8b"),   QStringLiteral("qwen3-8b-40"),
                                     QStringLiteral("mbpp"),       QStringLiteral("mbpp-40")};

}  // namespace

double ffnPruneRatioFor(const TransformerConfig &m, double overallRatio) {
    const double d = m.dModel;
    const double attention = d * (m.attentionWidth() + 2.0 * m.kvWidth()) + double(m.attentionWidth()) * d;
    const double ffn = (m.activation == Activation::SwiGlu ? 3.0 : 2.0) * d * m.ffn;
    return overallRatio * (attention + ffn) / ffn;
}

QString outputErrorMetric(PruneMethod method) {
    return QStringLiteral("%1_ffn_output_error_pct").arg(toString(method));
}

ParamSchema popSchema() {
    llm::WorkloadChoices workload;
    workload.models = {QStringLiteral("llama-2-7b"), QStringLiteral("llama-2-13b"),
                       QStringLiteral("llama-3-8b"), QStringLiteral("qwen3-8b"),
                       QStringLiteral("qwen3-4b"),   QStringLiteral("mistral-7b")};
    workload.defaultModel = QStringLiteral("llama-2-7b");
    workload.modelDoc =
        QStringLiteral("Dense gated-FFN models of the paper's families (MoE and VLMs are not modelled)");
    workload.defaultInputTokens = 1024;
    workload.defaultOutputTokens = 256;
    workload.maxTokens = 8192;
    workload.defaultBatch = 10;
    workload.maxBatch = 64;
    std::vector<ParamSpec> specs = llm::workloadParams(workload);
    const PopSettings f;
    for (ParamSpec &spec : std::vector<ParamSpec>{
             ParamSpec::real(
                 kRatio, QStringLiteral("Pruning ratio"), G::Workload, 20.0, 0.0, 50.0, QStringLiteral("%"),
                 QStringLiteral("Overall share of the layers' linear weights pruned; only FFN channels are "
                                "pruned, so the FFN's share is higher (0: dense)")),
             ParamSpec::real(
                 kGamma, QStringLiteral("Candidate band γ"), G::Workload, f.gamma, 0.0, 0.5, QString(),
                 QStringLiteral("Share of the FFN channels re-scored per decode token around the budget")),
             ParamSpec::choice(
                 kAggregation, QStringLiteral("Score aggregation"), G::Workload, QStringLiteral("sum"),
                 {QStringLiteral("sum"), QStringLiteral("max")},
                 QStringLiteral("How a channel's |W_down| entries combine in its importance score")),
             ParamSpec::choice(
                 kScope, QStringLiteral("Mask scope"), G::Workload, QStringLiteral("batch"),
                 {QStringLiteral("batch"), QStringLiteral("sequence")},
                 QStringLiteral("batch: one partition and one mask per step for the whole batch (scores "
                                "over all its tokens); sequence: each sequence its own, the batched "
                                "GEMVs stream the union")),
             ParamSpec::choice(
                 QStringLiteral("device"), QStringLiteral("GPU"), G::Hardware, QStringLiteral("rtx-a6000"),
                 {QStringLiteral("rtx-a6000"), QStringLiteral("a100-sxm-80gb"), QStringLiteral("rtx-4090"),
                  QStringLiteral("h100-sxm")},
                 QStringLiteral("The GPU priced by the shared roofline model (the paper: RTX A6000)")),
             ParamSpec::integer(QStringLiteral("devices"), QStringLiteral("GPUs"), G::Hardware, 1, 1, 8,
                                QStringLiteral("devices"), QStringLiteral("Tensor-parallel GPUs")),
             ParamSpec::integer(kLayers, QStringLiteral("Functional layers"), G::Workload, f.layers, 1, 32,
                                QStringLiteral("layers"),
                                QStringLiteral("Seeded FFN layers pruned for real")),
             ParamSpec::integer(
                 kWidth, QStringLiteral("Functional width"), G::Workload, f.dModel, 16, 1024,
                 QStringLiteral("features"),
                 QStringLiteral("d_model of the functional FFNs; channels keep the model's FFN ratio")),
             ParamSpec::integer(kPrompt, QStringLiteral("Functional prompt"), G::Workload, f.promptTokens, 1,
                                1024, QStringLiteral("tokens"),
                                QStringLiteral("Prompt tokens per sequence that score the channels")),
             ParamSpec::integer(
                 kDecode, QStringLiteral("Functional decode"), G::Workload, f.decodeTokens, 1, 256,
                 QStringLiteral("tokens"),
                 QStringLiteral("Decode tokens per sequence pruned for real (at most output_tokens - 1; "
                                "their masks are the Masks view)")),
             ParamSpec::integer(kSequences, QStringLiteral("Functional sequences"), G::Workload, 0, 0,
                                kMaxFunctionalSequences, QStringLiteral("sequences"),
                                QStringLiteral("Sequences pruned for real; 0: the batch, up to 16")),
         })
        specs.push_back(std::move(spec));
    return ParamSchema(std::move(specs));
}

std::vector<Preset> popPresets() {
    return {
        preset(QStringLiteral("paper"),
               QStringLiteral(
                   "Llama-2-7B, 20 % pruning, batch 10, a GSM8K-like 1K-token few-shot prompt and 256 "
                   "generated tokens on an RTX A6000"),
               QStringLiteral("llama-2-7b"), 1024, 256, 20.0),
        preset(QStringLiteral("paper-40"), QStringLiteral("As paper at 40 % pruning"),
               QStringLiteral("llama-2-7b"), 1024, 256, 40.0),
        preset(QStringLiteral("llama-3-8b"), QStringLiteral("Llama-3-8B, 20 % pruning, as paper otherwise"),
               QStringLiteral("llama-3-8b"), 1024, 256, 20.0),
        preset(QStringLiteral("llama-3-8b-40"), QStringLiteral("Llama-3-8B, 40 % pruning"),
               QStringLiteral("llama-3-8b"), 1024, 256, 40.0),
        preset(QStringLiteral("qwen3-8b"), QStringLiteral("Qwen3-8B, 20 % pruning, as paper otherwise"),
               QStringLiteral("qwen3-8b"), 1024, 256, 20.0),
        preset(QStringLiteral("qwen3-8b-40"), QStringLiteral("Qwen3-8B, 40 % pruning"),
               QStringLiteral("qwen3-8b"), 1024, 256, 40.0),
        preset(QStringLiteral("mbpp"),
               QStringLiteral(
                   "Llama-2-7B, 20 % pruning, an MBPP-like 512-token prompt and 512 generated tokens"),
               QStringLiteral("llama-2-7b"), 512, 512, 20.0),
        preset(QStringLiteral("mbpp-40"), QStringLiteral("As mbpp at 40 % pruning"),
               QStringLiteral("llama-2-7b"), 512, 512, 40.0),
        preset(QStringLiteral("dense"),
               QStringLiteral("As paper without pruning (the dense baseline, run by POP's path)"),
               QStringLiteral("llama-2-7b"), 1024, 256, 0.0),
    };
}

std::vector<Claim> popClaims() {
    std::vector<Claim> claims;
    const QString speedupNote = QStringLiteral(
        "The paper reports 1.14-1.38x end to end on an RTX A6000 [S]; which model, ratio and task give which "
        "end is "
        "not in the sources, so every preset's end-to-end speedup over the dense run on the same GPU must "
        "fall in the "
        "range (this claim checks the %1). The speedup comes from the shared roofline model pricing the "
        "decode FFN "
        "GEMVs over the kept channels; the prefill stays dense (POP scores the channels on it). The 20 % "
        "presets come "
        "out at 1.10-1.13x, below the range (a static mask of the same budget gives 1.15-1.19x): the dense "
        "prompt pass "
        "is 17 % of the paper preset's latency, and every decode step also streams the candidate band (75 % "
        "of the "
        "gate and up rows for a 70 % budget). The 40 % presets, 1.24-1.33x, are inside it.");
    Claim low;
    low.id = QStringLiteral("speedup_range_lowest");
    low.statement = QStringLiteral("End-to-end speedup 1.14x-1.38x on an RTX A6000 (the slowest preset)");
    low.metric = QStringLiteral("speedup_vs_dense");
    low.presets = kSpeedupPresets;
    low.aggregate = Aggregate::Min;
    low.paperValue = 1.26;
    low.rangeLow = 1.14;
    low.rangeHigh = 1.38;
    low.unit = QStringLiteral("x");
    low.sourceTag = QStringLiteral("[S]");
    low.note = speedupNote.arg(QStringLiteral("smallest"));
    claims.push_back(low);
    Claim high = low;
    high.id = QStringLiteral("speedup_range_highest");
    high.statement = QStringLiteral("End-to-end speedup 1.14x-1.38x on an RTX A6000 (the fastest preset)");
    high.aggregate = Aggregate::Max;
    high.note = speedupNote.arg(QStringLiteral("largest"));
    claims.push_back(high);

    Claim error;
    error.id = QStringLiteral("pop_error_below_static");
    error.statement = QStringLiteral(
        "At the same budget POP's FFN output is closer to the dense output than static "
        "(offline, prompt-fixed) channel pruning's");
    error.metric = QStringLiteral("error_ratio_pop_static");
    error.presets = {QStringLiteral("paper"), QStringLiteral("paper-40")};
    error.aggregate = Aggregate::Max;
    error.paperValue = 1.0;
    error.rangeLow = 0.0;
    error.rangeHigh = 1.0;
    error.unit = QStringLiteral("x");
    error.sourceTag = QStringLiteral("[S]");
    error.note = QStringLiteral(
        "The paper compares task accuracy against offline (Wanda-sp, FLAP, Tyr) and online (Probe Pruning) "
        "baselines; "
        "the model compares what pruning changes directly, the relative FFN output error over the decode "
        "tokens of "
        "seeded synthetic FFN layers, POP against a mask fixed from the same prompt scores (the static "
        "baselines' "
        "mechanism). PASS when POP's error / static's is at most 1 at 20 % and 40 %.");
    claims.push_back(error);

    Claim overhead;
    overhead.id = QStringLiteral("ffn_extra_cost_below_4pct");
    overhead.statement = QStringLiteral("POP's extra FFN cost is below about 4 % at γ = 0.1");
    overhead.metric = QStringLiteral("ffn_extra_cost_pct");
    overhead.presets = {QStringLiteral("paper"), QStringLiteral("paper-40")};
    overhead.aggregate = Aggregate::Max;
    overhead.paperValue = 4.0;
    overhead.rangeLow = 0.0;
    overhead.rangeHigh = 4.0;
    overhead.unit = QStringLiteral("%");
    overhead.sourceTag = QStringLiteral("[S]");
    overhead.note = QStringLiteral(
        "Read as: the decode FFN time POP adds over a static mask of the same budget (the candidates' gate "
        "and up "
        "rows, their activation and the re-scoring), as a share of the dense FFN's time; the sources do not "
        "say what "
        "the 4 % is relative to. Measured against the static mask's own FFN time instead, the extra is "
        "larger "
        "(ffn_overhead_vs_static_pct), since the same band is a bigger share of a smaller FFN. Slightly "
        "above 4 % "
        "(about 4.4 %): half the band's gate and up rows are 3.3 % of the dense FFN's weight traffic, and "
        "the "
        "separate selection kernel adds a launch per layer and step (about 1 %); a kernel fused with the "
        "activation "
        "would avoid that.");
    claims.push_back(overhead);
    return claims;
}

PopRunConfig PopRunConfig::fromParams(const ParamSet &params) {
    PopRunConfig run;
    run.workload = llm::Workload::fromParams(params);
    run.deviceId = params.choice(QStringLiteral("device"));
    run.devices = static_cast<int>(params.integer(QStringLiteral("devices")));
    const TransformerConfig &m = run.workload.model;
    checkTextGeneration(m, run.workload.shape, run.devices);
    if (m.activation != Activation::SwiGlu || m.experts > 1)
        throw InputError(
            QStringLiteral("model = %1: POP is modelled on dense gated (SwiGLU) FFNs; allowed: the "
                           "dense Llama, Qwen3 and Mistral models")
                .arg(run.workload.modelId));
    if (m.ffn % run.devices != 0)
        throw InputError(
            QStringLiteral("devices = %1 does not divide %2's %3 FFN channels; allowed: a divisor")
                .arg(run.devices)
                .arg(run.workload.modelId)
                .arg(m.ffn));
    run.overallPruneRatio = params.real(kRatio) / 100.0;
    PopSettings &f = run.functional;
    f.ffnPruneRatio = ffnPruneRatioFor(m, run.overallPruneRatio);
    if (f.ffnPruneRatio > 0.9)
        throw InputError(
            QStringLiteral("%1 = %2 would prune %3 % of %4's FFN channels (only the FFN is pruned); "
                           "allowed: a ratio that leaves at least 10 % of them")
                .arg(kRatio)
                .arg(params.real(kRatio))
                .arg(100.0 * f.ffnPruneRatio, 0, 'f', 1)
                .arg(run.workload.modelId));
    f.gamma = params.real(kGamma);
    f.aggregation = params.choice(kAggregation) == QStringLiteral("max") ? kernels::ChannelAggregation::Max
                                                                         : kernels::ChannelAggregation::Sum;
    f.scope = params.choice(kScope) == QStringLiteral("sequence") ? MaskScope::Sequence : MaskScope::Batch;
    f.layers = std::min(static_cast<int>(params.integer(kLayers)), m.layers);
    f.dModel = static_cast<int>(params.integer(kWidth));
    f.channels = static_cast<int>(std::lround(double(f.dModel) * m.ffn / m.dModel));
    f.promptTokens = std::min(static_cast<int>(params.integer(kPrompt)), run.workload.shape.inputTokens);
    const int decodeSteps = run.workload.shape.outputTokens - 1;
    if (decodeSteps < 1)
        throw InputError(QStringLiteral("%1 = %2: POP prunes decode steps; allowed: at least 2 output tokens")
                             .arg(llm::param::outputTokens)
                             .arg(run.workload.shape.outputTokens));
    f.decodeTokens = std::min(static_cast<int>(params.integer(kDecode)), decodeSteps);
    const int sequences = static_cast<int>(params.integer(kSequences));
    f.sequences = sequences > 0 ? std::min(sequences, run.workload.shape.batch)
                                : std::min(run.workload.shape.batch, kMaxFunctionalSequences);
    f.validate();
    return run;
}

}  // namespace accelscope::pop
