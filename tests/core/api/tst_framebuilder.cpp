// matrixFrame: the dtype follows the element type and the bytes are the values, row-major.
#include <QtTest>

#include <cstring>

#include "core/api/framebuilder.h"

using namespace accelscope;

class TestFrameBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void holdsTheValuesWithTheirType() {
        const std::vector<float> heat = {0.5f, 1.5f, -2.0f, 4.0f, 0.0f, 8.0f};
        const Frame f = matrixFrame(3, 42, FrameKind::Heat, QStringLiteral("a/heat"), 2, 3, heat);
        QCOMPARE(f.step, std::int64_t{3});
        QCOMPARE(f.time, TimePs{42});
        QVERIFY(f.dtype == DType::F32);
        QVERIFY(f.shape == (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(f.data.size(), qsizetype(6 * sizeof(float)));
        float back[6];
        std::memcpy(back, f.data.constData(), sizeof back);
        QCOMPARE(back[5], 8.0f);
        QVERIFY(matrixFrame(0, 0, FrameKind::Mask, QStringLiteral("m"), 1, 2, std::vector<std::uint8_t>{1, 0})
                    .dtype == DType::U8);
        QVERIFY(matrixFrame(0, 0, FrameKind::Tokens, QStringLiteral("t"), 1, 1, std::vector<std::int32_t>{7})
                    .dtype == DType::I32);
    }
};

QTEST_GUILESS_MAIN(TestFrameBuilder)
#include "tst_framebuilder.moc"
