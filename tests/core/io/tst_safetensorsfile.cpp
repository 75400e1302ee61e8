// .safetensors reading: several tensors per file picked by name, every dtype, and every
// malformed header (length, JSON, dtype, shape, offsets out of range or overlapping), each refused
// with a message naming the file, the problem and what is allowed; plus a seeded mutation loop.
#include <QtTest>

#include <random>

#include "core/api/errors.h"
#include "core/io/tensorfile.h"
#include "tests/support/errorof.h"
#include "tests/support/mutations.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using namespace accelscope::io;
using test::errorOf;
using test::rawBytes;
using test::SafetensorsEntry;
using test::safetensorsBytes;

namespace {
// Three tensors: F32 [2, 3], I64 [4], BF16 [2].
QByteArray threeTensors() {
    // BF16 is the top half of an F32: 1.5 = 0x3FC0'0000, -2 = 0xC000'0000.
    return safetensorsBytes({
        {QStringLiteral("h.0.attn"), QStringLiteral("F32"), {2, 3}, rawBytes(std::vector<float>{1, 2, 3, 4, 5, 6})},
        {QStringLiteral("ids"), QStringLiteral("I64"), {4}, rawBytes(std::vector<qint64>{-1, 0, 50256, 7})},
        {QStringLiteral("scale"), QStringLiteral("BF16"), {2}, rawBytes(std::vector<quint16>{0x3FC0, 0xC000})},
    });
}
QByteArray withHeader(const char *json, const QByteArray &buffer = QByteArray(24, '\0')) {
    return safetensorsBytes(QByteArray(json), buffer);
}
}  // namespace

class TestSafetensorsFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsAndPicksTensorsByName() {
        const QByteArray file = threeTensors();
        const std::vector<TensorInfo> infos = listSafetensors(file, QStringLiteral("acts.safetensors"));
        QCOMPARE(infos.size(), std::size_t{3});
        QCOMPARE(infos[0].name, QStringLiteral("h.0.attn"));  // in data order
        QCOMPARE(infos[1].shape, std::vector<std::int64_t>{4});
        const Tensor attn = readSafetensors(file, QStringLiteral("acts.safetensors"), QStringLiteral("h.0.attn"));
        QCOMPARE(attn.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(readSafetensors(file, {}, QStringLiteral("ids")).values, (std::vector<double>{-1, 0, 50256, 7}));
        QCOMPARE(readSafetensors(file, {}, QStringLiteral("scale")).values, (std::vector<double>{1.5, -2}));
    }

    void readsEveryDtype_data() {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("F16") << QStringLiteral("F16") << rawBytes(std::vector<quint16>{0x3C00, 0xC000, 0x0000});  // 1, -2, 0
        QTest::newRow("BF16") << QStringLiteral("BF16") << rawBytes(std::vector<quint16>{0x3F80, 0xC000, 0x0000});
        QTest::newRow("F32") << QStringLiteral("F32") << rawBytes(std::vector<float>{1, -2, 0});
        QTest::newRow("F64") << QStringLiteral("F64") << rawBytes(std::vector<double>{1, -2, 0});
        QTest::newRow("I8") << QStringLiteral("I8") << rawBytes(std::vector<qint8>{1, -2, 0});
        QTest::newRow("I16") << QStringLiteral("I16") << rawBytes(std::vector<qint16>{1, -2, 0});
        QTest::newRow("I32") << QStringLiteral("I32") << rawBytes(std::vector<qint32>{1, -2, 0});
        QTest::newRow("I64") << QStringLiteral("I64") << rawBytes(std::vector<qint64>{1, -2, 0});
    }
    void readsEveryDtype() {
        QFETCH(QString, dtype);
        QFETCH(QByteArray, data);
        const Tensor t = readSafetensors(safetensorsBytes({{QStringLiteral("t"), dtype, {3}, data}}), {}, {});
        QCOMPARE(toString(t.info.dtype), dtype);
        QCOMPARE(t.values, (std::vector<double>{1, -2, 0}));
    }

