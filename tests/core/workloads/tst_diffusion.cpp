// Diffusion backbones and one denoising step's op graph: DiT-XL/2 against its published size and
// compute, the token counts of the fact sheet, the other backbones' sizes, and how attention and
// linear work scale with resolution.

#include <algorithm>

#include <QtTest>

#include "core/api/errors.h"
#include "core/workloads/diffusion.h"
#include "tests/support/errorof.h"

using namespace accelscope;

namespace {

struct Flops {
    double attention = 0, other = 0;  // scores, softmax and context; everything else
};
Flops flopsOf(const std::vector<WorkloadOp> &ops) {
    Flops f;
    for (const WorkloadOp &op : ops)
        (op.kind == WorkloadOpKind::Attention || op.kind == WorkloadOpKind::Softmax ? f.attention : f.other) += op.flops;
    return f;
}

DiffusionWorkload image(int side) {
    DiffusionWorkload w;
    w.height = w.width = side;
    return w;
}

}  // namespace

class TestDiffusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ditXl2MatchesItsPaper() {
        // The DiT paper: DiT-XL/2 has 675M parameters and takes 118.6 GFLOPs (multiply-adds) per
        // forward pass at 256x256.
        const DiffusionBackbone &dit = diffusionBackbone(QStringLiteral("dit-xl-2"));
        QVERIFY(std::abs(diffusionParameterCount(dit) / 675e6 - 1) < 0.01);
        const Flops f = flopsOf(buildDenoisingStep(dit, image(256)));
        const double macs = (f.attention + f.other) / 2;
        QVERIFY2(std::abs(macs / 118.6e9 - 1) < 0.01, qPrintable(QString::number(macs)));
    }

    void tokenCounts_data() {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("tokens");
        for (const auto &[side, tokens] : {std::pair{256, 256}, {512, 1024}, {1024, 4096}, {2048, 16384}, {4096, 65536}})
            QTest::addRow("pixart %d", side) << QStringLiteral("pixart-sigma") << side << side << 1 << tokens;
        QTest::addRow("cogvideox 49x480x720") << QStringLiteral("cogvideox-2b") << 720 << 480 << 49 << 17550;
        QTest::addRow("hunyuan 129x720x1280") << QStringLiteral("hunyuanvideo") << 1280 << 720 << 129 << 118800;
    }
    void tokenCounts() {
        QFETCH(QString, backbone);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, frames);
        QFETCH(int, tokens);
        DiffusionWorkload w;
        w.width = width;
        w.height = height;
        w.frames = frames;
        QCOMPARE(diffusionTokens(diffusionBackbone(backbone), w).tokens(), tokens);
    }

    void backboneSizes() {
        // Reconstructed dimensions [I]: sizes near the models' stated ones.
        const std::pair<const char *, double> sizes[] = {{"pixart-sigma", 0.6e9}, {"sd3-medium", 2e9}, {"flux-1", 12e9},
                                                         {"cogvideox-2b", 1.7e9}, {"hunyuanvideo", 13e9}};
        for (const auto &[id, size] : sizes) {
            const double params = diffusionParameterCount(diffusionBackbone(QString::fromLatin1(id)));
            QVERIFY2(std::abs(params / size - 1) < 0.06, qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(id)).arg(params)));
        }
    }

    void attentionGrowsWithTheSquareOfTheTokens() {
        for (const QString &id : {QStringLiteral("dit-xl-2"), QStringLiteral("sd3-medium"), QStringLiteral("flux-1")}) {
            const DiffusionBackbone &b = diffusionBackbone(id);
            const Flops small = flopsOf(buildDenoisingStep(b, image(512)));
            const Flops large = flopsOf(buildDenoisingStep(b, image(1024)));  // 4x the image tokens
            // MMDiT's text tokens join the sequence: (4096 + text)² / (1024 + text)².
            const double grow = (4096.0 + b.textTokens) / (1024.0 + b.textTokens);
            QVERIFY(std::abs(large.attention / small.attention / (grow * grow) - 1) < 1e-9);
            // Linear work follows the tokens: 4x for the image stream, less where a text stream
            // of fixed length runs alongside.
            const double linear = large.other / small.other;
            QVERIFY2(linear <= 4 + 1e-9 && linear > (b.textTokens == 0 ? 3.9 : 2.0), qPrintable(QString::number(linear)));
        }
    }

    void mergingShrinksOnlyTheAttentionBranch() {
        for (const QString &id : {QStringLiteral("dit-xl-2"), QStringLiteral("sd3-medium"), QStringLiteral("flux-1")}) {
            const DiffusionBackbone &b = diffusionBackbone(id);
            DiffusionWorkload w = image(1024);
            const std::vector<WorkloadOp> plain = buildDenoisingStep(b, w);
            // Nothing merged and no matching: the plain step.
            w.merging.keptTokens = 4096;
            QCOMPARE(flopsOf(buildDenoisingStep(b, w)).other, flopsOf(plain).other);
            // Matching alone adds the similarity of 3072 sources with 1024 destinations per block.
            w.merging.matching = true;
            const double blocks = b.blocks + b.singleBlocks;
            const double added = flopsOf(buildDenoisingStep(b, w)).other - flopsOf(plain).other;
            QVERIFY(std::abs(added / (blocks * (2.0 * 3072 * 1024 * b.hidden + 8.0 * 3072 * 1024)) - 1) < 1e-9);
            // Half the image tokens merged: attention shrinks with the square of the sequence.
            w.merging = {2048, false, 0.25};
            const std::vector<WorkloadOp> merged = buildDenoisingStep(b, w);
            const double sequence = 4096.0 + b.textTokens, kept = 2048.0 + b.textTokens;
            QVERIFY(std::abs(flopsOf(merged).attention / flopsOf(plain).attention - kept * kept / (sequence * sequence)) < 1e-9);
            QVERIFY(flopsOf(merged).other < flopsOf(plain).other);
            const auto count = [](const std::vector<WorkloadOp> &ops, const char *name) {
                return std::count_if(ops.begin(), ops.end(), [&](const WorkloadOp &o) { return o.name == QLatin1String(name); });
            };
            QCOMPARE(count(merged, "merge"), static_cast<long>(blocks));
            QCOMPARE(count(merged, "unmerge"), static_cast<long>(blocks));
            // The MLP still sees every token.
            for (const WorkloadOp &o : merged)
                if (o.name.endsWith(QLatin1String("mlp_up")) && o.name.startsWith(QLatin1String("img_")))
                    QCOMPARE(o.rows, 4096.0);
            w.merging.keptTokens = 5000;
            QVERIFY(test::errorOf([&] { buildDenoisingStep(b, w); }).contains(QStringLiteral("keeps 5000 of 4096")));
        }
    }

    void malformedBackboneFileIsNamed() {
        const QByteArray json = R"({"backbones": [{"id": "tiny", "name": "Tiny", "kind": "dit", "blocks": 2,
            "hidden": 100, "heads": 3, "mlp_ratio": 4, "patch": 2, "latent_channels": 4, "vae_spatial": 8,
            "source": "test"}]})";
        const QString error = test::errorOf([&] { diffusionBackbonesFromJson(json, QStringLiteral("mine.json")); });
        QVERIFY2(error.contains(QStringLiteral("mine.json")) && error.contains(QStringLiteral("(tiny)")) &&
                     error.contains(QStringLiteral("heads")),
                 qPrintable(error));
        QVERIFY(test::errorOf([] { diffusionBackbonesFromJson("{\"backbones\": []}", QStringLiteral("e.json")); })
                    .contains(QStringLiteral("at least one")));
    }

    void badSizesAreNamed() {
        const DiffusionBackbone &dit = diffusionBackbone(QStringLiteral("dit-xl-2"));
        QVERIFY(test::errorOf([&] { diffusionTokens(dit, image(250)); }).contains(QStringLiteral("multiples of 16")));
        DiffusionWorkload video = image(256);
        video.frames = 50;
        QVERIFY(test::errorOf([&] { diffusionTokens(diffusionBackbone(QStringLiteral("cogvideox-2b")), video); })
                    .contains(QStringLiteral("1 + a multiple of 4")));
        QVERIFY(test::errorOf([] { diffusionBackbone(QStringLiteral("sdxl")); }).contains(QStringLiteral("dit-xl-2")));
    }
};

QTEST_APPLESS_MAIN(TestDiffusion)
#include "tst_diffusion.moc"
