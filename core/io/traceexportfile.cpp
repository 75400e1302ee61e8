#include "core/io/traceexportfile.h"

#include <charconv>
#include <cstdint>

#include <QSaveFile>

#include "core/api/errors.h"

namespace accelscope {

ExportFile::ExportFile(const QString &path) : path_(path), file_(std::make_unique<QSaveFile>(path)) {
    if (path.isEmpty())
        throw InputError(QStringLiteral("--out: empty file name; give the path of the file to write"));
    if (!file_->open(QIODevice::WriteOnly))
        throw InputError(QStringLiteral("cannot write '%1': %2; choose a writable folder and file name")
                             .arg(path, file_->errorString()));
    buffer_.reserve(kFlushBytes + 4096);
}

ExportFile::~ExportFile() {
    if (file_->isOpen())
        file_->cancelWriting();
}

void ExportFile::flush() {
    if (buffer_.empty())
        return;
    const auto size = static_cast<qint64>(buffer_.size());
    if (file_->write(buffer_.data(), size) != size) {
        const QString reason = file_->errorString();
        file_->cancelWriting();
        throw InputError(QStringLiteral("cannot write '%1': %2 (is the disk full?); nothing was written")
                             .arg(path_, reason));
    }
    buffer_.clear();
}

void ExportFile::commit() {
    flush();
    if (!file_->commit())
        throw InputError(QStringLiteral("cannot write '%1': %2 (is the disk full?); nothing was written")
                             .arg(path_, file_->errorString()));
}

namespace exporttext {

void appendJsonString(std::string &out, const QString &text) {
    static constexpr char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.push_back('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default:
                if (byte < 0x20) {
                    out.append("\\u00");
                    out.push_back(kHex[byte >> 4]);
                    out.push_back(kHex[byte & 0xf]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void appendCsvField(std::string &out, const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r');
    if (!quote) {
        out.append(utf8.constData(), static_cast<std::size_t>(utf8.size()));
        return;
    }
    out.push_back('"');
    for (const char c : utf8) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void appendInt(std::string &out, std::int64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendUInt(std::string &out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendDouble(std::string &out, double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendPsAsUs(std::string &out, std::int64_t ps) {
    // In unsigned arithmetic, so the most negative value has a magnitude too.
    std::uint64_t magnitude = static_cast<std::uint64_t>(ps);
    if (ps < 0) {
        out.push_back('-');
        magnitude = ~magnitude + 1;
    }
    appendUInt(out, magnitude / 1000000);
    std::uint64_t fraction = magnitude % 1000000;
    if (fraction == 0)
        return;
    char digits[7] = {'0', '0', '0', '0', '0', '0', 0};
    for (int i = 5; i >= 0; --i, fraction /= 10)
        digits[i] = static_cast<char>('0' + fraction % 10);
    int length = 6;
    while (digits[length - 1] == '0')
        --length;
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(length));
}

}  // namespace exporttext

}  // namespace accelscope