    void readsUnsignedAndBool() {
        const Tensor u = readSafetensors(safetensorsBytes({{QStringLiteral("u"), QStringLiteral("U8"), {3}, QByteArray("\x00\x01\xff", 3)}}), {}, {});
        QCOMPARE(u.values, (std::vector<double>{0, 1, 255}));
        const Tensor b = readSafetensors(safetensorsBytes({{QStringLiteral("b"), QStringLiteral("BOOL"), {2, 2}, QByteArray("\x01\x00\x00\x01", 4)}}), {}, {});
        QCOMPARE(b.values, (std::vector<double>{1, 0, 0, 1}));
        QCOMPARE(b.info.shapeText(), QStringLiteral("[2, 2]"));
    }

    void namesAreRequiredWhenThereAreSeveral() {
        const QString many = errorOf([] { readSafetensors(threeTensors(), QStringLiteral("a.safetensors"), {}); });
        QVERIFY2(many.contains(QStringLiteral("holds 3 tensors and none was named; name one of: h.0.attn, ids, scale")), qPrintable(many));
        const QString unknown = errorOf([] { readSafetensors(threeTensors(), QStringLiteral("a.safetensors"), QStringLiteral("h.1")); });
        QVERIFY2(unknown.contains(QStringLiteral("no tensor named 'h.1'; the file holds: h.0.attn, ids, scale")), qPrintable(unknown));
        const QString none = errorOf([] { readSafetensors(withHeader("{}", {}), QStringLiteral("a.safetensors"), {}); });
        QVERIFY2(none.contains(QStringLiteral("holds no tensors")), qPrintable(none));
    }

