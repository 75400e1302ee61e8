// Per-head tensors from files and from the generator: each accepted shape maps (layer, head,
// token, channel) to the right element, other dtypes convert, a synthetic source gives exactly
// syntheticTensor, and every shape that does not fit the model or the run is refused with a
// message naming the tensor, the file, the shape found and the shapes allowed.
#include <QtTest>

#include "core/api/errors.h"
#include "core/workloads/headtensors.h"
#include "tests/support/errorof.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using test::errorOf;

namespace {

// Element value encoding its position, so any mix-up of dimensions shows.
float code(int layer, int head, int token, int channel) {
    return static_cast<float>(1000 * layer + 100 * head + 10 * token + channel);
}

std::vector<float> coded(int layers, int heads, int tokens, int headDim) {
    std::vector<float> v;
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h)
            for (int t = 0; t < tokens; ++t)
                for (int c = 0; c < headDim; ++c)
                    v.push_back(code(l, h, t, c));
    return v;
}

HeadTensorNeeds needs(int layers, int heads, int headDim, int tokens) {
    HeadTensorNeeds n;
    n.modelId = QStringLiteral("tiny");
    n.layers = layers;
    n.heads = heads;
    n.headDim = headDim;
    n.tokens = tokens;
    return n;
}

}  // namespace

class TestHeadTensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    io::LoadedTensor npy(const QString &file, const char *descr, const QString &shape, const QByteArray &data) {
        return io::loadTensorFile(test::writeFileIn(dir_, file, test::npyBytes(test::npyHeader(descr, shape), data)));
    }

