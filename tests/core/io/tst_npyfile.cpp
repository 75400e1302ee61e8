// .npy reading: every header version, byte order, dtype and memory order NumPy writes, checked
// against the values written; files NumPy itself wrote (tests/fixtures/tensors); and every
// malformed header, each refused with a message naming the file, the problem and what is allowed.
#include <QtTest>

#include <qfloat16.h>

#include "core/api/errors.h"
#include "core/io/tensorfile.h"
#include "tests/support/errorof.h"
#include "tests/support/mutations.h"
#include "tests/support/tensorwriter.h"

using namespace accelscope;
using namespace accelscope::io;
using test::errorOf;
using test::npyBytes;
using test::npyHeader;
using test::rawBytes;

class TestNpyFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsEveryDtypeAndByteOrder_data() {
        QTest::addColumn<QByteArray>("descr");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("dtype");
        const std::vector<double> expected{-2, 0, 1, 3, 7, 100};
        const auto as = [&](auto zero) {
            std::vector<decltype(zero)> v;
            for (const double e : expected)
                v.push_back(static_cast<decltype(zero)>(e));
            return v;
        };
        QTest::newRow("<f4") << QByteArray("<f4") << rawBytes(as(float{})) << int(TensorDType::F32);
        QTest::newRow(">f4") << QByteArray(">f4") << rawBytes(as(float{}), true) << int(TensorDType::F32);
        QTest::newRow("<f8") << QByteArray("<f8") << rawBytes(as(double{})) << int(TensorDType::F64);
        QTest::newRow(">f8") << QByteArray(">f8") << rawBytes(as(double{}), true) << int(TensorDType::F64);
        QTest::newRow("|i1") << QByteArray("|i1") << rawBytes(as(qint8{})) << int(TensorDType::I8);
        QTest::newRow("<i2") << QByteArray("<i2") << rawBytes(as(qint16{})) << int(TensorDType::I16);
        QTest::newRow(">i2") << QByteArray(">i2") << rawBytes(as(qint16{}), true) << int(TensorDType::I16);
        QTest::newRow("<i4") << QByteArray("<i4") << rawBytes(as(qint32{})) << int(TensorDType::I32);
        QTest::newRow(">i8") << QByteArray(">i8") << rawBytes(as(qint64{}), true) << int(TensorDType::I64);
        std::vector<qfloat16> halves;
        for (const double e : expected)
            halves.push_back(qfloat16(static_cast<float>(e)));
        QByteArray halfBytes(reinterpret_cast<const char *>(halves.data()), 12);
        QTest::newRow("<f2") << QByteArray("<f2") << halfBytes << int(TensorDType::F16);
        QByteArray halfBig = halfBytes;
        for (int i = 0; i < halfBig.size(); i += 2)
            std::swap(halfBig[i], halfBig[i + 1]);
        QTest::newRow(">f2") << QByteArray(">f2") << halfBig << int(TensorDType::F16);
    }
    void readsEveryDtypeAndByteOrder() {
        QFETCH(QByteArray, descr);
        QFETCH(QByteArray, data);
        QFETCH(int, dtype);
        for (const int major : {1, 2, 3}) {
            const Tensor t = readNpy(npyBytes(npyHeader(descr.constData(), QStringLiteral("(2, 3)")), data, major),
                                     QStringLiteral("a.npy"));
            QCOMPARE(int(t.info.dtype), dtype);
            QCOMPARE(t.info.shape, (std::vector<std::int64_t>{2, 3}));
            QCOMPARE(t.values, (std::vector<double>{-2, 0, 1, 3, 7, 100}));
        }
    }

    void readsUnsignedAndBool() {
        const Tensor u = readNpy(npyBytes(npyHeader("<u2", QStringLiteral("(3,)")), rawBytes(std::vector<quint16>{0, 1, 65535})),
                                 QStringLiteral("u.npy"));
        QCOMPARE(u.values, (std::vector<double>{0, 1, 65535}));
        const Tensor u8 = readNpy(npyBytes(npyHeader(">u8", QStringLiteral("(1,)")), rawBytes(std::vector<quint64>{1ull << 40}, true)),
                                  QStringLiteral("u.npy"));
        QCOMPARE(u8.values.front(), double(1ull << 40));
        const Tensor b = readNpy(npyBytes(npyHeader("|b1", QStringLiteral("(4,)")), QByteArray("\x00\x01\x01\x00", 4)),
                                 QStringLiteral("b.npy"));
        QCOMPARE(int(b.info.dtype), int(TensorDType::Bool));
        QCOMPARE(b.values, (std::vector<double>{0, 1, 1, 0}));
    }

    void fortranOrderBecomesRowMajor() {
        // A 2 x 3 x 2 array a[i][j][k] = 100 i + 10 j + k, stored with i varying fastest.
        std::vector<float> fortran;
        for (int k = 0; k < 2; ++k)
            for (int j = 0; j < 3; ++j)
                for (int i = 0; i < 2; ++i)
                    fortran.push_back(static_cast<float>(100 * i + 10 * j + k));
        const Tensor t = readNpy(npyBytes(npyHeader("<f4", QStringLiteral("(2, 3, 2)"), true), rawBytes(fortran)),
                                 QStringLiteral("f.npy"));
        std::vector<double> rowMajor;
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                for (int k = 0; k < 2; ++k)
                    rowMajor.push_back(100 * i + 10 * j + k);
        QCOMPARE(t.values, rowMajor);
    }

    void scalarsAndEmptyArrays() {
        const Tensor scalar = readNpy(npyBytes(npyHeader("<f8", QStringLiteral("()")), rawBytes(std::vector<double>{2.5})),
                                      QStringLiteral("s.npy"));
        QVERIFY(scalar.info.shape.empty());
        QCOMPARE(scalar.values, std::vector<double>{2.5});
        const Tensor empty = readNpy(npyBytes(npyHeader("<f4", QStringLiteral("(0, 5)")), {}), QStringLiteral("e.npy"));
        QCOMPARE(empty.info.shape, (std::vector<std::int64_t>{0, 5}));
        QVERIFY(empty.values.empty());
    }

    // Files NumPy wrote (see tests/fixtures/tensors/README.md for the script).
    void readsFilesWrittenByNumpy_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<bool>("integral");
        for (const auto &[file, dtype, integral] :
             {std::tuple{"arange_f4.npy", TensorDType::F32, false}, std::tuple{"arange_f8_be.npy", TensorDType::F64, false},
              std::tuple{"arange_f2.npy", TensorDType::F16, false}, std::tuple{"arange_i8_fortran.npy", TensorDType::I64, true},
              std::tuple{"arange_u1_v2.npy", TensorDType::U8, true}})
            QTest::newRow(file) << QString::fromLatin1(file) << int(dtype) << integral;
    }
    void readsFilesWrittenByNumpy() {
        QFETCH(QString, file);
        QFETCH(int, dtype);
        // Each holds numpy.arange(24).reshape(2, 3, 4) / 4 (or without / 4 when integral).
        QFETCH(bool, integral);
        const Tensor t = readTensorFile(QStringLiteral(ACCELSCOPE_TENSOR_FIXTURES "/") + file);
        QCOMPARE(int(t.info.dtype), dtype);
        QCOMPARE(t.info.shape, (std::vector<std::int64_t>{2, 3, 4}));
        for (int i = 0; i < 24; ++i)
            QCOMPARE(t.values[static_cast<std::size_t>(i)], integral ? double(i) : i / 4.0);
    }

    void malformedHeadersAreRefusedByName_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("allowed");
        const QByteArray four = rawBytes(std::vector<float>{1, 2, 3, 4});
        const auto file = [&](const char *header, const QByteArray &data) { return npyBytes(QByteArray(header), data); };
        QTest::newRow("empty") << QByteArray() << QStringLiteral("too short") << QStringLiteral("\\x93NUMPY");
        QTest::newRow("no magic") << QByteArray("PK\x03\x04 not numpy") << QStringLiteral("no \\x93NUMPY magic")
                                  << QStringLiteral("version byte pair");
        QByteArray v9 = npyBytes(npyHeader("<f4", QStringLiteral("(4,)")), four);
        v9[6] = 9;
        QTest::newRow("version 9") << v9 << QStringLiteral("format version 9.0") << QStringLiteral("1.0, 2.0 and 3.0");
        QByteArray huge = npyBytes(npyHeader("<f4", QStringLiteral("(4,)")), four, 2);
        qToLittleEndian(quint32(0xFFFFFFF0u), huge.data() + 8);
        QTest::newRow("absurd header length") << huge << QStringLiteral("header length is 4294967280 bytes")
                                              << QStringLiteral("at most 65536");
        QTest::newRow("header past the end") << npyBytes(npyHeader("<f4", QStringLiteral("(4,)")), four).left(40)
                                             << QStringLiteral("truncated: the header needs") << QStringLiteral("header length");
        QTest::newRow("truncated data") << npyBytes(npyHeader("<f4", QStringLiteral("(4,)")), four.left(10))
                                        << QStringLiteral("truncated: shape [4] of F32 needs 16 data bytes, the file has 10")
                                        << QStringLiteral("exactly the shape's elements");
        QTest::newRow("trailing data") << npyBytes(npyHeader("<f4", QStringLiteral("(4,)")), four + "xx")
                                       << QStringLiteral("2 bytes follow the data") << QStringLiteral("numpy.save");
        QTest::newRow("shape exceeds data") << npyBytes(npyHeader("<f4", QStringLiteral("(4000, 4000)")), four)
                                            << QStringLiteral("needs 64000000 data bytes, the file has 16")
                                            << QStringLiteral("exactly the shape's elements");
        QTest::newRow("product overflows") << npyBytes(npyHeader("<f4", QStringLiteral("(4294967296, 4294967296, 4294967296)")), four)
                                           << QStringLiteral("more than 67108864 elements") << QStringLiteral("at most 67108864");
        QTest::newRow("dimension overflows") << npyBytes(npyHeader("<f4", QStringLiteral("(99999999999999999999999999,)")), four)
                                             << QStringLiteral("too large to be real") << QStringLiteral("at most 67108864 elements");
        QTest::newRow("too many elements") << npyBytes(npyHeader("<f4", QStringLiteral("(100000, 100000)")), four)
                                           << QStringLiteral("more than 67108864 elements") << QStringLiteral("at most 67108864");
        QTest::newRow("negative dimension") << npyBytes(npyHeader("<f4", QStringLiteral("(-4,)")), four)
                                            << QStringLiteral("not a non-negative integer") << QStringLiteral("tuple of non-negative");
        QTest::newRow("too many dimensions") << npyBytes(npyHeader("<f4", QStringLiteral("(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,4)")), four)
                                             << QStringLiteral("more than 16 dimensions") << QStringLiteral("at most 16");
        QTest::newRow("unknown dtype") << npyBytes(npyHeader("<c8", QStringLiteral("(2,)")), four)
                                       << QStringLiteral("unsupported .npy dtype '<c8'") << QStringLiteral("f2, f4, f8");
        QTest::newRow("object dtype") << npyBytes(npyHeader("|O", QStringLiteral("(2,)")), four)
                                      << QStringLiteral("unsupported .npy dtype '|O'") << QStringLiteral("b1");
        QTest::newRow("structured dtype") << file("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }", four)
                                          << QStringLiteral("a structured dtype") << QStringLiteral("f2, f4, f8");
        QTest::newRow("missing shape") << file("{'descr': '<f4', 'fortran_order': False, }", four)
                                       << QStringLiteral("a header without 'shape'") << QStringLiteral("exactly 'descr'");
        QTest::newRow("unknown key") << file("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'x': 1}", four)
                                     << QStringLiteral("an unknown header key 'x'") << QStringLiteral("exactly 'descr'");
        QTest::newRow("not a dict") << file("['descr', '<f4']", four) << QStringLiteral("'[' where '{' was expected")
                                    << QStringLiteral("dict literal");
        QTest::newRow("bad fortran_order") << file("{'descr': '<f4', 'fortran_order': 0, 'shape': (4,), }", four)
                                           << QStringLiteral("neither True nor False") << QStringLiteral("True or False");
        QTest::newRow("unterminated string") << file("{'descr': '<f4", four) << QStringLiteral("an unterminated string")
                                             << QStringLiteral("dict literal");
        QTest::newRow("text after the dict") << file("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), } x", four)
                                             << QStringLiteral("text after the header's closing brace")
                                             << QStringLiteral("one dict literal");
    }
    void malformedHeadersAreRefusedByName() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(QString, allowed);
        const QString message = errorOf([&] { readNpy(bytes, QStringLiteral("acts.npy")); });
        QVERIFY2(message.startsWith(QStringLiteral("'acts.npy': ")), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
        QVERIFY2(message.contains(allowed), qPrintable(message));
    }

    void filesAreCheckedBeforeReading() {
        QTemporaryDir dir;
        QVERIFY(errorOf([&] { readTensorFile(dir.filePath(QStringLiteral("missing.npy"))); }).contains(QStringLiteral("no such file")));
        QVERIFY(errorOf([&] { readTensorFile(dir.path()); }).contains(QStringLiteral("not a regular file")));
        const QString npy = dir.filePath(QStringLiteral("a.npy"));
        QVERIFY(test::writeFile(npy, npyBytes(npyHeader("<f4", QStringLiteral("(1,)")), rawBytes(std::vector<float>{1}))));
        QVERIFY(errorOf([&] { readTensorFile(npy, QStringLiteral("x")); }).contains(QStringLiteral("holds one unnamed array")));
        // Above the size limit: refused from the file size alone (a sparse file costs no disk).
        const QString big = dir.filePath(QStringLiteral("big.npy"));
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(kMaxTensorFileBytes + 1));
        file.close();
        const QString message = errorOf([&] { readTensorFile(big); });
        QVERIFY2(message.contains(QStringLiteral("the file is 1073741825 bytes")) && message.contains(QStringLiteral("at most 1073741824")),
                 qPrintable(message));
    }

    // Thousands of damaged copies of valid files: each is read or refused with an InputError.
    void mutationsAreReadOrRefusedNeverCrash() {
        const std::vector<QByteArray> valid{
            npyBytes(npyHeader("<f4", QStringLiteral("(3, 4)")), rawBytes(std::vector<float>(12, 1.5f))),
            npyBytes(npyHeader(">i2", QStringLiteral("(2, 2, 3)"), true), rawBytes(std::vector<qint16>(12, 7), true), 2),
            npyBytes(npyHeader("|b1", QStringLiteral("(5,)")), QByteArray(5, '\1'), 3),
        };
        std::mt19937_64 random(20261129);
        int refused = 0;
        int read = 0;
        for (int i = 0; i < 3000; ++i) {
            const QByteArray bytes = test::mutate(valid[static_cast<std::size_t>(i) % valid.size()], random);
            try {
                const Tensor t = readNpy(bytes, QStringLiteral("m.npy"));
                QCOMPARE(static_cast<std::int64_t>(t.values.size()), t.info.elements());
                ++read;
            } catch (const InputError &e) {
                QVERIFY(QString::fromUtf8(e.what()).startsWith(QStringLiteral("'m.npy': ")));
                ++refused;
            }
        }
        // Both outcomes occur: the mutations reach the header and the data.
        QVERIFY(refused > 100);
        QVERIFY(read > 20);  // mostly damaged data bytes; nearly every header change is refused
    }

    void loadingRecordsPathAndSha256() {
        QTemporaryDir dir;
        const QString npy = dir.filePath(QStringLiteral("a.npy"));
        const QByteArray bytes = npyBytes(npyHeader("<f4", QStringLiteral("(2,)")), rawBytes(std::vector<float>{1, 2}));
        QVERIFY(test::writeFile(npy, bytes));
        const LoadedTensor loaded = loadTensorFile(npy);
        QCOMPARE(loaded.path, QFileInfo(npy).absoluteFilePath());
        QCOMPARE(loaded.sha256, QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(loaded.tensor->values, (std::vector<double>{1, 2}));
    }
};

QTEST_GUILESS_MAIN(TestNpyFile)
#include "tst_npyfile.moc"
