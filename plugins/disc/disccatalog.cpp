#include "disccatalog.h"

#include <stdexcept>

#include "core/api/errors.h"

namespace accelscope::disc {

namespace {

using G = ParamGroup;

// Each backbone's usual generation [I]: DiT-XL/2 class-conditional with 50 DDIM steps, PixArt-Σ
// text-to-image with 20 solver steps; both with classifier-free guidance (2 sequences per step).
struct ImagePreset {
    const char *name;
    const char *backbone;
    int size;
    int steps;
    const char *description;
};

const ImagePreset kImagePresets[] = {
    {"paper", "pixart-sigma", 1024, 20, "PixArt-Sigma at 1024x1024, 20 steps, CTR + ST on hashed banks"},
    {"dit-xl-256", "dit-xl-2", 256, 50, "DiT-XL/2 at 256x256 (256 tokens), 50 DDIM steps"},
    {"dit-xl-512", "dit-xl-2", 512, 50, "DiT-XL/2 at 512x512 (1,024 tokens), 50 DDIM steps"},
    {"pixart-512", "pixart-sigma", 512, 20, "PixArt-Sigma at 512x512 (1,024 tokens), 20 steps"},
    {"pixart-2048", "pixart-sigma", 2048, 20, "PixArt-Sigma at 2048x2048 (16,384 tokens), 20 steps"},
};

Preset imagePreset(const ImagePreset &p) {
    return {QString::fromLatin1(p.name),
            QString::fromLatin1(p.description),
            {{QStringLiteral("backbone"), QString::fromLatin1(p.backbone)},
             {QStringLiteral("resolution"), std::int64_t{p.size}},
             {QStringLiteral("steps"), std::int64_t{p.steps}}}};
}

Preset ablation(const QString &name, const QString &description, std::vector<std::pair<QString, ParamValue>> values) {
    Preset p = imagePreset(kImagePresets[0]);
    p.name = name;
    p.description = description;
    for (auto &[key, value] : values)
        p.values[key] = value;
    return p;
}

const char *const kCommonNote =
    "Only DiSC's abstract is public: every hardware size is [I] (an A100-class engine: 8 x 128x128 BF16 arrays at "
    "1.2 GHz, 315 TFLOPS, 2 TB/s HBM), and the reuse share, attention density and bank efficiency come from the "
    "algorithms run for real on a seeded toy DiT (16x16 tokens) over a synthetic latent, applied to the full-size "
    "model. The GPUs run the unreduced model through the shared roofline model. ";

Claim claim(const QString &id, const QString &statement, const QString &metric, Aggregate how, double value,
            const QString &unit, const QString &note) {
    Claim c;
    c.id = id;
    c.statement = statement;
    c.metric = metric;
    c.presets = discClaimPresets();
    c.aggregate = how;
    c.paperValue = value;
    c.unit = unit;
    c.sourceTag = QStringLiteral("[V]");
    c.note = QString::fromLatin1(kCommonNote) + note;
    return c;
}

}  // namespace

QStringList discClaimPresets() {
    QStringList names;
    for (const ImagePreset &p : kImagePresets)
        names << QString::fromLatin1(p.name);
    return names;
}

ParamSchema discSchema() {
    const DiscAlgorithm a;
    const DiscHardware hw;
    return ParamSchema({
        ParamSpec::choice(QStringLiteral("backbone"), QStringLiteral("Backbone"), G::Workload,
                          QStringLiteral("pixart-sigma"), {QStringLiteral("pixart-sigma"), QStringLiteral("dit-xl-2")},
                          QStringLiteral("Image diffusion transformer the timing uses")),
        ParamSpec::integer(QStringLiteral("resolution"), QStringLiteral("Resolution"), G::Workload, 1024, 256, 4096,
                           QStringLiteral("px"), QStringLiteral("Square image side (a multiple of 16)")),
        ParamSpec::integer(QStringLiteral("steps"), QStringLiteral("Steps"), G::Workload, 20, 2, 250,
                           QStringLiteral("steps"), QStringLiteral("Denoising steps")),
        ParamSpec::integer(QStringLiteral("batch"), QStringLiteral("Sequences per step"), G::Workload, 2, 1, 8,
                           QStringLiteral("sequences"), QStringLiteral("2 with classifier-free guidance")),
        ParamSpec::flag(QStringLiteral("ctr"), QStringLiteral("Cached token reuse"), G::Workload, a.tokenReuse,
                        QStringLiteral("Tokens whose input barely changed reuse their cached block outputs")),
        ParamSpec::real(QStringLiteral("ctr_threshold"), QStringLiteral("CTR threshold tau"), G::Workload,
                        a.reuseThreshold, 0, 10, QString(),
                        QStringLiteral("A token reuses when its input changed by less than this share of its "
                                       "content since its last refresh (0: never)")),
        ParamSpec::integer(QStringLiteral("warmup_steps"), QStringLiteral("Warm-up steps"), G::Workload,
                           a.warmupSteps, 0, 100, QStringLiteral("steps"),
                           QStringLiteral("First steps recompute every token")),
        ParamSpec::flag(QStringLiteral("st"), QStringLiteral("Softmax thresholding"), G::Workload, a.sparseAttention,
                        QStringLiteral("Sparse attention from a thresholded softmax mask, reused across steps")),
        ParamSpec::real(QStringLiteral("st_threshold"), QStringLiteral("ST threshold theta"), G::Workload,
                        a.softmaxThreshold, 0, 1000, QStringLiteral("x 1/N"),
                        QStringLiteral("Keep attention probabilities at least theta / N (N keys; 0: keep all)")),
        ParamSpec::integer(QStringLiteral("mask_interval"), QStringLiteral("Mask reuse interval"), G::Workload,
                           a.maskInterval, 1, 100, QStringLiteral("steps"),
                           QStringLiteral("A new mask every this many steps (1: every step)")),
        ParamSpec::integer(QStringLiteral("banks"), QStringLiteral("SRAM banks"), G::Hardware, a.banks.banks, 1, 1024,
                           QStringLiteral("banks"),
                           QStringLiteral("Banks the sparse work is distributed over (one item each per cycle); a "
                                          "power of two for the xor hash")),
        ParamSpec::choice(QStringLiteral("bank_hash"), QStringLiteral("Bank mapping"), G::Hardware,
                          kernels::toString(a.banks.hash),
                          {QStringLiteral("xor"), QStringLiteral("modulo"), QStringLiteral("blocked")},
                          QStringLiteral("xor: XOR-fold of the index bits; modulo: index mod banks; blocked: "
                                         "contiguous ranges (naive)")),
        ParamSpec::integer(QStringLiteral("bank_queue_depth"), QStringLiteral("Bank queue depth"), G::Hardware,
                           a.banks.queueDepth, 1, 1024, QStringLiteral("items"),
                           QStringLiteral("Items a bank holds before it stops the issue (1: per-cycle conflicts)")),
        ParamSpec::integer(QStringLiteral("pe_arrays"), QStringLiteral("PE arrays"), G::Hardware, hw.peArrays, 1, 64,
                           QStringLiteral("arrays"), QStringLiteral("128x128 BF16 arrays of the dense engine")),
        ParamSpec::real(QStringLiteral("clock_mhz"), QStringLiteral("Clock"), G::Hardware, hw.clockHz / 1e6, 100, 3000,
                        QStringLiteral("MHz"), QStringLiteral("Accelerator clock")),
        ParamSpec::real(QStringLiteral("hbm_gbps"), QStringLiteral("HBM bandwidth"), G::Hardware,
                        hw.hbmBytesPerSecond / 1e9, 50, 10000, QStringLiteral("GB/s"),
                        QStringLiteral("Device memory")),
        ParamSpec::integer(QStringLiteral("functional_grid"), QStringLiteral("Functional grid"), G::Workload, 16, 4, 32,
                           QStringLiteral("tokens"), QStringLiteral("Tokens per side of the toy image run for real")),
        ParamSpec::integer(QStringLiteral("functional_blocks"), QStringLiteral("Functional blocks"), G::Workload, 4, 1,
                           12, QStringLiteral("blocks"), QStringLiteral("DiT blocks of the toy network")),
    });
}

std::vector<Preset> discPresets() {
    std::vector<Preset> presets;
    for (const ImagePreset &p : kImagePresets)
        presets.push_back(imagePreset(p));
    presets.push_back(ablation(QStringLiteral("ctr-only"), QStringLiteral("PixArt-Sigma 1024: cached token reuse alone"),
                               {{QStringLiteral("st"), false}}));
    presets.push_back(ablation(QStringLiteral("st-only"),
                               QStringLiteral("PixArt-Sigma 1024: softmax thresholding with mask reuse alone"),
                               {{QStringLiteral("ctr"), false}}));
    presets.push_back(ablation(QStringLiteral("blocked-banks"),
                               QStringLiteral("PixArt-Sigma 1024 with the sparse work on contiguous banks (naive)"),
                               {{QStringLiteral("bank_hash"), QStringLiteral("blocked")}}));
    presets.push_back(ablation(QStringLiteral("dense"), QStringLiteral("PixArt-Sigma 1024 with neither CTR nor ST"),
                               {{QStringLiteral("ctr"), false}, {QStringLiteral("st"), false}}));
    return presets;
}

std::vector<Claim> discClaims() {
    const QString speed = QStringLiteral(
        "Across DiT-XL/2 (256, 512) and PixArt-Sigma (512, 1024, 2048). The speedup is the work CTR and ST remove "
        "(at the toy's reuse share and density) times the GPU's roofline efficiencies, which the accelerator's "
        "per-op max of engine, vector and HBM does not pay. ");
    const QString energy = QStringLiteral(
        "Energy saving = 1 - DiSC energy / A100 energy for the same generation (which GPU the paper compares "
        "energy with is not in the sources; A100 [I]). The accelerator's per-access energies and static power are "
        "[I], the A100's come from the shared power model, so the value mostly reflects those constants. ");
    return {
        claim(QStringLiteral("speedup_vs_a100_low"), QStringLiteral("At least 3.47x faster than an NVIDIA A100"),
              QStringLiteral("speedup_vs_a100"), Aggregate::Min, 3.47, QStringLiteral("x"),
              speed + QStringLiteral("Low end of 3.47-4.74x.")),
        claim(QStringLiteral("speedup_vs_a100_high"), QStringLiteral("Up to 4.74x faster than an NVIDIA A100"),
              QStringLiteral("speedup_vs_a100"), Aggregate::Max, 4.74, QStringLiteral("x"),
              speed + QStringLiteral("High end of 3.47-4.74x.")),
        claim(QStringLiteral("speedup_vs_h100_low"), QStringLiteral("At least 2.48x faster than an NVIDIA H100"),
              QStringLiteral("speedup_vs_h100"), Aggregate::Min, 2.48, QStringLiteral("x"),
              speed + QStringLiteral("Low end of 2.48-3.50x; H100 SXM5 [I] (the variant is not in the sources).")),
        claim(QStringLiteral("speedup_vs_h100_high"), QStringLiteral("Up to 3.50x faster than an NVIDIA H100"),
              QStringLiteral("speedup_vs_h100"), Aggregate::Max, 3.50, QStringLiteral("x"),
              speed + QStringLiteral("High end of 2.48-3.50x; H100 SXM5 [I].")),
        claim(QStringLiteral("energy_saving_low"), QStringLiteral("At least 46.4% less energy"),
              QStringLiteral("energy_saving_vs_a100_pct"), Aggregate::Min, 46.4, QStringLiteral("%"),
              energy + QStringLiteral("Low end of 46.4-68.1%.")),
        claim(QStringLiteral("energy_saving_high"), QStringLiteral("Up to 68.1% less energy"),
              QStringLiteral("energy_saving_vs_a100_pct"), Aggregate::Max, 68.1, QStringLiteral("%"),
              energy + QStringLiteral("High end of 46.4-68.1%.")),
    };
}

DiscRunConfig DiscRunConfig::fromParams(const ParamSet &params) {
    DiscRunConfig run;
    run.backbone = diffusionBackbone(params.choice(QStringLiteral("backbone")));
    const int size = static_cast<int>(params.integer(QStringLiteral("resolution")));
    run.workload.height = run.workload.width = size;
    run.workload.batch = static_cast<int>(params.integer(QStringLiteral("batch")));
    diffusionTokens(run.backbone, run.workload);  // names a size that does not divide into tokens
    run.steps = static_cast<int>(params.integer(QStringLiteral("steps")));

    DiscAlgorithm &a = run.algorithm;
    a.tokenReuse = params.flag(QStringLiteral("ctr"));
    a.reuseThreshold = params.real(QStringLiteral("ctr_threshold"));
    a.warmupSteps = static_cast<int>(params.integer(QStringLiteral("warmup_steps")));
    a.sparseAttention = params.flag(QStringLiteral("st"));
    a.softmaxThreshold = params.real(QStringLiteral("st_threshold"));
    a.maskInterval = static_cast<int>(params.integer(QStringLiteral("mask_interval")));
    a.banks.banks = static_cast<int>(params.integer(QStringLiteral("banks")));
    a.banks.issueWidth = a.banks.banks;
    a.banks.queueDepth = static_cast<int>(params.integer(QStringLiteral("bank_queue_depth")));
    try {
        a.banks.hash = kernels::bankHashFromString(params.choice(QStringLiteral("bank_hash")));
    } catch (const std::invalid_argument &e) {
        throw InputError(QString::fromStdString(e.what()));
    }
    a.validate();

    DiscHardware &hw = run.hardware;
    hw.peArrays = static_cast<int>(params.integer(QStringLiteral("pe_arrays")));
    hw.clockHz = params.real(QStringLiteral("clock_mhz")) * 1e6;
    hw.hbmBytesPerSecond = params.real(QStringLiteral("hbm_gbps")) * 1e9;
    hw.validate();

    DenoisingSpec &f = run.functional;
    f.steps = run.steps;
    f.content.height = f.content.width =
        static_cast<int>(params.integer(QStringLiteral("functional_grid"))) * f.network.patch;
    f.network.blocks = static_cast<int>(params.integer(QStringLiteral("functional_blocks")));
    f.validate();
    return run;
}

}  // namespace accelscope::disc
