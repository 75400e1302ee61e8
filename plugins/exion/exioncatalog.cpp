#include "exioncatalog.h"

#include "core/api/errors.h"

namespace accelscope::exion {

namespace {

using G = ParamGroup;

Preset workload(const QString &name, const QString &description, const QString &instance,
                const QString &backbone, int height, int width, int frames, int steps) {
    return Preset{name,
                  description,
                  {{QStringLiteral("instance"), instance},
                   {QStringLiteral("backbone"), backbone},
                   {QStringLiteral("height"), std::int64_t{height}},
                   {QStringLiteral("width"), std::int64_t{width}},
                   {QStringLiteral("frames"), std::int64_t{frames}},
                   {QStringLiteral("steps"), std::int64_t{steps}}}};
}

}  // namespace

QStringList exionServerPresets() {
    return {QStringLiteral("server-dit"), QStringLiteral("server-pixart"), QStringLiteral("server-video")};
}
QStringList exionEdgePresets() {
    return {QStringLiteral("edge-dit"), QStringLiteral("edge-pixart"), QStringLiteral("edge-video")};
}

ParamSchema exionSchema() {
    const ExionAlgorithm a;
    QStringList backbones;
    for (const DiffusionBackbone &b : diffusionBackbones())
        if (b.kind != DiffusionBlockKind::NextScale && b.singleBlocks == 0)
            backbones << b.id;
    return ParamSchema({
        ParamSpec::choice(
            QStringLiteral("instance"), QStringLiteral("Instance"), G::Hardware, QStringLiteral("server"),
            {QStringLiteral("server"), QStringLiteral("edge")},
            QStringLiteral("server: 16 cores of 64x64 FP16 PEs, GDDR6, vs RTX A6000; edge: 4 cores, "
                           "LPDDR5, vs Jetson AGX Orin (sizes [I])")),
        ParamSpec::choice(QStringLiteral("backbone"), QStringLiteral("Backbone"), G::Workload,
                          QStringLiteral("dit-xl-2"), backbones,
                          QStringLiteral("Diffusion transformer timed at full size")),
        ParamSpec::integer(QStringLiteral("height"), QStringLiteral("Height"), G::Workload, 256, 16, 4096,
                           QStringLiteral("px"), QStringLiteral("Image or frame height; a multiple of 16")),
        ParamSpec::integer(QStringLiteral("width"), QStringLiteral("Width"), G::Workload, 256, 16, 4096,
                           QStringLiteral("px"), QStringLiteral("Image or frame width; a multiple of 16")),
        ParamSpec::integer(QStringLiteral("frames"), QStringLiteral("Frames"), G::Workload, 1, 1, 1025,
                           QStringLiteral("frames"), QStringLiteral("Video frames (1 for images)")),
        ParamSpec::integer(QStringLiteral("batch"), QStringLiteral("Batch"), G::Workload, 1, 1, 64,
                           QStringLiteral("sequences"), QStringLiteral("Sequences per step")),
        ParamSpec::integer(QStringLiteral("steps"), QStringLiteral("Denoising steps"), G::Workload, 50, 2,
                           200, QStringLiteral("steps"),
                           QStringLiteral("DDIM steps (timing and the functional run)")),
        ParamSpec::integer(QStringLiteral("functional_size"), QStringLiteral("Functional latent"),
                           G::Workload, 32, 16, 64, QStringLiteral("positions"),
                           QStringLiteral("Side of the synthetic latent the functional run denoises (even)")),
        ParamSpec::flag(QStringLiteral("ffn_reuse"), QStringLiteral("FFN-Reuse"), G::Hardware, a.ffnReuse,
                        QStringLiteral("Reuse GELU outputs below the threshold between dense iterations")),
        ParamSpec::integer(QStringLiteral("dense_interval"), QStringLiteral("Dense interval"), G::Hardware,
                           a.denseInterval, 1, 1000, QStringLiteral("steps"),
                           QStringLiteral("A dense FFN iteration every this many steps (1: all dense) [I]")),
        ParamSpec::real(QStringLiteral("ffn_threshold"), QStringLiteral("FFN threshold"), G::Hardware,
                        a.ffnThreshold, 0, 100, QStringLiteral("x RMS"),
                        QStringLiteral("GELU outputs above this times the layer's RMS are recomputed [I]")),
        ParamSpec::flag(QStringLiteral("prediction"), QStringLiteral("Eager prediction"), G::Hardware,
                        a.prediction,
                        QStringLiteral("Predict attention scores with two-step leading-one detection")),
        ParamSpec::real(QStringLiteral("attention_keep"), QStringLiteral("Attention keep"), G::Hardware,
                        a.attentionKeep, 0.001, 1, QString(),
                        QStringLiteral("Share of keys each query keeps by predicted score [I]")),
        ParamSpec::integer(QStringLiteral("predictor_terms"), QStringLiteral("Leading ones"), G::Hardware,
                           a.predictorTerms, 1, 2, QStringLiteral("terms"),
                           QStringLiteral("Leading ones kept per value: 1 or 2 (two-step detection)")),
        ParamSpec::integer(QStringLiteral("predictor_bits"), QStringLiteral("Predictor bits"), G::Hardware,
                           a.predictorBits, 2, 16, QStringLiteral("bits"),
                           QStringLiteral("Integer width the leading ones are detected in [I]")),
        ParamSpec::flag(QStringLiteral("conmerge"), QStringLiteral("ConMerge"), G::Hardware, a.conMerge,
                        QStringLiteral("Condense and merge sparse tiles before the PE array")),
        ParamSpec::integer(QStringLiteral("merge_depth"), QStringLiteral("Merge depth"), G::Hardware,
                           a.compaction.mergeDepth, 1, 64, QStringLiteral("rows"),
                           QStringLiteral("Source rows ConMerge may pack into one PE row [I]")),
    });
}

std::vector<Preset> exionPresets() {
    const QString server = QStringLiteral("server"), edge = QStringLiteral("edge");
    std::vector<Preset> p = {
        workload(QStringLiteral("paper"), QStringLiteral("Server instance, DiT-XL/2 at 256x256, 50 steps"),
                 server, QStringLiteral("dit-xl-2"), 256, 256, 1, 50),
        workload(QStringLiteral("server-dit"),
                 QStringLiteral("Server instance, DiT-XL/2 at 256x256, 50 steps"), server,
                 QStringLiteral("dit-xl-2"), 256, 256, 1, 50),
        workload(QStringLiteral("server-pixart"),
                 QStringLiteral("Server instance, PixArt-Σ text-to-image at 1024x1024, 20 steps"), server,
                 QStringLiteral("pixart-sigma"), 1024, 1024, 1, 20),
        workload(
            QStringLiteral("server-video"),
            QStringLiteral("Server instance, CogVideoX-2B text-to-video, 49 frames at 480x720, 50 steps"),
            server, QStringLiteral("cogvideox-2b"), 480, 720, 49, 50),
        workload(QStringLiteral("edge-dit"), QStringLiteral("Edge instance, DiT-XL/2 at 256x256, 50 steps"),
                 edge, QStringLiteral("dit-xl-2"), 256, 256, 1, 50),
        workload(QStringLiteral("edge-pixart"),
                 QStringLiteral("Edge instance, PixArt-Σ text-to-image at 1024x1024, 20 steps"), edge,
                 QStringLiteral("pixart-sigma"), 1024, 1024, 1, 20),
        workload(QStringLiteral("edge-video"),
                 QStringLiteral("Edge instance, CogVideoX-2B text-to-video, 49 frames at 480x720, 50 steps"),
                 edge, QStringLiteral("cogvideox-2b"), 480, 720, 49, 50),
    };
    Preset dense = p.front();
    dense.name = QStringLiteral("dense");
    dense.description = QStringLiteral(
        "Ablation: the paper workload with FFN-Reuse and attention prediction off (every iteration dense)");
    dense.values[QStringLiteral("ffn_reuse")] = false;
    dense.values[QStringLiteral("prediction")] = false;
    p.push_back(dense);
    Preset noMerge = p.front();
    noMerge.name = QStringLiteral("no-conmerge");
    noMerge.description = QStringLiteral("Ablation: the paper workload with sparse tiles run uncompacted");
    noMerge.values[QStringLiteral("conmerge")] = false;
    p.push_back(noMerge);
    return p;
}

std::vector<Claim> exionClaims() {
    const QString common = QStringLiteral(
        "The paper's workloads and GPUs are not public; here a range's low end is read as the smallest and "
        "its high "
        "end as the largest ratio over three diffusion transformers (DiT-XL/2 256x256, PixArt-Sigma "
        "1024x1024, "
        "CogVideoX-2B 49 frames). The GPU runs every step dense in FP16 on the shared roofline model; "
        "EXION's sizes "
        "are [I] reconstructions matched to the GPU's peak and bandwidth, and nothing is tuned to the "
        "ratios. ");
    const auto claim = [&common](const QString &id, const QString &statement, const QStringList &presets,
                                 const QString &metric, Aggregate how, double value, const QString &note) {
        Claim c;
        c.id = id;
        c.statement = statement;
        c.metric = metric;
        c.presets = presets;
        c.aggregate = how;
        c.paperValue = value;
        c.unit = QStringLiteral("x");
        c.sourceTag = QStringLiteral("[V]");
        c.note = common + note;
        return c;
    };
    const QString energyNote = QStringLiteral(
        "Energy efficiency = GPU energy / EXION energy for the same generation: board power (idle + "
        "utilisation share "
        "of TDP) against per-access [I] ASIC energies, so the ratio mostly reflects those constants. ");
    const QStringList server = exionServerPresets(), edge = exionEdgePresets();
    return {
        claim(QStringLiteral("speedup_vs_server_gpu_low"),
              QStringLiteral("At least 3.2x faster than a server GPU"), server,
              QStringLiteral("speedup_vs_gpu"), Aggregate::Min, 3.2,
              QStringLiteral("Low end of 3.2-379.3x.")),
        claim(QStringLiteral("speedup_vs_server_gpu_high"),
              QStringLiteral("Up to 379.3x faster than a server GPU"), server,
              QStringLiteral("speedup_vs_gpu"), Aggregate::Max, 379.3,
              QStringLiteral(
                  "High end of 3.2-379.3x. Expected to FAIL: with matched peak and bandwidth, skipping "
                  "FFN and attention work bounds the gain by the skipped share and the weight stream, "
                  "a few times at most; two orders of magnitude need a GPU setting (tiny batches, "
                  "framework overhead, the paper's motion models) the abstract does not give.")),
        claim(QStringLiteral("energy_gain_vs_server_gpu_low"),
              QStringLiteral("At least 45.1x more energy-efficient than a server GPU"), server,
              QStringLiteral("energy_gain_vs_gpu"), Aggregate::Min, 45.1,
              energyNote + QStringLiteral("Low end of 45.1-3067.6x.")),
        claim(QStringLiteral("energy_gain_vs_server_gpu_high"),
              QStringLiteral("Up to 3067.6x more energy-efficient than a server GPU"), server,
              QStringLiteral("energy_gain_vs_gpu"), Aggregate::Max, 3067.6,
              energyNote + QStringLiteral("High end of 45.1-3067.6x.")),
        claim(QStringLiteral("speedup_vs_edge_gpu_low"),
              QStringLiteral("At least 42.6x faster than an edge GPU"), edge,
              QStringLiteral("speedup_vs_gpu"), Aggregate::Min, 42.6,
              QStringLiteral(
                  "Low end of 42.6-1090.9x. The edge instance is matched to the AGX Orin's peak and "
                  "bandwidth, so a 40x gain would need 40x less work or a GPU far below its roofline.")),
        claim(QStringLiteral("speedup_vs_edge_gpu_high"),
              QStringLiteral("Up to 1090.9x faster than an edge GPU"), edge, QStringLiteral("speedup_vs_gpu"),
              Aggregate::Max, 1090.9, QStringLiteral("High end of 42.6-1090.9x.")),
        claim(QStringLiteral("energy_gain_vs_edge_gpu_low"),
              QStringLiteral("At least 196.9x more energy-efficient than an edge GPU"), edge,
              QStringLiteral("energy_gain_vs_gpu"), Aggregate::Min, 196.9,
              energyNote + QStringLiteral("Low end of 196.9-4668.2x.")),
        claim(QStringLiteral("energy_gain_vs_edge_gpu_high"),
              QStringLiteral("Up to 4668.2x more energy-efficient than an edge GPU"), edge,
              QStringLiteral("energy_gain_vs_gpu"), Aggregate::Max, 4668.2,
              energyNote + QStringLiteral("High end of 196.9-4668.2x.")),
    };
}

ExionRunConfig ExionRunConfig::fromParams(const ParamSet &params) {
    ExionRunConfig run;
    run.backbone = diffusionBackbone(params.choice(QStringLiteral("backbone")));
    run.workload.height = static_cast<int>(params.integer(QStringLiteral("height")));
    run.workload.width = static_cast<int>(params.integer(QStringLiteral("width")));
    run.workload.frames = static_cast<int>(params.integer(QStringLiteral("frames")));
    run.workload.batch = static_cast<int>(params.integer(QStringLiteral("batch")));
    if (!run.backbone.isVideo() && run.workload.frames != 1)
        throw InputError(
            QStringLiteral("frames %1 with image backbone %2; allowed: 1 (choose a video backbone for more)")
                .arg(run.workload.frames)
                .arg(run.backbone.id));
    diffusionTokens(run.backbone, run.workload);  // names a size that does not divide into tokens
    run.steps = static_cast<int>(params.integer(QStringLiteral("steps")));
    run.hardware = ExionHardware::forInstance(params.choice(QStringLiteral("instance")));

    ExionAlgorithm &a = run.algorithm;
    a.ffnReuse = params.flag(QStringLiteral("ffn_reuse"));
    a.denseInterval = static_cast<int>(params.integer(QStringLiteral("dense_interval")));
    a.ffnThreshold = params.real(QStringLiteral("ffn_threshold"));
    a.prediction = params.flag(QStringLiteral("prediction"));
    a.attentionKeep = params.real(QStringLiteral("attention_keep"));
    a.predictorTerms = static_cast<int>(params.integer(QStringLiteral("predictor_terms")));
    a.predictorBits = static_cast<int>(params.integer(QStringLiteral("predictor_bits")));
    a.conMerge = params.flag(QStringLiteral("conmerge"));
    a.compaction.mergeDepth = static_cast<int>(params.integer(QStringLiteral("merge_depth")));
    a.compaction.tileRows = run.hardware.peRows;
    a.compaction.tileCols = run.hardware.peCols;
    a.validate();

    const int size = static_cast<int>(params.integer(QStringLiteral("functional_size")));
    if (size % 2 != 0)
        throw InputError(
            QStringLiteral(
                "functional_size %1 is odd; allowed: an even number of latent positions from 16 to 64")
                .arg(size));
    run.functional.latentSize = size;
    run.functional.steps = run.steps;
    return run;
}

}  // namespace accelscope::exion
