// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
// {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the data buffer; offsets are relative to the buffer's start.

#include <algorithm>
#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringList>
#include <QtEndian>

#include "core/io/tensorfile.h"
#include "core/io/tensorfiledecode.h"

namespace accelscope::io {

namespace {

using detail::fail;

const QString kDtypesAllowed =
    QStringLiteral("allowed dtypes: F16, BF16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64, BOOL");

struct Entry {
    TensorInfo info;
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

struct Parsed {
    std::vector<Entry> entries;  // in data order
    QByteArrayView buffer;
};

std::int64_t integerOf(const QJsonValue &value, std::int64_t maximum, const QString &source, const QString &what,
                       const QString &allowed) {
    const double d = value.toDouble(-1);
    if (!value.isDouble() || d < 0 || std::floor(d) != d || d > static_cast<double>(maximum))
        fail(source, QStringLiteral("%1 is %2").arg(what, value.isDouble() ? QString::number(d, 'g', 12)
                                                                           : QStringLiteral("not a number")),
             allowed);
    return static_cast<std::int64_t>(d);
}

Entry entryOf(const QString &name, const QJsonValue &value, std::int64_t bufferBytes, const QString &source) {
    const QString where = QStringLiteral("tensor '%1'").arg(name);
    const QString layout = QStringLiteral("each tensor is {\"dtype\": ..., \"shape\": [...], \"data_offsets\": [begin, end]}");
    if (!value.isObject())
        fail(source, where + QStringLiteral(" is not a JSON object"), layout);
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("dtype") && it.key() != QLatin1String("shape") &&
            it.key() != QLatin1String("data_offsets"))
            fail(source, QStringLiteral("%1 has an unknown field '%2'").arg(where, it.key()), layout);
    }
    Entry entry;
    entry.info.name = name;
    const QString dtype = object.value(QStringLiteral("dtype")).toString();
    static const TensorDType kTypes[] = {TensorDType::F16, TensorDType::BF16, TensorDType::F32, TensorDType::F64,
                                         TensorDType::I8,  TensorDType::I16,  TensorDType::I32, TensorDType::I64,
                                         TensorDType::U8,  TensorDType::U16,  TensorDType::U32, TensorDType::U64,
                                         TensorDType::Bool};
    const auto *type = std::find_if(std::begin(kTypes), std::end(kTypes),
                                    [&](TensorDType t) { return toString(t) == dtype; });
    if (type == std::end(kTypes))
        fail(source,
             QStringLiteral("%1 has %2").arg(where, dtype.isEmpty() ? QStringLiteral("no dtype string")
                                                                    : QStringLiteral("unsupported dtype '%1'").arg(dtype)),
             kDtypesAllowed);
    entry.info.dtype = *type;

    const QJsonValue shape = object.value(QStringLiteral("shape"));
    if (!shape.isArray())
        fail(source, where + QStringLiteral(" has no shape array"), layout);
    if (shape.toArray().size() > kMaxTensorRank)
        fail(source, QStringLiteral("%1 has %2 dimensions").arg(where).arg(shape.toArray().size()),
             QStringLiteral("at most %1 are allowed").arg(kMaxTensorRank));
    for (const QJsonValue &d : shape.toArray())
        entry.info.shape.push_back(integerOf(d, kMaxTensorElements, source, where + QStringLiteral(": a dimension"),
                                             QStringLiteral("dimensions are integers from 0 to %1").arg(kMaxTensorElements)));
    const std::int64_t elements = detail::checkedElements(entry.info.shape, source);

