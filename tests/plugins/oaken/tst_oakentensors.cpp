// Oaken on keys and values from files: files holding exactly the synthetic run's tensors (and its
// profiling inferences' tensors) reproduce its functional results bit for bit, other tensors give
// other results, the data source says what was imported, and a tensor that does not fit the model
// is refused — by the command line too, with exit code 2 and the message.
#include <QtTest>

#include "core/api/errors.h"
#include "oakencatalog.h"
#include "oakenmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using namespace accelscope::oaken;
using kernels::MatrixF;
using test::errorOf;

namespace {
constexpr std::uint64_t kSeed = 3;
constexpr int kTokens = 32;

ParamSet shortRun() {
    ParamSet params = ParamSet::fromPreset(oakenSchema(), *findPreset(oakenPresets(), QStringLiteral("paper")));
    params.assign(QStringLiteral("functional_tokens=%1").arg(kTokens));
    params.assign(QStringLiteral("functional_layers=2"));
    return params;
}

// The synthetic run's tensor of every functional layer as [layers, kv_heads, tokens, head_dim],
// `samples` inferences' rows one after another per head (seed per sample from `seedOf`).
template <class SeedOf>
QByteArray layersAsF32(const TransformerConfig &model, bool keys, int layers, int samples, SeedOf seedOf) {
    std::vector<float> v;
    for (int l = 0; l < layers; ++l) {
        std::vector<MatrixF> perSample;
        for (int s = 0; s < samples; ++s)
            perSample.push_back(KvQuantTrack::tensor(model, keys, kTokens, seedOf(s), l));
        for (int h = 0; h < model.kvHeads; ++h)
            for (const MatrixF &all : perSample) {
                const MatrixF x = all.middleCols(static_cast<Eigen::Index>(h) * model.headDim, model.headDim);
                for (Eigen::Index r = 0; r < x.rows(); ++r)
                    for (Eigen::Index c = 0; c < x.cols(); ++c)
                        v.push_back(x(r, c));
            }
    }
    return test::npyF32(v, {layers, model.kvHeads, samples * kTokens, model.headDim});
}

void compare(const TensorQuantization &a, const TensorQuantization &b) {
    QCOMPARE(a.thresholds.outerLow, b.thresholds.outerLow);
    QCOMPARE(a.thresholds.outerHigh, b.thresholds.outerHigh);
    QCOMPARE(a.thresholds.innerLow, b.thresholds.innerLow);
    QCOMPARE(a.thresholds.innerHigh, b.thresholds.innerHigh);
    QCOMPARE(a.groupCounts, b.groupCounts);
    QCOMPARE(a.oakenBits, b.oakenBits);
    QCOMPARE(a.sparseEntries, b.sparseEntries);
    QCOMPARE(a.oakenMse, b.oakenMse);
    QCOMPARE(a.kiviMse, b.kiviMse);
    QCOMPARE(a.kiviBits, b.kiviBits);
    QCOMPARE(a.sparseMask, b.sparseMask);
}
}  // namespace

class TestOakenTensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString &name, const QByteArray &bytes) { return test::writeFileIn(dir_, name, bytes); }

