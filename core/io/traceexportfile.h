#pragma once
// ExportFile: a text file written in pieces through a small buffer, so an export never holds more
// than a megabyte of its output in memory. The file appears only when commit() succeeds (it is
// written beside its final name and renamed), so a failed export leaves no half-written file.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <QString>

class QSaveFile;

namespace accelscope {

class ExportFile {
public:
    // Throws InputError naming the file when it cannot be created.
    explicit ExportFile(const QString &path);
    ~ExportFile();
    ExportFile(const ExportFile &) = delete;
    ExportFile &operator=(const ExportFile &) = delete;

    QString path() const { return path_; }
    // Appends to the buffer; writes it out once it holds a megabyte.
    void write(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() >= kFlushBytes)
            flush();
    }
    // For appending in place: append to buffer(), then call flushIfFull().
    std::string &buffer() { return buffer_; }
    void flushIfFull() {
        if (buffer_.size() >= kFlushBytes)
            flush();
    }
    // Writes what is buffered and renames the file into place. Throws InputError naming the file.
    void commit();

private:
    static constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
    void flush();

    QString path_;
    std::unique_ptr<QSaveFile> file_;
    std::string buffer_;
};

// Text helpers shared by the exporters.
namespace exporttext {
// Appends a JSON string literal (quotes included) with every character JSON requires escaped.
void appendJsonString(std::string &out, const QString &text);
// Appends a CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
void appendCsvField(std::string &out, const QString &text);
// Appends an integer or a double (shortest text that reads back as the same double).
void appendInt(std::string &out, std::int64_t value);
void appendUInt(std::string &out, std::uint64_t value);
void appendDouble(std::string &out, double value);
// Appends picoseconds as microseconds with up to six decimals, exactly: 1234567 -> "1.234567".
void appendPsAsUs(std::string &out, std::int64_t ps);
}  // namespace exporttext

}  // namespace accelscope