private Q_SLOTS:
    void theSpecListsTheThreeShapes() {
        const TensorSpec spec = headTensorSpec(QStringLiteral("keys"), QStringLiteral("k"));
        QCOMPARE(spec.allowed(), QStringLiteral("a 2-D tensor [tokens, head_dim], a 3-D tensor [heads, tokens, head_dim] "
                                                "or a 4-D tensor [layers, heads, tokens, head_dim]"));
        io::TensorInfo info;
        info.shape = {2, 3, 4, 5, 6};
        QVERIFY(errorOf([&] { spec.check(info, QStringLiteral("x.npy")); })
                    .contains(QStringLiteral("shape [2, 3, 4, 5, 6] does not fit; allowed: a 2-D tensor")));
        info.shape = {3, 4};
        spec.check(info, QStringLiteral("x.npy"));  // accepted
    }

    void everyShapeMapsToTheRightElements() {
        // [layers, heads, tokens, head_dim]
        const auto four = HeadTensors::imported(
            QStringLiteral("keys"),
            npy(QStringLiteral("k4.npy"), "<f4", QStringLiteral("(3, 2, 5, 4)"), test::rawBytes(coded(3, 2, 5, 4))),
            needs(2, 2, 4, 3));
        QVERIFY(four.isImported());
        QCOMPARE(four.tokens(), 5);
        const kernels::MatrixF m = four.head(2, 1, 3);
        QCOMPARE(m.rows(), 3);
        QCOMPARE(m.cols(), 4);
        for (int t = 0; t < 3; ++t)
            for (int c = 0; c < 4; ++c)
                QCOMPARE(m(t, c), code(2, 1, t, c));
        QCOMPARE(four.rows(1, 0, 2, 3)(0, 1), code(1, 0, 2, 1));
        QCOMPARE(four.rows(1, 0, 2, 3)(2, 3), code(1, 0, 4, 3));

        // [heads, tokens, head_dim] in F64: the same for every layer.
        std::vector<double> doubles;
        for (const float v : coded(1, 2, 4, 4))
            doubles.push_back(v);
        const auto three = HeadTensors::imported(
            QStringLiteral("values"),
            npy(QStringLiteral("v3.npy"), "<f8", QStringLiteral("(2, 4, 4)"), test::rawBytes(doubles)),
            needs(5, 2, 4, 4));
        QCOMPARE(three.head(4, 1, 4)(3, 2), code(0, 1, 3, 2));
        QCOMPARE(three.head(0, 1, 4), three.head(3, 1, 4));

        // [tokens, head_dim] in I16 from a .safetensors file: the same for every layer and head.
        std::vector<std::int16_t> ints;
        for (const float v : coded(1, 1, 6, 4))
            ints.push_back(static_cast<std::int16_t>(v));
        const QString path = dir_.filePath(QStringLiteral("kv.safetensors"));
        test::writeFile(path, test::safetensorsBytes({{QStringLiteral("other"), QStringLiteral("F32"), {1}, test::rawBytes(std::vector<float>{1})},
                                                      {QStringLiteral("k"), QStringLiteral("I16"), {6, 4}, test::rawBytes(ints)}}));
        const io::LoadedTensor loaded = io::loadTensorFile(path, QStringLiteral("k"));
        const auto two = HeadTensors::imported(QStringLiteral("keys"), loaded, needs(2, 8, 4, 6));
        QCOMPARE(two.head(1, 7, 6)(5, 3), code(0, 0, 5, 3));
        QCOMPARE(two.head(1, 7, 6), two.head(0, 0, 6));
        QVERIFY2(two.description().startsWith(QStringLiteral("keys from ") + QFileInfo(path).absoluteFilePath() +
                                              QStringLiteral(", tensor 'k', I16 [6, 4], sha256 ") + loaded.sha256),
                 qPrintable(two.description()));
    }

    void theSyntheticSourceIsTheGenerator() {
        const auto synthetic = HeadTensors::synthetic(SyntheticTensorKind::Values, 16, 9);
        QVERIFY(!synthetic.isImported());
        const kernels::MatrixF expected =
            syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Values, 12, 16), 9, 2, 3).values;
        QCOMPARE(synthetic.head(2, 3, 12), expected);
        QCOMPARE(synthetic.description(), QStringLiteral("synthetic values (seed 9)"));
    }

    void shapesThatDoNotFitAreRefused() {
        const auto refused = [&](const QString &shape, int elements, const HeadTensorNeeds &n) {
            const io::LoadedTensor t = npy(QStringLiteral("bad.npy"), "<f4", shape, test::rawBytes(std::vector<float>(elements)));
            return errorOf([&] { HeadTensors::imported(QStringLiteral("keys"), t, n); });
        };
        const QString allowed = QStringLiteral("allowed for tiny: [tokens, 4], [2, tokens, 4] or [layers, 2, tokens, 4] "
                                               "with tokens >= 3 and layers >= 2");
        QString message = refused(QStringLiteral("(3, 8)"), 24, needs(2, 2, 4, 3));
        QVERIFY2(message.startsWith(QStringLiteral("tensor 'keys' from '") + dir_.filePath(QStringLiteral("bad.npy")) +
                                    QStringLiteral("': shape [3, 8] has head_dim 8, but tiny has head_dim 4; ") + allowed),
                 qPrintable(message));
        message = refused(QStringLiteral("(3, 3, 4)"), 36, needs(2, 2, 4, 3));
        QVERIFY2(message.contains(QStringLiteral("shape [3, 3, 4] has 3 heads, but tiny has 2 KV heads; ") + allowed),
                 qPrintable(message));
        message = refused(QStringLiteral("(1, 2, 3, 4)"), 24, needs(2, 2, 4, 3));
        QVERIFY2(message.contains(QStringLiteral("shape [1, 2, 3, 4] has 1 layer(s), but the run computes 2 functional layers")),
                 qPrintable(message));
        message = refused(QStringLiteral("(2, 2, 4)"), 16, needs(2, 2, 4, 3));
        QVERIFY2(message.contains(QStringLiteral("shape [2, 2, 4] has 2 token rows, but the run reads 3 (functional_tokens); allowed for tiny: ")),
                 qPrintable(message));
        message = refused(QStringLiteral("(12,)"), 12, needs(1, 2, 4, 3));
        QVERIFY2(message.contains(QStringLiteral("shape [12] has 1 dimension(s); allowed for tiny: [tokens, 4]")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestHeadTensors)
#include "tst_headtensors.moc"
