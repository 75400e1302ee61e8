// OakenTiming: the LPU core's op timing plus Oaken's DMA-path engines and MMU, checked against
// the shared LPU core and first principles.
#include <QtTest>

#include "core/accelerators/lpucore.h"
#include "core/workloads/textgeneration.h"
#include "oakentiming.h"

using namespace accelscope;
using namespace accelscope::oaken;

namespace {

const TransformerConfig &model(const char *id) {
    return ModelZoo::builtin().transformer(QLatin1String(id));
}

TextGenerationWorkload decodeWorkload(int batch, double kvBits = 0) {
    TextGenerationWorkload w;
    w.batch = batch;
    w.inputTokens = 1;
    w.outputTokens = 1;
    w.kvBitsPerElement = kvBits;
    return w;
}

}  // namespace

class TestOakenTiming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fp16ModeIsThePlainLpuCore() {
        // Without Oaken's engines, a pass is exactly what the shared LPU core gives for the whole op graph.
        const OakenHardware lpu = OakenHardware::plainLpu();
        QCOMPARE(lpu.lpu.macTrees, 32);  // 3.28 TB/s / (64 × 2 B × 0.8 GHz)
        const OakenTiming t(model("opt-6.7b"), lpu, 4.8, 0.1);
        QCOMPARE(t.kvBitsPerEntry(), 16.0);
        const LpuCore core(lpu.lpu);
        const PassTiming decode = t.decode(1, 500);
        QCOMPARE(decode.total(), core.time(buildDecodeStep(model("opt-6.7b"), decodeWorkload(1), 500, 1)));
        TextGenerationWorkload prompt = decodeWorkload(2);
        prompt.inputTokens = 32;
        QCOMPARE(t.prefill(2, 32).total(), core.time(buildPrefill(model("opt-6.7b"), prompt, 1)));
        QCOMPARE(decode.layer.units[static_cast<int>(OakenUnit::Quant)].busy, TimePs{0});
        QCOMPARE(decode.layer.units[static_cast<int>(OakenUnit::Dequant)].busy, TimePs{0});
    }

    void batchOneDecodeStreamsTheWeights() {
        // The LPU at batch 1: a decode step is bound by streaming the FP16 weights at 3.28 TB/s.
        const OakenTiming t(model("opt-13b"), OakenHardware::plainLpu(), 0, 0);
        const double seconds = timing::psToSeconds(t.decode(1, 64).total());
        const double weights = parameterCount(model("opt-13b")) * 2 / 3.28e12;
        QVERIFY2(seconds > weights && seconds < 1.15 * weights, qPrintable(QString::number(seconds / weights)));
    }

    void quantizedCacheSpeedsUpLongBatchedDecode() {
        const OakenHardware hw = OakenHardware::oakenHbm();
        OakenHardware fp16 = hw;
        fp16.kv = KvMode::Fp16;
        const OakenTiming oaken(model("llama-2-7b"), hw, 4.8, 0.1);
        const OakenTiming plain(model("llama-2-7b"), fp16, 4.8, 0.1);
        const TimePs q = oaken.decode(64, 2000).total(), f = plain.decode(64, 2000).total();
        QVERIFY2(q < f * 0.6, qPrintable(QStringLiteral("%1 vs %2").arg(q).arg(f)));
        // The attention reads shrink by 16 / 4.8; the quantizer adds its pass over the new K and V.
        const PassTiming pass = oaken.decode(64, 2000);
        const UnitBusy &quant = pass.layer.units[static_cast<int>(OakenUnit::Quant)];
        const double entries = 64.0 * 2 * 4096;
        QCOMPARE(quant.busy, timing::cyclesToPs(static_cast<std::int64_t>(std::ceil(entries / hw.quantLanes)) +
                                                    hw.engineLatencyCycles, hw.lpu.clockHz));
    }

    void aSlowDequantizerIsExposed() {
        OakenHardware hw = OakenHardware::oakenHbm();
        const OakenTiming fast(model("llama-2-7b"), hw, 4.8, 0.1);
        hw.dequantLanes = 64;
        const OakenTiming slow(model("llama-2-7b"), hw, 4.8, 0.1);
        const PassTiming s = slow.decode(32, 1024);
        QVERIFY(s.total() > 2 * fast.decode(32, 1024).total());
        // Then the two attention ops take the dequantizer's time: 32 × 1024 × 4096 entries at 64 per cycle each.
        const double perOp = std::ceil(32.0 * 1024 * 4096 / 64);
        const TimePs dequant = s.layer.units[static_cast<int>(OakenUnit::Dequant)].busy;
        QCOMPARE(dequant, 2 * timing::cyclesToPs(static_cast<std::int64_t>(perOp) + hw.engineLatencyCycles, hw.lpu.clockHz));
    }

    void pagesFollowTheLayout() {
        OakenHardware hw = OakenHardware::oakenLpddr();
        const OakenTiming t(model("llama-2-7b"), hw, 4.8, 0.1);
        // Per head and token: 128 × 4.8 / 8 = 76.8 B, of which 12.8 B sparse (10 % of 128, one byte each).
        QVERIFY(std::abs(t.layout().sparseBytesPerTokenHead - 12.8) < 1e-9);
        QVERIFY(std::abs(t.layout().denseBytesPerTokenHead - 64.0) < 1e-9);
        QCOMPARE(t.layout().densePages(64), std::int64_t{1});
        QCOMPARE(t.layout().densePages(65), std::int64_t{2});
        QCOMPARE(t.layout().sparsePages(320), std::int64_t{1});
        QCOMPARE(t.layout().sparsePages(321), std::int64_t{2});
        QCOMPARE(t.densePagesPerSequence(2048), std::int64_t{2} * 32 * 32 * 32);
        QCOMPARE(t.kvPageBytesPerSequence(2048),
                 double(t.densePagesPerSequence(2048) + t.sparsePagesPerSequence(2048)) * 4096);
        // Page rounding only ever adds.
        QVERIFY(t.kvPageBytesPerSequence(2048) >= 2048 * 2.0 * 32 * 32 * 128 * 4.8 / 8);
    }
};

QTEST_GUILESS_MAIN(TestOakenTiming)
#include "tst_oakentiming.moc"