    const QJsonArray offsets = object.value(QStringLiteral("data_offsets")).toArray();
    if (offsets.size() != 2)
        fail(source, where + QStringLiteral(" has no data_offsets pair"), layout);
    const QString inBuffer = QStringLiteral("offsets are integers within the %1-byte data buffer").arg(bufferBytes);
    entry.begin = integerOf(offsets[0], bufferBytes, source, where + QStringLiteral(": data_offsets begin"), inBuffer);
    entry.end = integerOf(offsets[1], bufferBytes, source, where + QStringLiteral(": data_offsets end"), inBuffer);
    if (entry.end < entry.begin)
        fail(source, QStringLiteral("%1 ends (%2) before it begins (%3)").arg(where).arg(entry.end).arg(entry.begin),
             QStringLiteral("data_offsets are [begin, end] with begin <= end"));
    const std::int64_t needed = elements * sizeOf(entry.info.dtype);
    if (entry.end - entry.begin != needed)
        fail(source,
             QStringLiteral("%1: shape %2 of %3 needs %4 bytes, its data_offsets span %5")
                 .arg(where, entry.info.shapeText(), dtype)
                 .arg(needed)
                 .arg(entry.end - entry.begin),
             QStringLiteral("the span end - begin equals the shape's elements times the dtype's size"));
    return entry;
}

Parsed parse(QByteArrayView bytes, const QString &source) {
    const QString layout = QStringLiteral("a .safetensors file starts with an 8-byte header length and a JSON header");
    if (bytes.size() < 8)
        fail(source, QStringLiteral("too short to be a .safetensors file (%1 bytes)").arg(bytes.size()), layout);
    const quint64 headerLength = qFromLittleEndian<quint64>(bytes.data());
    if (headerLength > static_cast<quint64>(kMaxSafetensorsHeaderBytes))
        fail(source, QStringLiteral("the header length is %1 bytes").arg(headerLength),
             QStringLiteral("at most %1 bytes are allowed").arg(kMaxSafetensorsHeaderBytes));
    if (static_cast<std::int64_t>(headerLength) > bytes.size() - 8)
        fail(source, QStringLiteral("truncated: the header needs %1 bytes but the file has %2 after the length")
                         .arg(headerLength).arg(bytes.size() - 8),
             layout);
    const QByteArray header = bytes.sliced(8, static_cast<qsizetype>(headerLength)).toByteArray();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(header, &error);
    if (error.error != QJsonParseError::NoError)
        fail(source, QStringLiteral("the header is not JSON (%1 at byte %2 of the header)").arg(error.errorString()).arg(error.offset),
             QStringLiteral("the header is one JSON object"));
    if (!document.isObject())
        fail(source, QStringLiteral("the header is JSON but not an object"), QStringLiteral("the header is one JSON object"));

    Parsed parsed;
    parsed.buffer = bytes.sliced(8 + static_cast<qsizetype>(headerLength));
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__"))
            continue;
        parsed.entries.push_back(entryOf(it.key(), it.value(), parsed.buffer.size(), source));
    }
    std::sort(parsed.entries.begin(), parsed.entries.end(), [](const Entry &a, const Entry &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    for (std::size_t i = 1; i < parsed.entries.size(); ++i) {
        const Entry &previous = parsed.entries[i - 1];
        const Entry &entry = parsed.entries[i];
        if (entry.begin < previous.end)
            fail(source,
                 QStringLiteral("tensors '%1' [%2, %3) and '%4' [%5, %6) overlap")
                     .arg(previous.info.name).arg(previous.begin).arg(previous.end)
                     .arg(entry.info.name).arg(entry.begin).arg(entry.end),
                 QStringLiteral("every tensor has its own bytes of the data buffer"));
    }
    return parsed;
}

QString namesOf(const std::vector<Entry> &entries) {
    QStringList names;
    for (const Entry &e : entries) {
        if (names.size() == 20) {
            names << QStringLiteral("and %1 more").arg(entries.size() - 20);
            break;
        }
        names << e.info.name;
    }
    return names.join(QStringLiteral(", "));
}

}  // namespace

std::vector<TensorInfo> listSafetensors(QByteArrayView bytes, const QString &source) {
    std::vector<TensorInfo> infos;
    for (Entry &e : parse(bytes, source).entries)
        infos.push_back(std::move(e.info));
    return infos;
}

Tensor readSafetensors(QByteArrayView bytes, const QString &source, const QString &name) {
    const Parsed parsed = parse(bytes, source);
    if (parsed.entries.empty())
        fail(source, QStringLiteral("the file holds no tensors"), QStringLiteral("a file with at least one tensor"));
    const Entry *chosen = nullptr;
    if (name.isEmpty()) {
        if (parsed.entries.size() > 1)
            fail(source, QStringLiteral("the file holds %1 tensors and none was named").arg(parsed.entries.size()),
                 QStringLiteral("name one of: ") + namesOf(parsed.entries));
        chosen = &parsed.entries.front();
    } else {
        const auto it = std::find_if(parsed.entries.begin(), parsed.entries.end(),
                                     [&](const Entry &e) { return e.info.name == name; });
        if (it == parsed.entries.end())
            fail(source, QStringLiteral("no tensor named '%1'").arg(name),
                 QStringLiteral("the file holds: ") + namesOf(parsed.entries));
        chosen = &*it;
    }
    Tensor tensor;
    tensor.info = chosen->info;
    tensor.values = detail::decodeElements(parsed.buffer.sliced(chosen->begin, chosen->end - chosen->begin),
                                           chosen->info.dtype, false, chosen->info.elements());
    return tensor;
}

}  // namespace accelscope::io
