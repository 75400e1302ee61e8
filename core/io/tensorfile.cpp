#include "core/io/tensorfile.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QtEndian>
#include <QtNumeric>

#include "core/api/errors.h"
#include "core/io/tensorfiledecode.h"

namespace accelscope::io {

QString toString(TensorDType type) {
    switch (type) {
    case TensorDType::F16: return QStringLiteral("F16");
    case TensorDType::BF16: return QStringLiteral("BF16");
    case TensorDType::F32: return QStringLiteral("F32");
    case TensorDType::F64: return QStringLiteral("F64");
    case TensorDType::I8: return QStringLiteral("I8");
    case TensorDType::I16: return QStringLiteral("I16");
    case TensorDType::I32: return QStringLiteral("I32");
    case TensorDType::I64: return QStringLiteral("I64");
    case TensorDType::U8: return QStringLiteral("U8");
    case TensorDType::U16: return QStringLiteral("U16");
    case TensorDType::U32: return QStringLiteral("U32");
    case TensorDType::U64: return QStringLiteral("U64");
    case TensorDType::Bool: return QStringLiteral("BOOL");
    }
    return {};
}

int sizeOf(TensorDType type) {
    switch (type) {
    case TensorDType::I8:
    case TensorDType::U8:
    case TensorDType::Bool: return 1;
    case TensorDType::F16:
    case TensorDType::BF16:
    case TensorDType::I16:
    case TensorDType::U16: return 2;
    case TensorDType::F32:
    case TensorDType::I32:
    case TensorDType::U32: return 4;
    case TensorDType::F64:
    case TensorDType::I64:
    case TensorDType::U64: return 8;
    }
    return 1;
}

std::int64_t TensorInfo::elements() const {
    std::int64_t n = 1;
    for (const std::int64_t d : shape)
        n *= d;
    return n;
}

QString TensorInfo::shapeText() const {
    QStringList dims;
    for (const std::int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

namespace detail {

void fail(const QString &source, const QString &problem, const QString &allowed) {
    throw InputError(QStringLiteral("'%1': %2; %3").arg(source, problem, allowed));
}

std::int64_t checkedElements(const std::vector<std::int64_t> &shape, const QString &source) {
    if (static_cast<std::int64_t>(shape.size()) > kMaxTensorRank)
        fail(source, QStringLiteral("the shape has %1 dimensions").arg(shape.size()),
             QStringLiteral("at most %1 are allowed").arg(kMaxTensorRank));
    std::int64_t n = 1;
    for (const std::int64_t d : shape) {
        if (d < 0)
            fail(source, QStringLiteral("the shape has a negative dimension (%1)").arg(d),
                 QStringLiteral("dimensions must be 0 or more"));
        if (d != 0 && n > kMaxTensorElements / d)
            fail(source, QStringLiteral("the shape holds more than %1 elements").arg(kMaxTensorElements),
                 QStringLiteral("a tensor may hold at most %1 elements").arg(kMaxTensorElements));
        n *= d;
    }
    return n;
}

namespace {
template <class T>
T load(const char *p, bool bigEndian) {
    return bigEndian ? qFromBigEndian<T>(p) : qFromLittleEndian<T>(p);
}

// IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
double halfToDouble(quint16 bits) {
    const int exponent = (bits >> 10) & 0x1f;
    const int fraction = bits & 0x3ff;
    const double sign = (bits & 0x8000) ? -1.0 : 1.0;
    if (exponent == 0)
        return sign * std::ldexp(fraction, -24);  // zero and subnormals
    if (exponent == 31)
        return fraction ? std::numeric_limits<double>::quiet_NaN() : sign * std::numeric_limits<double>::infinity();
    return sign * std::ldexp(1024 + fraction, exponent - 25);
}
}  // namespace

std::vector<double> decodeElements(QByteArrayView data, TensorDType type, bool bigEndian, std::int64_t elements) {
    const int size = sizeOf(type);
    Q_ASSERT(data.size() == elements * size);
    std::vector<double> values(static_cast<std::size_t>(elements));
    const char *p = data.data();
    for (std::int64_t i = 0; i < elements; ++i, p += size) {
        double v = 0;
        switch (type) {
        case TensorDType::F16: {
            v = halfToDouble(load<quint16>(p, bigEndian));
            break;
        }
        case TensorDType::BF16: {
            const quint32 bits = quint32{load<quint16>(p, bigEndian)} << 16;
            float f = 0;
            std::memcpy(&f, &bits, sizeof f);
            v = f;
            break;
        }
        case TensorDType::F32: {
            const quint32 bits = load<quint32>(p, bigEndian);
            float f = 0;
            std::memcpy(&f, &bits, sizeof f);
            v = f;
            break;
        }
        case TensorDType::F64: {
            const quint64 bits = load<quint64>(p, bigEndian);
            std::memcpy(&v, &bits, sizeof v);
            break;
        }
        case TensorDType::I8: v = static_cast<qint8>(*p); break;
        case TensorDType::U8: v = static_cast<quint8>(*p); break;
        case TensorDType::Bool: v = *p != 0 ? 1.0 : 0.0; break;
        case TensorDType::I16: v = load<qint16>(p, bigEndian); break;
        case TensorDType::U16: v = load<quint16>(p, bigEndian); break;
        case TensorDType::I32: v = load<qint32>(p, bigEndian); break;
        case TensorDType::U32: v = load<quint32>(p, bigEndian); break;
        case TensorDType::I64: v = static_cast<double>(load<qint64>(p, bigEndian)); break;
        case TensorDType::U64: v = static_cast<double>(load<quint64>(p, bigEndian)); break;
        }
        values[static_cast<std::size_t>(i)] = v;
    }
    return values;
}

std::vector<double> fortranToRowMajor(const std::vector<double> &values, const std::vector<std::int64_t> &shape) {
    if (shape.size() < 2 || values.empty())
        return values;
    const std::size_t rank = shape.size();
    // Fortran strides: the first index varies fastest.
    std::vector<std::int64_t> stride(rank, 1);
    for (std::size_t k = 1; k < rank; ++k)
        stride[k] = stride[k - 1] * shape[k - 1];
    std::vector<double> out(values.size());
    std::vector<std::int64_t> index(rank, 0);
    std::int64_t source = 0;  // Fortran offset of `index`
    for (double &value : out) {
        value = values[static_cast<std::size_t>(source)];
        // Odometer over row-major order: the last index varies fastest.
        for (std::size_t k = rank; k-- > 0;) {
            if (++index[k] < shape[k]) {
                source += stride[k];
                break;
            }
            source -= (shape[k] - 1) * stride[k];
            index[k] = 0;
        }
    }
    return out;
}

}  // namespace detail

namespace {
const QByteArray kNpyMagic("\x93NUMPY", 6);

// A whole file's bytes without copying them: mapped where the platform allows, read otherwise.
class FileBytes {
public:
    explicit FileBytes(const QString &path) : file_(path) {
        const QFileInfo info(path);
        if (!info.exists())
            throw InputError(QStringLiteral("'%1': no such file; give the path of a .npy or .safetensors file").arg(path));
        if (!info.isFile())
            throw InputError(QStringLiteral("'%1': not a regular file; give the path of a .npy or .safetensors file").arg(path));
        if (info.size() > kMaxTensorFileBytes)
            detail::fail(path, QStringLiteral("the file is %1 bytes").arg(info.size()),
                         QStringLiteral("tensor files of at most %1 bytes (1 GiB) are read; save a slice of the tensor").arg(kMaxTensorFileBytes));
        if (!file_.open(QIODevice::ReadOnly))
            throw InputError(QStringLiteral("'%1': cannot be read (%2); check its permissions").arg(path, file_.errorString()));
        const qint64 size = file_.size();
        if (size == 0)
            return;
        if (uchar *mapped = file_.map(0, size)) {
            bytes_ = QByteArrayView(reinterpret_cast<const char *>(mapped), size);
        } else {
            copy_ = file_.readAll();
            if (copy_.size() != size)
                throw InputError(QStringLiteral("'%1': reading stopped after %2 of %3 bytes").arg(path).arg(copy_.size()).arg(size));
            bytes_ = copy_;
        }
    }
    QByteArrayView bytes() const { return bytes_; }

private:
    QFile file_;
    QByteArray copy_;
    QByteArrayView bytes_;
};
}  // namespace

TensorFormat tensorFormatOf(QByteArrayView head, const QString &fileName) {
    if (head.startsWith(kNpyMagic))
        return TensorFormat::Npy;
    if (fileName.endsWith(QStringLiteral(".npy"), Qt::CaseInsensitive))
        return TensorFormat::Npy;
    if (fileName.endsWith(QStringLiteral(".safetensors"), Qt::CaseInsensitive))
        return TensorFormat::Safetensors;
    // safetensors: 8-byte header length, then a JSON object.
    if (head.size() > 8 && head.at(8) == '{')
        return TensorFormat::Safetensors;
    detail::fail(fileName, QStringLiteral("neither a .npy file (it does not start with \\x93NUMPY) nor a .safetensors file"),
                 QStringLiteral("give a file written by numpy.save or safetensors' save_file"));
}

std::vector<TensorInfo> listTensorFile(const QString &path) {
    const FileBytes file(path);
    if (tensorFormatOf(file.bytes(), path) == TensorFormat::Safetensors)
        return listSafetensors(file.bytes(), path);
    return {readNpy(file.bytes(), path).info};
}

namespace {
Tensor readFrom(QByteArrayView bytes, const QString &path, const QString &name) {
    if (tensorFormatOf(bytes, path) == TensorFormat::Safetensors)
        return readSafetensors(bytes, path, name);
    if (!name.isEmpty())
        detail::fail(path, QStringLiteral("a .npy file holds one unnamed array, but tensor '%1' was asked for").arg(name),
                     QStringLiteral("name tensors only in .safetensors files"));
    return readNpy(bytes, path);
}
}  // namespace

Tensor readTensorFile(const QString &path, const QString &name) {
    const FileBytes file(path);
    return readFrom(file.bytes(), path, name);
}

LoadedTensor loadTensorFile(const QString &path, const QString &name) {
    const FileBytes file(path);
    LoadedTensor loaded;
    loaded.path = QFileInfo(path).absoluteFilePath();
    loaded.tensorName = name;
    loaded.tensor = std::make_shared<const Tensor>(readFrom(file.bytes(), path, name));
    loaded.sha256 = QString::fromLatin1(
        QCryptographicHash::hash(file.bytes(), QCryptographicHash::Sha256).toHex());
    return loaded;
}

}  // namespace accelscope::io
