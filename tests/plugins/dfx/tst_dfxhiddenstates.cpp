// DFX on hidden states from a file: the rows feed the first functional layer in order (a file
// holding exactly the rows the seeded generator would draw reproduces the synthetic run bit for
// bit), the data source names the file and its sha256, and a tensor that does not fit the model
// or the steps is refused with a message naming the file, its shape and what is allowed.
#include <QtTest>

#include <random>

#include "core/kernels/gpt2.h"
#include "core/kernels/random.h"
#include "core/sim/trace.h"
#include "dfxcatalog.h"
#include "dfxmodel.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using namespace accelscope::dfx;
using test::errorOf;

namespace {
constexpr std::uint64_t kSeed = 7;

ParamSet shortRun() {
    ParamSet params = ParamSet::fromPreset(dfxSchema(), *findPreset(dfxPresets(), QStringLiteral("paper")));
    for (const char *a : {"model=gpt2-345m", "input_tokens=4", "output_tokens=2", "functional_steps=2", "functional_layers=1"})
        params.assign(QLatin1String(a));
    return params;
}

struct Outcome {
    std::vector<QByteArray> frames;  // the attention maps, in order
    double error = -1;
    DataSource source;
};

Outcome run(const ParamSet &params) {
    DfxModel model(DfxRunConfig::fromParams(params), kSeed);
    Trace trace;
    while (model.step(2, trace)) {
    }
    trace.publish();
    Outcome outcome;
    for (const auto &frame : trace.snapshot().frames())
        outcome.frames.push_back(frame->decompressed().data);
    for (const Metric &m : model.metrics())
        if (m.name == QLatin1String("partition_max_abs_error"))
            outcome.error = m.value;
    outcome.source = model.dataSource();
    return outcome;
}

QString writeHiddenStates(const QString &path, const std::vector<float> &values, int rows, int cols) {
    test::writeFile(path, test::npyBytes(test::npyHeader("<f4", QStringLiteral("(%1, %2)").arg(rows).arg(cols)),
                                         test::rawBytes(values)));
    return path;
}
}  // namespace

class TestDfxHiddenStates : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void theSchemaDeclaresHiddenStates() {
        const ParamSchema schema = dfxSchema();
        const TensorSpec *spec = schema.findTensor(QStringLiteral("hidden_states"));
        QVERIFY(spec);
        QCOMPARE(spec->allowed(), QStringLiteral("a 2-D tensor [tokens, d_model]"));
    }

    void rowsFeedTheFirstLayerInOrder() {
        const ParamSet params = shortRun();
        const DfxRunConfig config = DfxRunConfig::fromParams(params);
        // What the synthetic run draws: the layer's weights first, then 4 prompt rows, then 1 row.
        std::mt19937_64 generator(kSeed);
        (void)kernels::Gpt2LayerWeights::random(config.model, generator);
        const kernels::MatrixF prompt = kernels::randomNormalFp16(4, config.model.dModel, generator);
        const kernels::MatrixF next = kernels::randomNormalFp16(1, config.model.dModel, generator);
        std::vector<float> rows(prompt.data(), prompt.data() + prompt.size());
        rows.insert(rows.end(), next.data(), next.data() + next.size());
        const QString file = writeHiddenStates(dir_.filePath(QStringLiteral("h.npy")), rows, 5, config.model.dModel);

        const Outcome synthetic = run(params);
        ParamSet withFile = params;
        withFile.assignTensor(QStringLiteral("hidden_states=") + file);
        const Outcome fromFile = run(withFile);
        QCOMPARE(fromFile.frames.size(), std::size_t{2});
        QCOMPARE(fromFile.frames, synthetic.frames);
        QCOMPARE(fromFile.error, synthetic.error);
        QVERIFY(synthetic.source.synthetic);
        QVERIFY(!fromFile.source.synthetic);
        QVERIFY2(fromFile.source.description.contains(QStringLiteral("on hidden states from ") + QFileInfo(file).absoluteFilePath()) &&
                     fromFile.source.description.contains(withFile.tensor(QStringLiteral("hidden_states"))->sha256),
                 qPrintable(fromFile.source.description));

        // Other activations give other attention maps.
        std::reverse(rows.begin(), rows.end());
        ParamSet reversed = params;
        reversed.assignTensor(QStringLiteral("hidden_states=") +
                              writeHiddenStates(dir_.filePath(QStringLiteral("r.npy")), rows, 5, config.model.dModel));
        QVERIFY(run(reversed).frames != synthetic.frames);
    }

    void tensorsThatDoNotFitAreRefused() {
        ParamSet params = shortRun();
        params.assignTensor(QStringLiteral("hidden_states=") +
                            writeHiddenStates(dir_.filePath(QStringLiteral("small.npy")), std::vector<float>(5 * 768), 5, 768));
        QString message = errorOf([&] { DfxRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [5, 768] has d_model 768, but gpt2-345m has d_model 1024; allowed: [tokens, 1024]")),
                 qPrintable(message));
        params = shortRun();
        params.assignTensor(QStringLiteral("hidden_states=") +
                            writeHiddenStates(dir_.filePath(QStringLiteral("short.npy")), std::vector<float>(3 * 1024), 3, 1024));
        message = errorOf([&] { DfxRunConfig::fromParams(params); });
        QVERIFY2(message.contains(QStringLiteral("shape [3, 1024] has 3 token rows, but the functional steps read 5 "
                                                 "(input_tokens 4 + 1 further step(s)); allowed: at least 5 rows")),
                 qPrintable(message));
        QVERIFY(errorOf([&] { params.assignTensor(QStringLiteral("weights=x.npy")); })
                    .contains(QStringLiteral("unknown tensor 'weights'; this plugin accepts: hidden_states")));
    }
};

QTEST_GUILESS_MAIN(TestDfxHiddenStates)
#include "tst_dfxhiddenstates.moc"