    void malformedFilesAreRefusedByName_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("allowed");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("too short to be a .safetensors file (0 bytes)")
                               << QStringLiteral("8-byte header length");
        QByteArray absurd = threeTensors();
        qToLittleEndian(quint64(0xFFFFFFFFFFFFFFFFull), absurd.data());
        QTest::newRow("absurd header length") << absurd << QStringLiteral("header length is 18446744073709551615 bytes")
                                              << QStringLiteral("at most 16777216");
        QTest::newRow("header past the end") << threeTensors().left(40) << QStringLiteral("truncated: the header needs")
                                             << QStringLiteral("JSON header");
        QTest::newRow("not JSON") << withHeader("{\"t\": {\"dtype\": \"F32\",") << QStringLiteral("the header is not JSON")
                                  << QStringLiteral("one JSON object");
        QTest::newRow("JSON array") << withHeader("[1, 2]") << QStringLiteral("JSON but not an object") << QStringLiteral("one JSON object");
        QTest::newRow("unknown dtype") << withHeader(R"({"t": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}})")
                                       << QStringLiteral("tensor 't' has unsupported dtype 'F8_E4M3'") << QStringLiteral("F16, BF16, F32");
        QTest::newRow("entry not an object") << withHeader(R"({"t": 3})") << QStringLiteral("tensor 't' is not a JSON object")
                                             << QStringLiteral("data_offsets");
        QTest::newRow("unknown field") << withHeader(R"({"t": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "x": 1}})")
                                       << QStringLiteral("unknown field 'x'") << QStringLiteral("data_offsets");
        QTest::newRow("no shape") << withHeader(R"({"t": {"dtype": "F32", "data_offsets": [0, 4]}})")
                                  << QStringLiteral("has no shape array") << QStringLiteral("\"shape\"");
        QTest::newRow("negative dimension") << withHeader(R"({"t": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})")
                                            << QStringLiteral("a dimension is -1") << QStringLiteral("integers from 0 to");
        QTest::newRow("fractional dimension") << withHeader(R"({"t": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}})")
                                              << QStringLiteral("a dimension is 1.5") << QStringLiteral("integers from 0 to");
        QTest::newRow("product overflows") << withHeader(R"({"t": {"dtype": "F32", "shape": [65536, 65536, 65536, 65536], "data_offsets": [0, 4]}})")
                                           << QStringLiteral("more than 67108864 elements") << QStringLiteral("at most 67108864");
        QTest::newRow("shape exceeds data") << withHeader(R"({"t": {"dtype": "F32", "shape": [100], "data_offsets": [0, 24]}})")
                                            << QStringLiteral("shape [100] of F32 needs 400 bytes, its data_offsets span 24")
                                            << QStringLiteral("elements times the dtype's size");
        QTest::newRow("offset past the buffer") << withHeader(R"({"t": {"dtype": "F32", "shape": [10], "data_offsets": [0, 40]}})")
                                                << QStringLiteral("data_offsets end is 40") << QStringLiteral("within the 24-byte data buffer");
        QTest::newRow("huge offset") << withHeader(R"({"t": {"dtype": "F32", "shape": [1], "data_offsets": [1e300, 4]}})")
                                     << QStringLiteral("data_offsets begin is 1e+300") << QStringLiteral("within the 24-byte data buffer");
        QTest::newRow("end before begin") << withHeader(R"({"t": {"dtype": "F32", "shape": [0], "data_offsets": [8, 4]}})")
                                          << QStringLiteral("ends (4) before it begins (8)") << QStringLiteral("begin <= end");
        QTest::newRow("no offsets") << withHeader(R"({"t": {"dtype": "F32", "shape": [1], "data_offsets": [0]}})")
                                    << QStringLiteral("has no data_offsets pair") << QStringLiteral("data_offsets");
        QTest::newRow("overlapping") << withHeader(R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                                                      "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}})")
                                     << QStringLiteral("tensors 'a' [0, 16) and 'b' [8, 16) overlap") << QStringLiteral("its own bytes");
    }
    void malformedFilesAreRefusedByName() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(QString, allowed);
        const QString message = errorOf([&] { listSafetensors(bytes, QStringLiteral("acts.safetensors")); });
        QVERIFY2(message.startsWith(QStringLiteral("'acts.safetensors': ")), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
        QVERIFY2(message.contains(allowed), qPrintable(message));
    }

    void filesAreRecognisedByContent() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("weights.bin"));  // no telling extension
        QVERIFY(test::writeFile(path, threeTensors()));
        QCOMPARE(listTensorFile(path).size(), std::size_t{3});
        QCOMPARE(readTensorFile(path, QStringLiteral("ids")).values.size(), std::size_t{4});
        const QString junk = dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(test::writeFile(junk, "hello, world"));
        const QString message = errorOf([&] { readTensorFile(junk); });
        QVERIFY2(message.contains(QStringLiteral("neither a .npy file")) && message.contains(QStringLiteral("numpy.save")), qPrintable(message));
    }

    // Thousands of damaged copies of a valid file: each is read or refused with an InputError.
    void mutationsAreReadOrRefusedNeverCrash() {
        const QByteArray valid = threeTensors();
        std::mt19937_64 random(1129);
        int refused = 0;
        int listed = 0;
        for (int i = 0; i < 3000; ++i) {
            const QByteArray bytes = test::mutate(valid, random);
            try {
                for (const TensorInfo &info : listSafetensors(bytes, QStringLiteral("m.safetensors"))) {
                    const Tensor t = readSafetensors(bytes, QStringLiteral("m.safetensors"), info.name);
                    QCOMPARE(static_cast<std::int64_t>(t.values.size()), info.elements());
                }
                ++listed;
            } catch (const InputError &e) {
                QVERIFY(QString::fromUtf8(e.what()).startsWith(QStringLiteral("'m.safetensors': ")));
                ++refused;
            }
        }
        QVERIFY(refused > 100);
        QVERIFY(listed > 100);
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsFile)
#include "tst_safetensorsfile.moc"
