#pragma once
// Test helper: .npy and .safetensors files built byte by byte as the formats specify, so the
// readers' tests control every header field (version, byte order, order, offsets) and can write
// malformed variants of a valid file.

#include <cstdint>
#include <cstring>
#include <vector>

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtEndian>

namespace accelscope::test {

// The raw bytes of `values` as `T`, in little- or big-endian order.
template <class T>
QByteArray rawBytes(const std::vector<T> &values, bool bigEndian = false) {
    QByteArray out(static_cast<qsizetype>(values.size() * sizeof(T)), '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
        T v = values[i];
        if constexpr (sizeof(T) > 1) {
            if (bigEndian)
                qToBigEndian(v, out.data() + i * sizeof(T));
            else
                qToLittleEndian(v, out.data() + i * sizeof(T));
        } else {
            std::memcpy(out.data() + i, &v, 1);
        }
    }
    return out;
}

// A .npy file: `header` is the dict literal's content, e.g.
// "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".
inline QByteArray npyBytes(const QByteArray &header, const QByteArray &data, int major = 1) {
    QByteArray out("\x93NUMPY", 6);
    out.append(static_cast<char>(major));
    out.append('\0');
    const qsizetype lengthBytes = major == 1 ? 2 : 4;
    // Pad with spaces and a newline so the data starts on a 64-byte boundary, as NumPy does.
    QByteArray text = header;
    while ((6 + 2 + lengthBytes + text.size() + 1) % 64 != 0)
        text.append(' ');
    text.append('\n');
    QByteArray length(lengthBytes, '\0');
    if (major == 1)
        qToLittleEndian(static_cast<quint16>(text.size()), length.data());
    else
        qToLittleEndian(static_cast<quint32>(text.size()), length.data());
    return out + length + text + data;
}

inline QByteArray npyHeader(const char *descr, const QString &shape, bool fortran = false) {
    return QStringLiteral("{'descr': '%1', 'fortran_order': %2, 'shape': %3, }")
        .arg(QLatin1String(descr), fortran ? QStringLiteral("True") : QStringLiteral("False"), shape)
        .toLatin1();
}

// A .safetensors file with a given header text (for malformed headers).
inline QByteArray safetensorsBytes(const QByteArray &headerJson, const QByteArray &buffer) {
    QByteArray length(8, '\0');
    qToLittleEndian(static_cast<quint64>(headerJson.size()), length.data());
    return length + headerJson + buffer;
}

struct SafetensorsEntry {
    QString name;
    QString dtype;
    std::vector<std::int64_t> shape;
    QByteArray data;
};

// A .safetensors file with the entries' data laid out in order.
inline QByteArray safetensorsBytes(const std::vector<SafetensorsEntry> &entries) {
    QJsonObject header{{QStringLiteral("__metadata__"), QJsonObject{{QStringLiteral("format"), QStringLiteral("pt")}}}};
    QByteArray buffer;
    for (const SafetensorsEntry &e : entries) {
        QJsonArray shape;
        for (const std::int64_t d : e.shape)
            shape.append(static_cast<qint64>(d));
        header.insert(e.name, QJsonObject{{QStringLiteral("dtype"), e.dtype},
                                          {QStringLiteral("shape"), shape},
                                          {QStringLiteral("data_offsets"),
                                           QJsonArray{static_cast<qint64>(buffer.size()),
                                                      static_cast<qint64>(buffer.size() + e.data.size())}}});
        buffer += e.data;
    }
    return safetensorsBytes(QJsonDocument(header).toJson(QJsonDocument::Compact), buffer);
}

inline bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A little-endian F32 .npy file of `values` (row-major) with `shape`.
inline QByteArray npyF32(const std::vector<float> &values, const std::vector<std::int64_t> &shape) {
    QStringList dims;
    for (const std::int64_t d : shape)
        dims << QString::number(d);
    const QString tuple = QStringLiteral("(%1%2)").arg(dims.join(QStringLiteral(", ")), shape.size() == 1 ? QStringLiteral(",") : QString());
    return npyBytes(npyHeader("<f4", tuple), rawBytes(values));
}

// Writes `bytes` to `name` in `dir`; returns the path.
inline QString writeFileIn(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes) {
    const QString path = dir.filePath(name);
    writeFile(path, bytes);
    return path;
}

}  // namespace accelscope::test
