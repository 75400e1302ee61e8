#include "orbiscatalog.h"

#include "core/api/errors.h"

namespace accelscope::orbis {

namespace {

using G = ParamGroup;

QStringList videoBackbones() {
    return {QStringLiteral("cogvideox-5b"), QStringLiteral("cogvideox-2b"), QStringLiteral("hunyuanvideo")};
}

QStringList gpus() {
    return {QStringLiteral("a100-sxm-80gb"), QStringLiteral("a100-pcie-80gb"), QStringLiteral("h100-sxm"),
            QStringLiteral("rtx-a6000")};
}

// Each model's usual generation [I]: CogVideoX 49 frames at 480x720, 50 steps, classifier-free
// guidance (2 sequences); HunyuanVideo 129 frames at 720x1280, 50 steps, guidance distilled (1).
struct VideoDefaults {
    int height, width, frames, steps, batch;
};
VideoDefaults videoDefaults(const QString &backbone) {
    if (backbone == QLatin1String("hunyuanvideo"))
        return {720, 1280, 129, 50, 1};
    return {480, 720, 49, 50, 2};
}

QString modelName(const QString &backbone) {
    return backbone == QLatin1String("cogvideox-5b")   ? QStringLiteral("CogVideoX-5B")
           : backbone == QLatin1String("cogvideox-2b") ? QStringLiteral("CogVideoX-2B")
                                                       : QStringLiteral("HunyuanVideo");
}

Preset videoPreset(const QString &name, const QString &backbone, ReductionMethod method,
                   const QString &description, std::vector<std::pair<QString, ParamValue>> extra = {}) {
    const VideoDefaults d = videoDefaults(backbone);
    Preset p{name,
             description,
             {{QStringLiteral("model"), backbone},
              {QStringLiteral("height"), std::int64_t{d.height}},
              {QStringLiteral("width"), std::int64_t{d.width}},
              {QStringLiteral("frames"), std::int64_t{d.frames}},
              {QStringLiteral("steps"), std::int64_t{d.steps}},
              {QStringLiteral("batch"), std::int64_t{d.batch}},
              {QStringLiteral("method"), toString(method)}}};
    for (auto &[key, value] : extra)
        p.values[key] = value;
    return p;
}

const char *const kToyNote =
    "Quality runs for real on the seeded toy video DiT (4 blocks, hidden 32, 3-D attention over 4 latent "
    "frames of "
    "8x8 tokens) denoising a synthetic latent video, with the preset's step count; PSNR is the final "
    "latent's against "
    "the unreduced run of the same seed. The toy is not the paper's model: the ratios say how the two "
    "matchings "
    "rank on the same tensors, not what the paper's videos look like. ";

Claim ratioClaim(const QString &backbone, const QString &preset) {
    Claim c;
    c.id = QStringLiteral("reduction_ratio_gain_%1").arg(preset);
    c.statement = QStringLiteral("At equal quality ORBIS reduces about 2x as many tokens as AsymRnR (%1)")
                      .arg(modelName(backbone));
    c.metric = QStringLiteral("reduction_ratio_gain_vs_asymrnr");
    c.presets = {preset};
    c.paperValue = 2.0;
    c.unit = QStringLiteral("x");
    c.sourceTag = QStringLiteral("[V]");
    c.note = QString::fromLatin1(kToyNote) +
             QStringLiteral(
                 "Each method's ratio is the largest reaching the preset's PSNR target (bisection over the "
                 "ratio); ORBIS matches the previous step's block outputs with DATM, AsymRnR this step's "
                 "block inputs greedily, on the same splits. The paper's quality metric and target are not "
                 "in the sources.");
    return c;
}

Claim speedupClaim() {
    Claim c;
    c.id = QStringLiteral("speedup_vs_a100");
    c.statement = QStringLiteral("ORBIS is up to 4.5x faster than an NVIDIA A100");
    c.metric = QStringLiteral("speedup_vs_a100");
    c.presets = {QStringLiteral("cogvideox-2b"), QStringLiteral("cogvideox-5b"),
                 QStringLiteral("hunyuanvideo")};
    c.aggregate = Aggregate::Max;
    c.paperValue = 4.5;
    c.unit = QStringLiteral("x");
    c.sourceTag = QStringLiteral("[V]");
    c.note = QStringLiteral(
        "Best of the three video DiTs. ORBIS's hardware sizes are not in the sources: the model gives it the "
        "A100's "
        "class of peak (8 x 128x128 BF16 arrays at 1.2 GHz, 315 TFLOPS) and HBM bandwidth (2 TB/s) [I], at "
        "the ratio "
        "ORBIS reaches the PSNR target on the functional run; the A100 runs the unreduced model through the "
        "shared "
        "roofline model. The speedup is therefore token reduction plus the A100's roofline efficiencies, "
        "which the "
        "accelerator (a per-op max of compute and memory) does not pay.");
    return c;
}

Claim energyClaim() {
    Claim c;
    c.id = QStringLiteral("energy_reduction_vs_a100");
    c.statement = QStringLiteral("ORBIS uses 79.3% less energy than an NVIDIA A100");
    c.metric = QStringLiteral("energy_reduction_vs_a100_pct");
    c.presets = {QStringLiteral("paper")};
    c.paperValue = 79.3;
    c.unit = QStringLiteral("%");
    c.sourceTag = QStringLiteral("[V]");
    c.note = QStringLiteral(
        "The workload of the reduction is not in the sources; measured on the paper preset (CogVideoX-5B). "
        "The "
        "accelerator's energy constants are [I] (per MAC, per vector op, per HBM byte, static power; see the "
        "README), "
        "the A100's come from the shared power model, so a PASS or FAIL says as much about those constants "
        "as about "
        "the paper.");
    return c;
}

}  // namespace

ParamSchema orbisSchema() {
    const ReductionSettings r;
    const OrbisHardware hw;
    return ParamSchema({
        ParamSpec::choice(QStringLiteral("model"), QStringLiteral("Model"), G::Workload,
                          QStringLiteral("cogvideox-5b"), videoBackbones(),
                          QStringLiteral("Video DiT with 3-D spatio-temporal attention the timing uses")),
        ParamSpec::integer(QStringLiteral("height"), QStringLiteral("Height"), G::Workload, 480, 128, 2048,
                           QStringLiteral("px"), QStringLiteral("Frame height (a multiple of 16)")),
        ParamSpec::integer(QStringLiteral("width"), QStringLiteral("Width"), G::Workload, 720, 128, 2048,
                           QStringLiteral("px"), QStringLiteral("Frame width (a multiple of 16)")),
        ParamSpec::integer(QStringLiteral("frames"), QStringLiteral("Frames"), G::Workload, 49, 1, 257,
                           QStringLiteral("frames"),
                           QStringLiteral("Video frames (4k + 1: CogVideoX 49, HunyuanVideo 129)")),
        ParamSpec::integer(QStringLiteral("steps"), QStringLiteral("Steps"), G::Workload, 50, 2, 200,
                           QStringLiteral("steps"), QStringLiteral("Denoising steps")),
        ParamSpec::integer(QStringLiteral("batch"), QStringLiteral("Sequences per step"), G::Workload, 2, 1,
                           8, QStringLiteral("sequences"),
                           QStringLiteral("2 with classifier-free guidance (CogVideoX); HunyuanVideo: 1")),
        ParamSpec::choice(
            QStringLiteral("method"), QStringLiteral("Method"), G::Workload, QStringLiteral("orbis"),
            {QStringLiteral("orbis"), QStringLiteral("asymrnr"), QStringLiteral("output_greedy")},
            QStringLiteral("orbis: previous-step outputs, distribution-aware matching; asymrnr: this "
                           "step's inputs, greedy; output_greedy: previous-step outputs, greedy")),
        ParamSpec::choice(
            QStringLiteral("ratio_mode"), QStringLiteral("Ratio"), G::Workload, QStringLiteral("target"),
            {QStringLiteral("target"), QStringLiteral("fixed")},
            QStringLiteral("target: the largest ratio reaching psnr_target_db; fixed: reduction_ratio")),
        ParamSpec::real(
            QStringLiteral("psnr_target_db"), QStringLiteral("Quality target"), G::Workload, 48, 5, 99,
            QStringLiteral("dB"),
            QStringLiteral("Final-latent PSNR against the unreduced run every method must reach")),
        ParamSpec::real(QStringLiteral("reduction_ratio"), QStringLiteral("Reduction ratio"), G::Workload,
                        r.ratio, 0, 0.875, QString(),
                        QStringLiteral("Share of tokens merged away per block (fixed mode)")),
        ParamSpec::integer(QStringLiteral("stride_frames"), QStringLiteral("Chunk frames"), G::Workload,
                           r.strideFrames, 1, 8, QStringLiteral("tokens"),
                           QStringLiteral("One destination per chunk")),
        ParamSpec::integer(QStringLiteral("stride_height"), QStringLiteral("Chunk height"), G::Workload,
                           r.strideHeight, 1, 8, QStringLiteral("tokens"),
                           QStringLiteral("One destination per chunk")),
        ParamSpec::integer(QStringLiteral("stride_width"), QStringLiteral("Chunk width"), G::Workload,
                           r.strideWidth, 1, 8, QStringLiteral("tokens"),
                           QStringLiteral("One destination per chunk")),
        ParamSpec::integer(
            QStringLiteral("match_window"), QStringLiteral("Match window"), G::Hardware, r.window, -1, 16,
            QStringLiteral("chunks"),
            QStringLiteral("DATM compares a source with destinations this many chunks away per axis "
                           "(-1: all, AsymRnR's global search)")),
        ParamSpec::integer(QStringLiteral("match_bits"), QStringLiteral("Match bits"), G::Hardware,
                           r.matchBits, 0, 8, QStringLiteral("bits"),
                           QStringLiteral("MXINT width the matching unit reads (8, 4, 2; 0: float)")),
        ParamSpec::integer(QStringLiteral("warmup_steps"), QStringLiteral("Warm-up steps"), G::Workload,
                           r.warmupSteps, 1, 100, QStringLiteral("steps"),
                           QStringLiteral("First steps run unreduced by every method")),
        ParamSpec::flag(
            QStringLiteral("compare"), QStringLiteral("Equal-quality comparison"), G::Workload, true,
            QStringLiteral("Also search the other method's ratio at the same target (off for fast sweeps)")),
        ParamSpec::integer(QStringLiteral("pe_arrays"), QStringLiteral("PE arrays"), G::Hardware, hw.peArrays,
                           1, 64, QStringLiteral("arrays"),
                           QStringLiteral("128x128 BF16 systolic arrays of the main engine")),
        ParamSpec::real(QStringLiteral("clock_mhz"), QStringLiteral("Clock"), G::Hardware, hw.clockHz / 1e6,
                        100, 3000, QStringLiteral("MHz"), QStringLiteral("Accelerator clock")),
        ParamSpec::real(QStringLiteral("hbm_gbps"), QStringLiteral("HBM bandwidth"), G::Hardware,
                        hw.hbmBytesPerSecond / 1e9, 50, 10000, QStringLiteral("GB/s"),
                        QStringLiteral("Device memory")),
        ParamSpec::integer(QStringLiteral("match_lanes"), QStringLiteral("Matching lanes"), G::Hardware,
                           hw.matchLanes, 1, 65536, QStringLiteral("MACs/cycle"),
                           QStringLiteral("INT8 MAC lanes of the matching unit (2x at 4 bits, 4x at 2)")),
        ParamSpec::choice(QStringLiteral("gpu"), QStringLiteral("Baseline GPU"), G::Hardware,
                          QStringLiteral("a100-sxm-80gb"), gpus(),
                          QStringLiteral("The paper compares with an A100")),
        ParamSpec::integer(QStringLiteral("functional_frames"), QStringLiteral("Functional frames"),
                           G::Workload, 4, 1, 16, QStringLiteral("frames"),
                           QStringLiteral("Latent frames of the toy video run for real")),
        ParamSpec::integer(QStringLiteral("functional_grid"), QStringLiteral("Functional grid"), G::Workload,
                           8, 2, 24, QStringLiteral("tokens"),
                           QStringLiteral("Tokens per side of each toy frame")),
        ParamSpec::integer(QStringLiteral("functional_blocks"), QStringLiteral("Functional blocks"),
                           G::Workload, 4, 1, 12, QStringLiteral("blocks"),
                           QStringLiteral("DiT blocks of the toy network")),
    });
}

std::vector<Preset> orbisPresets() {
    std::vector<Preset> presets;
    presets.push_back(
        videoPreset(QStringLiteral("paper"), QStringLiteral("cogvideox-5b"), ReductionMethod::Orbis,
                    QStringLiteral("ORBIS on CogVideoX-5B, 49 frames at 480x720, 50 steps, at the ratio "
                                   "reaching 48 dB, against AsymRnR at the same quality")));
    for (const QString &b : videoBackbones())
        presets.push_back(
            videoPreset(b, b, ReductionMethod::Orbis,
                        QStringLiteral("ORBIS on %1 at the ratio reaching 48 dB").arg(modelName(b))));
    presets.push_back(videoPreset(
        QStringLiteral("asymrnr-cogvideox-5b"), QStringLiteral("cogvideox-5b"), ReductionMethod::AsymRnR,
        QStringLiteral("AsymRnR's greedy matching on this step's inputs, on CogVideoX-5B")));
    presets.push_back(
        videoPreset(QStringLiteral("global-window"), QStringLiteral("cogvideox-5b"), ReductionMethod::Orbis,
                    QStringLiteral("DATM against every destination (AsymRnR's global search): the "
                                   "matching unit can no longer hide behind compute"),
                    {{QStringLiteral("match_window"), std::int64_t{-1}}}));
    return presets;
}

std::vector<Claim> orbisClaims() {
    return {ratioClaim(QStringLiteral("cogvideox-5b"), QStringLiteral("paper")), speedupClaim(),
            energyClaim()};
}

OrbisRunConfig OrbisRunConfig::fromParams(const ParamSet &params) {
    OrbisRunConfig run;
    run.backboneId = params.choice(QStringLiteral("model"));
    run.workload.height = static_cast<int>(params.integer(QStringLiteral("height")));
    run.workload.width = static_cast<int>(params.integer(QStringLiteral("width")));
    run.workload.frames = static_cast<int>(params.integer(QStringLiteral("frames")));
    run.workload.batch = static_cast<int>(params.integer(QStringLiteral("batch")));
    diffusionTokens(diffusionBackbone(run.backboneId), run.workload);  // the size must fit the backbone
    run.gpuId = params.choice(QStringLiteral("gpu"));
    run.steps = static_cast<int>(params.integer(QStringLiteral("steps")));
    run.method = reductionMethodFromString(params.choice(QStringLiteral("method")));
    run.ratioMode = params.choice(QStringLiteral("ratio_mode")) == QLatin1String("fixed") ? RatioMode::Fixed
                                                                                          : RatioMode::Target;
    run.psnrTargetDb = params.real(QStringLiteral("psnr_target_db"));
    run.compare = params.flag(QStringLiteral("compare"));
    ReductionSettings &r = run.reduction;
    r.ratio = params.real(QStringLiteral("reduction_ratio"));
    r.strideFrames = static_cast<int>(params.integer(QStringLiteral("stride_frames")));
    r.strideHeight = static_cast<int>(params.integer(QStringLiteral("stride_height")));
    r.strideWidth = static_cast<int>(params.integer(QStringLiteral("stride_width")));
    r.window = static_cast<int>(params.integer(QStringLiteral("match_window")));
    r.matchBits = static_cast<int>(params.integer(QStringLiteral("match_bits")));
    r.warmupSteps = static_cast<int>(params.integer(QStringLiteral("warmup_steps")));
    r.validate();
    if (r.warmupSteps >= run.steps)
        throw InputError(
            QStringLiteral("warmup_steps = %1; allowed: fewer than the %2 steps, so that some step reduces")
                .arg(r.warmupSteps)
                .arg(run.steps));

    OrbisHardware &hw = run.hardware;
    hw.peArrays = static_cast<int>(params.integer(QStringLiteral("pe_arrays")));
    hw.clockHz = params.real(QStringLiteral("clock_mhz")) * 1e6;
    hw.hbmBytesPerSecond = params.real(QStringLiteral("hbm_gbps")) * 1e9;
    hw.matchLanes = static_cast<int>(params.integer(QStringLiteral("match_lanes")));
    hw.validate();

    DenoisingSpec &f = run.functional;
    f.steps = run.steps;
    f.content.frames = static_cast<int>(params.integer(QStringLiteral("functional_frames")));
    f.content.height = f.content.width =
        static_cast<int>(params.integer(QStringLiteral("functional_grid"))) * f.network.patch;
    f.network.blocks = static_cast<int>(params.integer(QStringLiteral("functional_blocks")));
    f.validate();
    return run;
}

}  // namespace accelscope::orbis