private Q_SLOTS:
    void theSyntheticTensorsFromFilesReproduceTheSyntheticRun() {
        const ParamSet params = shortRun();
        const OakenRunConfig synthetic = OakenRunConfig::fromParams(params);
        const TransformerConfig &m = synthetic.workload.model;
        const int samples = synthetic.functional.profileSamples;
        ParamSet imported = params;
        for (const bool keys : {true, false}) {
            const QString name = keys ? QStringLiteral("keys") : QStringLiteral("values");
            imported.assignTensor(name + QLatin1Char('=') +
                                  write(name + QStringLiteral(".npy"),
                                        layersAsF32(m, keys, 2, 1, [](int) { return kSeed; })));
            imported.assignTensor(QStringLiteral("profile_") + name + QLatin1Char('=') +
                                  write(QStringLiteral("profile_") + name + QStringLiteral(".npy"),
                                        layersAsF32(m, keys, 2, samples,
                                                    [](int s) { return KvQuantTrack::profileSeed(kSeed, s); })));
        }
        const OakenRunConfig fromFiles = OakenRunConfig::fromParams(imported);
        QVERIFY(fromFiles.functional.keys && fromFiles.functional.profileValues);
        const KvQuantTrack a(m, synthetic.functional, kSeed), b(m, fromFiles.functional, kSeed);
        QCOMPARE(a.layers().size(), std::size_t{2});
        for (std::size_t l = 0; l < 2; ++l) {
            compare(a.layers()[l].keys, b.layers()[l].keys);
            compare(a.layers()[l].values, b.layers()[l].values);
        }
        QCOMPARE(a.summary().oakenBits, b.summary().oakenBits);
        QCOMPARE(a.summary().oakenMse, b.summary().oakenMse);
        QCOMPARE(a.summary().kiviMse, b.summary().kiviMse);

        // The data source says what was imported.
        QVERIFY(OakenModel(synthetic, kSeed).dataSource().synthetic);
        const DataSource source = OakenModel(fromFiles, kSeed).dataSource();
        QVERIFY(!source.synthetic);
        QVERIFY2(source.description.contains(QStringLiteral("imported keys from ") + QFileInfo(dir_.filePath(QStringLiteral("keys.npy"))).absoluteFilePath() +
                                             QStringLiteral(", F32 [2, 40, 32, 128], sha256 ") + imported.tensor(QStringLiteral("keys"))->sha256) &&
                     source.description.contains(QStringLiteral("thresholds profiled on 2 inferences of imported profile_values from ")),
                 qPrintable(source.description));
    }

    void keysWithoutProfileTensorsAreProfiledOnThemselves() {
        ParamSet params = shortRun();
        params.assign(QStringLiteral("functional_layers=1"));
        const OakenRunConfig synthetic = OakenRunConfig::fromParams(params);
        const TransformerConfig &m = synthetic.workload.model;
        // The synthetic values, but as the keys: no outlier channels, other thresholds.
        params.assignTensor(QStringLiteral("keys=") + write(QStringLiteral("v_as_k.npy"),
                                                            layersAsF32(m, false, 1, 1, [](int) { return kSeed; })));
        const OakenRunConfig config = OakenRunConfig::fromParams(params);
        const KvQuantTrack a(m, synthetic.functional, kSeed), b(m, config.functional, kSeed);
        compare(a.layers()[0].values, b.layers()[0].values);
        QVERIFY(b.layers()[0].keys.thresholds.outerHigh != a.layers()[0].keys.thresholds.outerHigh);
        // Profiled on itself: the groups hold exactly their quantiles' shares of the entries.
        const TensorQuantization &k = b.layers()[0].keys;
        QVERIFY(std::abs(double(k.groupCounts[0]) / double(k.entries) - 0.04) < 0.01);
        const QString source = OakenModel(config, kSeed).dataSource().description;
        QVERIFY2(source.contains(QStringLiteral("thresholds profiled on the same tensor (no profile_keys given)")) &&
                     source.contains(QStringLiteral("seeded synthetic values (seed 3), thresholds profiled on 2 other seeded")),
                 qPrintable(source));
    }

    void tensorsThatDoNotFitAreRefused() {
        ParamSet params = shortRun();
        params.assignTensor(QStringLiteral("values=") +
                            write(QStringLiteral("short.npy"),
                                  test::npyBytes(test::npyHeader("<f2", QStringLiteral("(40, 16, 128)")),
                                                 QByteArray(40 * 16 * 128 * 2, '\0'))));
        QString message = errorOf([&] { OakenRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [40, 16, 128] has 16 token rows, but the run reads 32 (functional_tokens)")),
                 qPrintable(message));
        params = shortRun();
        params.assignTensor(QStringLiteral("profile_keys=") + dir_.filePath(QStringLiteral("short.npy")));
        message = errorOf([&] { OakenRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [40, 16, 128] has 16 token rows, but the run reads 64 "
                                                 "(profile_samples x functional_tokens)")),
                 qPrintable(message));
        params = shortRun();
        params.assignTensor(QStringLiteral("profile_keys=") + write(QStringLiteral("long.npy"),
                                                                    test::npyBytes(test::npyHeader("<f2", QStringLiteral("(64, 128)")),
                                                                                   QByteArray(64 * 128 * 2, '\0'))));
        QVERIFY(errorOf([&] { OakenRunConfig::fromParams(params); })
                    .contains(QStringLiteral("tensor 'profile_keys' was given without tensor 'keys'")));
    }

    void theCommandLineExitsWithTwoOnABadShape() {
        const QString file = write(QStringLiteral("gqa.npy"), test::npyBytes(test::npyHeader("<f4", QStringLiteral("(8, 32, 128)")),
                                                                            QByteArray(8 * 32 * 128 * 4, '\0')));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCELSCOPE_PLUGIN_PATH"),
                   qEnvironmentVariable("ACCELSCOPE_BUILD_DIR") + QStringLiteral("/lib/accelscope/plugins"));
        env.insert(QStringLiteral("HOME"), dir_.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir_.filePath(QStringLiteral("data")));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(ACCELSCOPE_CLI_PATH),
                  {QStringLiteral("run"), QStringLiteral("oaken"), QStringLiteral("--preset"), QStringLiteral("paper"),
                   QStringLiteral("--tensor"), QStringLiteral("keys=") + file, QStringLiteral("--db"),
                   dir_.filePath(QStringLiteral("s.ascope"))});
        QVERIFY(cli.waitForFinished(60000));
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 2);
        QVERIFY2(err.contains(QStringLiteral("tensor 'keys' from '%1': shape [8, 32, 128] has 8 heads, but llama-2-13b has 40 KV "
                                             "heads; allowed for llama-2-13b: [tokens, 128], [40, tokens, 128] or "
                                             "[layers, 40, tokens, 128] with tokens >= 128")
                                  .arg(QFileInfo(file).absoluteFilePath())),
                 qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestOakenTensors)
#include "tst_oakentensors.moc"
