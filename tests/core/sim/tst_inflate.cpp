// inflateBounded: what qCompress wrote comes back; a damaged length header is refused before
// anything is reserved.
#include <QtTest>

#include "core/sim/inflate.h"

using namespace accelscope;

class TestInflate : public QObject {
    Q_OBJECT

    static QByteArray withLength(QByteArray compressed, quint32 length) {
        qToBigEndian(length, compressed.data());
        return compressed;
    }

private Q_SLOTS:
    void roundTrips() {
        QByteArray data;
        for (int i = 0; i < 100000; ++i)
            data.append(static_cast<char>((i * 7919) % 251));
        QCOMPARE(inflateBounded(qCompress(data)), data);
        QCOMPARE(inflateBounded(qCompress(data), data.size()), data);
        QCOMPARE(inflateBounded(qCompress(QByteArray())), QByteArray());
    }

    void highlyCompressibleDataStillInflates() {
        const QByteArray zeros(4 << 20, '\0');  // deflates about 1000:1, near the format's limit
        QCOMPARE(inflateBounded(qCompress(zeros, 9)), zeros);
    }

    void refusesAWrongOrImpossibleLength() {
        const QByteArray data(1000, 'x');
        const QByteArray compressed = qCompress(data);
        QVERIFY(inflateBounded(compressed, 999).isNull());
        QVERIFY(inflateBounded(withLength(compressed, 0xffffffffu)).isNull());  // would reserve 4 GiB
        QVERIFY(inflateBounded(withLength(compressed, 1001)).isNull());        // does not inflate to that
        QVERIFY(inflateBounded(compressed.left(3)).isNull());
        QVERIFY(inflateBounded(compressed.left(compressed.size() - 4)).isNull());  // stream cut short
    }
};

QTEST_GUILESS_MAIN(TestInflate)
#include "tst_inflate.moc"
