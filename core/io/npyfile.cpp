// The .npy format (NumPy's NEP 1): "\x93NUMPY", major and minor version, the header length
// (2 bytes in version 1, 4 in versions 2 and 3, little-endian), then a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with spaces, then the data.

#include <optional>

#include <QStringList>
#include <QtEndian>

#include "core/io/tensorfile.h"
#include "core/io/tensorfiledecode.h"

namespace accelscope::io {

namespace {

using detail::fail;

const QString kDescrAllowed = QStringLiteral(
    "allowed dtypes: f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1 with byte order <, > or |");

struct NpyHeader {
    TensorDType dtype = TensorDType::F32;
    bool bigEndian = false;
    bool fortranOrder = false;
    std::vector<std::int64_t> shape;
};

// A strict reader of the one dict literal NumPy writes; anything else is refused by name.
class DictLiteral {
public:
    DictLiteral(QByteArrayView text, const QString &source) : text_(text), source_(source) {}

    NpyHeader parse() {
        std::optional<QString> descr;
        std::optional<bool> fortran;
        std::optional<std::vector<std::int64_t>> shape;
        expect('{');
        for (;;) {
            skipSpace();
            if (peek() == '}') {
                ++pos_;
                break;
            }
            const QString key = string();
            expect(':');
            skipSpace();
            if (key == QLatin1String("descr")) {
                if (peek() == '[')
                    bad(QStringLiteral("a structured dtype (a list of fields)"), kDescrAllowed);
                descr = string();
            } else if (key == QLatin1String("fortran_order")) {
                fortran = boolean();
            } else if (key == QLatin1String("shape")) {
                shape = tuple();
            } else {
                bad(QStringLiteral("an unknown header key '%1'").arg(key),
                    QStringLiteral("the header holds exactly 'descr', 'fortran_order' and 'shape'"));
            }
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            break;
        }
        skipSpace();
        if (pos_ != text_.size())
            bad(QStringLiteral("text after the header's closing brace"), QStringLiteral("the header is one dict literal"));
        if (!descr || !fortran || !shape)
            bad(QStringLiteral("a header without '%1'")
                    .arg(!descr ? QStringLiteral("descr") : !fortran ? QStringLiteral("fortran_order") : QStringLiteral("shape")),
                QStringLiteral("the header holds exactly 'descr', 'fortran_order' and 'shape'"));
        NpyHeader header = dtypeOf(*descr);
        header.fortranOrder = *fortran;
        header.shape = std::move(*shape);
        return header;
    }

private:
    [[noreturn]] void bad(const QString &what, const QString &allowed) const {
        fail(source_, QStringLiteral(".npy header has %1 (at byte %2 of the header)").arg(what).arg(pos_), allowed);
    }
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    void skipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
            ++pos_;
    }
    void expect(char c) {
        skipSpace();
        if (peek() != c)
            bad(QStringLiteral("'%1' where '%2' was expected").arg(QString(QLatin1Char(peek() ? peek() : '?')), QString(QLatin1Char(c))),
                QStringLiteral("a dict literal as numpy.save writes it"));
        ++pos_;
    }
    QString string() {
        skipSpace();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            bad(QStringLiteral("no quoted string where one was expected"), QStringLiteral("a dict literal as numpy.save writes it"));
        const qsizetype begin = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != quote)
            ++pos_;
        if (pos_ >= text_.size())
            bad(QStringLiteral("an unterminated string"), QStringLiteral("a dict literal as numpy.save writes it"));
        const QString s = QString::fromUtf8(text_.sliced(begin, pos_ - begin));
        ++pos_;
        return s;
    }
    bool boolean() {
        if (text_.sliced(pos_).startsWith(QByteArrayView("True"))) {
            pos_ += 4;
            return true;
        }
        if (text_.sliced(pos_).startsWith(QByteArrayView("False"))) {
            pos_ += 5;
            return false;
        }
        bad(QStringLiteral("a fortran_order that is neither True nor False"), QStringLiteral("True or False"));
    }
    std::vector<std::int64_t> tuple() {
        expect('(');
        std::vector<std::int64_t> dims;
        for (;;) {
            skipSpace();
            if (peek() == ')') {
                ++pos_;
                return dims;
            }
            if (peek() < '0' || peek() > '9')
                bad(QStringLiteral("a shape entry that is not a non-negative integer"),
                    QStringLiteral("the shape is a tuple of non-negative integers"));
            std::int64_t d = 0;
            while (peek() >= '0' && peek() <= '9') {
                if (d > (kMaxTensorElements * 16))  // far beyond any allowed size; stops overflow
                    bad(QStringLiteral("a shape entry too large to be real"),
                        QStringLiteral("a tensor may hold at most %1 elements").arg(kMaxTensorElements));
                d = d * 10 + (peek() - '0');
                ++pos_;
            }
            if (peek() == 'L')  // written by Python 2
                ++pos_;
            dims.push_back(d);
            if (static_cast<std::int64_t>(dims.size()) > kMaxTensorRank)
                bad(QStringLiteral("more than %1 dimensions").arg(kMaxTensorRank),
                    QStringLiteral("at most %1 dimensions").arg(kMaxTensorRank));
            skipSpace();
            if (peek() == ',')
                ++pos_;
            else if (peek() != ')')
                bad(QStringLiteral("a malformed shape tuple"), QStringLiteral("the shape is a tuple of non-negative integers"));
        }
    }
    NpyHeader dtypeOf(const QString &descr) const {
        NpyHeader header;
        QString code = descr;
        if (!code.isEmpty() && QStringLiteral("<>|=").contains(code.front())) {
            header.bigEndian = code.front() == QLatin1Char('>');
            code.remove(0, 1);
        }
        static const std::pair<const char *, TensorDType> kCodes[] = {
            {"f2", TensorDType::F16}, {"f4", TensorDType::F32}, {"f8", TensorDType::F64}, {"i1", TensorDType::I8},
            {"i2", TensorDType::I16}, {"i4", TensorDType::I32}, {"i8", TensorDType::I64}, {"u1", TensorDType::U8},
            {"u2", TensorDType::U16}, {"u4", TensorDType::U32}, {"u8", TensorDType::U64}, {"b1", TensorDType::Bool},
        };
        for (const auto &[name, type] : kCodes) {
            if (code == QLatin1String(name)) {
                header.dtype = type;
                return header;
            }
        }
        fail(source_, QStringLiteral("unsupported .npy dtype '%1'").arg(descr), kDescrAllowed);
    }

