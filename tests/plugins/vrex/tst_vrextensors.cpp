// V-Rex on a video KV stream from files: the imported keys are what ReSV clusters (a stream whose
// frames alternate between a key direction and its opposite forms exactly two clusters per KV
// head; one repeated key forms one, retrieved whole, so attention over it is exact), the data
// source names the files, and partial or ill-fitting tensors are refused with clear messages.
#include <QtTest>

#include "core/api/errors.h"
#include "core/kernels/random.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"
#include "vrexcatalog.h"
#include "vrexmodel.h"

using namespace accelscope;
using namespace accelscope::vrex;
using test::errorOf;

namespace {
constexpr int kTokensPerFrame = 10;
constexpr int kStream = 230;  // 200 cached tokens (20 frames) + 3 frames of 10 tokens

ParamSet shortRun() {
    ParamSet params = ParamSet::fromPreset(vrexSchema(), *findPreset(vrexPresets(), QStringLiteral("paper")));
    for (const char *a : {"kv_cache_tokens=200", "frames=3", "tokens_per_frame=10", "input_tokens=5", "output_tokens=3",
                          "functional_layers=1", "functional_kv_heads=2", "error_every=1"})
        params.assign(QLatin1String(a));
    return params;
}

// A [rows, 128] F32 tensor (one head, used for every head) with row r = rowOf(r).
template <class RowOf>
QByteArray oneHead(int rows, RowOf rowOf) {
    std::vector<float> v;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < 128; ++c)
            v.push_back(rowOf(r, c));
    return test::npyF32(v, {rows, 128});
}
}  // namespace

class TestVrexTensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString &name, const QByteArray &bytes) { return test::writeFileIn(dir_, name, bytes); }

    ParamSet withStream(const QByteArray &keys) {
        std::mt19937_64 rng(11);
        std::vector<float> noise(static_cast<std::size_t>((kStream + 8) * 128));
        for (float &x : noise)
            x = kernels::approximatelyNormal(rng);
        ParamSet params = shortRun();
        params.assignTensor(QStringLiteral("keys=") + write(QStringLiteral("k.npy"), keys));
        params.assignTensor(QStringLiteral("values=") +
                            write(QStringLiteral("v.npy"), oneHead(kStream, [&](int r, int c) { return noise[std::size_t(r * 128 + c)]; })));
        params.assignTensor(QStringLiteral("queries=") +
                            write(QStringLiteral("q.npy"), oneHead(kStream + 8, [&](int r, int c) { return noise[std::size_t(r * 128 + c)] * 0.1f; })));
        return params;
    }

private Q_SLOTS:
    void reSvClustersTheImportedKeys() {
        const auto direction = [](int c) { return std::sin(0.37f * float(c) + 0.5f); };
        // Frames alternate between a direction and its opposite: every hash bit differs, two clusters.
        const VrexRunConfig alternating = VrexRunConfig::fromParams(withStream(oneHead(kStream, [&](int r, int c) {
            return (r / kTokensPerFrame) % 2 ? -direction(c) : direction(c);
        })));
        QVERIFY(alternating.resv.imported.given());
        const VrexModel model(alternating, 1);
        for (const FrameRetrieval &f : model.experiment().frames())
            QCOMPARE(f.clusters, 2.0);
        const DataSource source = model.dataSource();
        QVERIFY(!source.synthetic);
        QVERIFY2(source.description.contains(QStringLiteral("an imported video KV stream, 1 layers x 2 KV heads of head dim 128")) &&
                     source.description.contains(QStringLiteral("keys from ") +
                                                 QFileInfo(dir_.filePath(QStringLiteral("k.npy"))).absoluteFilePath() +
                                                 QStringLiteral(", F32 [230, 128], sha256 ")),
                 qPrintable(source.description));

        // One key everywhere: one cluster, every past token retrieved, attention exact.
        const VrexModel same(VrexRunConfig::fromParams(withStream(oneHead(kStream, [&](int, int c) { return direction(c); }))), 1);
        for (const FrameRetrieval &f : same.experiment().frames()) {
            QCOMPARE(f.clusters, 1.0);
            QCOMPARE(f.retrievedTokens, double(f.cachedTokens));
            QVERIFY(f.outputError >= 0 && f.outputError < 1e-5);
        }
        QVERIFY(VrexModel(VrexRunConfig::fromParams(shortRun()), 1).dataSource().synthetic);
    }

    void partialOrIllFittingTensorsAreRefused() {
        ParamSet params = shortRun();
        const QString file = write(QStringLiteral("short.npy"), oneHead(229, [](int, int) { return 0.0f; }));
        params.assignTensor(QStringLiteral("queries=") + file);
        QString message = errorOf([&] { VrexRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("tensor(s) queries given without keys, values; allowed: keys, values and "
                                                 "queries together (ReSV clusters the keys")),
                 qPrintable(message));
        params.assignTensor(QStringLiteral("keys=") + file);
        params.assignTensor(QStringLiteral("values=") + file);
        message = errorOf([&] { VrexRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("tensor 'keys' from '%1': shape [229, 128] has 229 token rows, but the run "
                                                 "reads 230 (kv_cache_tokens in whole frames + frames x tokens_per_frame)")
                                      .arg(QFileInfo(file).absoluteFilePath())),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestVrexTensors)
#include "tst_vrextensors.moc"
