// LaProx on keys, values and queries from files: files holding exactly the synthetic layer's
// tensors reproduce the synthetic experiment bit for bit (scores, selections, output errors),
// other queries give other scores, the data source names the files, and partial or ill-fitting
// tensors are refused with messages naming the tensor, the shape and what is allowed.
#include <QtTest>

#include "core/api/errors.h"
#include "laproxcatalog.h"
#include "laproxmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using namespace accelscope::laprox;
using kernels::MatrixF;
using test::errorOf;

namespace {
constexpr std::uint64_t kSeed = 5;

ParamSet shortRun() {
    ParamSet params = ParamSet::fromPreset(laproxSchema(), *findPreset(laproxPresets(), QStringLiteral("paper")));
    for (const char *a : {"functional_layers=1", "functional_tokens=160", "output_width=32"})
        params.assign(QLatin1String(a));
    return params;
}

// Heads stacked as [heads, rows, head_dim] F32, each head's rows from `rowsOf`.
template <class RowsOf>
QByteArray stacked(int heads, int rows, int headDim, RowsOf rowsOf) {
    std::vector<float> v;
    for (int h = 0; h < heads; ++h) {
        const MatrixF m = rowsOf(h);
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c)
                v.push_back(m(r, c));
    }
    return test::npyF32(v, {heads, rows, headDim});
}
}  // namespace

class TestLaproxTensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString &name, const QByteArray &bytes) { return test::writeFileIn(dir_, name, bytes); }

private Q_SLOTS:
    void theSyntheticLayerFromFilesReproducesTheExperiment() {
        const ParamSet params = shortRun();
        const LaproxRunConfig config = LaproxRunConfig::fromParams(params);
        const EvictionExperiment synthetic(config.workload.model, config.functional, kSeed);
        const SyntheticAttentionSpec &spec = synthetic.spec();
        const SyntheticAttentionLayer layer = syntheticAttentionLayer(spec, kSeed, synthetic.modelLayers()[0]);
        const int tokens = spec.tokens, window = spec.windowQueries, later = spec.laterQueries;
        ParamSet imported = params;
        imported.assignTensor(QStringLiteral("keys=") + write(QStringLiteral("k.npy"), stacked(spec.kvHeads, tokens, spec.headDim, [&](int g) {
                                                                   return layer.keys[std::size_t(g)];
                                                               })));
        imported.assignTensor(QStringLiteral("values=") + write(QStringLiteral("v.npy"), stacked(spec.kvHeads, tokens, spec.headDim, [&](int g) {
                                                                     return layer.values[std::size_t(g)];
                                                                 })));
        // Queries at every position; only the window's and the later ones are read.
        const auto queries = [&](bool reversedWindow) {
            return stacked(spec.heads, tokens + later, spec.headDim, [&](int h) {
                MatrixF q = MatrixF::Constant(tokens + later, spec.headDim, 7.0f);
                q.middleRows(tokens - window, window) = layer.windowQueries[std::size_t(h)];
                if (reversedWindow)
                    q.middleRows(tokens - window, window) = MatrixF(q.middleRows(tokens - window, window).colwise().reverse());
                q.bottomRows(later) = layer.laterQueries[std::size_t(h)];
                return q;
            });
        };
        imported.assignTensor(QStringLiteral("queries=") + write(QStringLiteral("q.npy"), queries(false)));
        const LaproxRunConfig fromFiles = LaproxRunConfig::fromParams(imported);
        const EvictionExperiment experiment(fromFiles.workload.model, fromFiles.functional, kSeed);
        QCOMPARE(experiment.layerScores(), synthetic.layerScores());
        for (const double budget : config.functional.budgets)
            for (const EvictionMethod m : allEvictionMethods()) {
                QCOMPARE(experiment.select(m, budget), synthetic.select(m, budget));
                QCOMPARE(experiment.outputError(m, budget), synthetic.outputError(m, budget));
            }

        const DataSource source = LaproxModel(fromFiles, kSeed).dataSource();
        QVERIFY(LaproxModel(config, kSeed).dataSource().synthetic);
        QVERIFY(!source.synthetic);
        QVERIFY2(source.description.contains(QStringLiteral("imported attention: keys from ") +
                                             QFileInfo(dir_.filePath(QStringLiteral("k.npy"))).absoluteFilePath()) &&
                     source.description.contains(QStringLiteral("queries from ")) &&
                     source.description.contains(QStringLiteral("W_O seeded synthetic (seed 5)")),
                 qPrintable(source.description));

        // The window queries score the cache: other window queries, other scores.
        ParamSet other = imported;
        other.assignTensor(QStringLiteral("queries=") + write(QStringLiteral("q2.npy"), queries(true)));
        const LaproxRunConfig otherConfig = LaproxRunConfig::fromParams(other);
        QVERIFY(EvictionExperiment(otherConfig.workload.model, otherConfig.functional, kSeed).layerScores() !=
                synthetic.layerScores());
    }

    void partialOrIllFittingTensorsAreRefused() {
        ParamSet params = shortRun();
        const QString keys = write(QStringLiteral("k8.npy"), test::npyBytes(test::npyHeader("<f2", QStringLiteral("(8, 160, 128)")),
                                                                            QByteArray(8 * 160 * 128 * 2, '\0')));
        params.assignTensor(QStringLiteral("keys=") + keys);
        params.assignTensor(QStringLiteral("values=") + keys);
        QString message = errorOf([&] { LaproxRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("tensor(s) keys, values given without queries; allowed: keys, values and "
                                                 "queries together")),
                 qPrintable(message));
        params.assignTensor(QStringLiteral("queries=") + keys);
        message = errorOf([&] { LaproxRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [8, 160, 128] has 8 heads, but llama-3-8b has 32 query heads")), qPrintable(message));
        params.assignTensor(QStringLiteral("queries=") +
                            write(QStringLiteral("q.npy"), test::npyBytes(test::npyHeader("<f2", QStringLiteral("(170, 128)")),
                                                                          QByteArray(170 * 128 * 2, '\0'))));
        message = errorOf([&] { LaproxRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [170, 128] has 170 token rows, but the run reads 176 "
                                                 "(functional_tokens + 16 later queries)")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestLaproxTensors)
#include "tst_laproxtensors.moc"