    QByteArrayView text_;
    QString source_;
    qsizetype pos_ = 0;
};

}  // namespace

Tensor readNpy(QByteArrayView bytes, const QString &source) {
    const QString layout = QStringLiteral("a .npy file starts with \\x93NUMPY, a version byte pair, the header length and the header");
    if (bytes.size() < 10 || !bytes.startsWith(QByteArrayView("\x93NUMPY", 6)))
        fail(source, bytes.size() < 10 ? QStringLiteral("too short to be a .npy file (%1 bytes)").arg(bytes.size())
                                       : QStringLiteral("not a .npy file (no \\x93NUMPY magic)"),
             layout);
    const int major = static_cast<quint8>(bytes[6]);
    const int minor = static_cast<quint8>(bytes[7]);
    if (major < 1 || major > 3)
        fail(source, QStringLiteral(".npy format version %1.%2").arg(major).arg(minor),
             QStringLiteral("versions 1.0, 2.0 and 3.0 are read"));
    const qsizetype lengthBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + lengthBytes)
        fail(source, QStringLiteral("truncated in the header length"), layout);
    const std::int64_t headerLength = major == 1 ? qFromLittleEndian<quint16>(bytes.data() + 8)
                                                 : qFromLittleEndian<quint32>(bytes.data() + 8);
    const std::int64_t headerStart = 8 + lengthBytes;
    if (headerLength > kMaxNpyHeaderBytes)
        fail(source, QStringLiteral("the .npy header length is %1 bytes").arg(headerLength),
             QStringLiteral("at most %1 bytes are allowed").arg(kMaxNpyHeaderBytes));
    if (headerStart + headerLength > bytes.size())
        fail(source, QStringLiteral("truncated: the header needs %1 bytes but the file has %2")
                         .arg(headerStart + headerLength).arg(bytes.size()),
             layout);
    const NpyHeader header = DictLiteral(bytes.sliced(headerStart, headerLength), source).parse();

    Tensor tensor;
    tensor.info.dtype = header.dtype;
    tensor.info.shape = header.shape;
    const std::int64_t elements = detail::checkedElements(header.shape, source);
    const std::int64_t needed = elements * sizeOf(header.dtype);  // <= 2^26 * 8: no overflow
    const std::int64_t available = bytes.size() - headerStart - headerLength;
    if (available != needed)
        fail(source,
             available < needed ? QStringLiteral("truncated: shape %1 of %2 needs %3 data bytes, the file has %4")
                                      .arg(tensor.info.shapeText(), toString(header.dtype)).arg(needed).arg(available)
                                : QStringLiteral("%1 bytes follow the data of shape %2 of %3")
                                      .arg(available - needed).arg(tensor.info.shapeText(), toString(header.dtype)),
             QStringLiteral("the data is exactly the shape's elements, as numpy.save writes it"));
    tensor.values = detail::decodeElements(bytes.sliced(headerStart + headerLength), header.dtype, header.bigEndian, elements);
    if (header.fortranOrder)
        tensor.values = detail::fortranToRowMajor(tensor.values, header.shape);
    return tensor;
}

}  // namespace accelscope::io
