// Tensors as frames: what the mask, heat and token views receive, and the refusals (empty,
// out-of-range index, too large to show).
#include <QtTest>

#include <cstring>

#include "core/io/tensorfileframe.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::io;
using test::errorOf;

namespace {
// t[a][b][c] = 100 a + 10 b + c for shape [2, 3, 4].
Tensor cube() {
    Tensor t;
    t.info.name = QStringLiteral("cube");
    t.info.shape = {2, 3, 4};
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 3; ++b)
            for (int c = 0; c < 4; ++c)
                t.values.push_back(100 * a + 10 * b + c);
    return t;
}
template <class T>
std::vector<T> valuesOf(const Frame &frame) {
    std::vector<T> out(static_cast<std::size_t>(frame.data.size()) / sizeof(T));
    std::memcpy(out.data(), frame.data.constData(), static_cast<std::size_t>(frame.data.size()));
    return out;
}
}  // namespace

class TestTensorFileFrame : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void heatSelectsTheLeadingIndex() {
        TensorFrameOptions options;
        options.leadingIndex = {1};
        const Frame frame = tensorToFrame(cube(), options, QStringLiteral("import/cube"), QStringLiteral("c.npy"));
        QVERIFY(frame.kind == FrameKind::Heat);
        QVERIFY(frame.dtype == DType::F32);
        QCOMPARE(frame.shape, (std::vector<std::int64_t>{3, 4}));
        const std::vector<float> v = valuesOf<float>(frame);
        QCOMPARE(v.size(), std::size_t{12});
        QCOMPARE(v.front(), 100.0f);  // [1][0][0]
        QCOMPARE(v.back(), 123.0f);   // [1][2][3]
        // Without an index the first slice is shown.
        QCOMPARE(valuesOf<float>(tensorToFrame(cube(), {}, {}, {})).back(), 23.0f);
    }

    void maskIsNonzeroOrAboveTheThreshold() {
        TensorFrameOptions options;
        options.view = TensorView::Mask;
        const Frame nonzero = tensorToFrame(cube(), options, {}, {});
        QVERIFY(nonzero.kind == FrameKind::Mask);
        QVERIFY(nonzero.dtype == DType::U8);
        const std::vector<std::uint8_t> bits = valuesOf<std::uint8_t>(nonzero);
        QCOMPARE(std::count(bits.begin(), bits.end(), 1), 11);  // all of slice 0 but t[0][0][0]
        options.threshold = 12.5;
        const std::vector<std::uint8_t> above = valuesOf<std::uint8_t>(tensorToFrame(cube(), options, {}, {}));
        QCOMPARE(std::count(above.begin(), above.end(), 1), 5);  // 13, 20, 21, 22, 23
    }

    void tokensAreKeptOrPruned() {
        Tensor scores;
        scores.info.shape = {6};
        scores.values = {0.9, 0.1, 0.0, 0.7, 0.2, 0.5};
        TensorFrameOptions options;
        options.view = TensorView::Tokens;
        options.threshold = 0.4;
        const Frame frame = tensorToFrame(scores, options, QStringLiteral("import/scores"), {});
        QVERIFY(frame.kind == FrameKind::Tokens);
        QCOMPARE(frame.shape, std::vector<std::int64_t>{6});
        using namespace token_state;
        QCOMPARE(valuesOf<std::int32_t>(frame), (std::vector<std::int32_t>{kKept, kPruned, kPruned, kKept, kPruned, kKept}));
    }

    void scalarsBecomeOneElement() {
        Tensor scalar;
        scalar.values = {3};
        QCOMPARE(tensorToFrame(scalar, {}, {}, {}).shape, std::vector<std::int64_t>{1});
    }

    void refusalsNameTheFileAndWhatIsAllowed() {
        TensorFrameOptions options;
        options.leadingIndex = {2};
        QString message = errorOf([&] { tensorToFrame(cube(), options, {}, QStringLiteral("c.npy")); });
        QVERIFY2(message.contains(QStringLiteral("'c.npy': index 2 for dimension 0 of tensor 'cube' (shape [2, 3, 4]) is out of range; an index from 0 to 1")),
                 qPrintable(message));
        options.leadingIndex = {0, 0};
        message = errorOf([&] { tensorToFrame(cube(), options, {}, QStringLiteral("c.npy")); });
        QVERIFY2(message.contains(QStringLiteral("2 indices were given")) && message.contains(QStringLiteral("1 leading dimension")),
                 qPrintable(message));
        Tensor empty;
        empty.info.shape = {0, 4};
        message = errorOf([&] { tensorToFrame(empty, {}, {}, QStringLiteral("e.npy")); });
        QVERIFY2(message.contains(QStringLiteral("shape [0, 4]) has no elements")), qPrintable(message));
        Tensor wide;
        wide.info.shape = {1, kMaxFrameElements + 1};
        wide.values.assign(static_cast<std::size_t>(kMaxFrameElements + 1), 0.0);
        message = errorOf([&] { tensorToFrame(wide, {}, {}, QStringLiteral("w.npy")); });
        QVERIFY2(message.contains(QStringLiteral("at most 16777216 (4096 × 4096) are shown")), qPrintable(message));
        QVERIFY(errorOf([] { tensorViewFromString(QStringLiteral("graph")); }).contains(QStringLiteral("allowed: mask, heat, tokens")));
    }
};

QTEST_GUILESS_MAIN(TestTensorFileFrame)
#include "tst_tensorfileframe.moc"
