#pragma once
// Shared by the fuzz targets: what every reader must do with arbitrary bytes. It either reads
// them or refuses them with an InputError (StoreError included) whose message names the input;
// anything else — another exception, a crash, a sanitizer report, a hang — is a finding. A
// message that does not name the input is reported and aborts, so the fuzzer keeps the input.

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include "core/api/errors.h"

namespace accelscope::fuzz {

inline QByteArray bytesOf(const std::uint8_t *data, std::size_t size) {
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

[[noreturn]] inline void finding(const QString &what) {
    std::fprintf(stderr, "fuzz finding: %s\n", qPrintable(what));
    std::abort();
}

// Runs `read`; an InputError must name `source` (what the user would recognise: the file name,
// the key) and say something.
template <typename F>
void readOrRefuse(const QString &source, F &&read) {
    try {
        read();
    } catch (const InputError &e) {
        const QString message = e.message();
        if (!source.isEmpty() && !message.contains(source))
            finding(QStringLiteral("the message does not name '%1': %2").arg(source, message));
        if (message.size() < source.size() + 10)
            finding(QStringLiteral("the message says nothing about the problem: %1").arg(message));
    }
}

// A private folder for targets that read files, removed when the process ends.
inline QString scratchFolder() {
    static QTemporaryDir folder;
    if (!folder.isValid())
        finding(QStringLiteral("cannot create a temporary folder"));
    return folder.path();
}

// Writes `bytes` to `name` in the scratch folder (removing what an earlier input left next to
// it, such as an SQLite journal) and returns its path.
inline QString scratchFile(const QString &name, const QByteArray &bytes) {
    const QDir folder(scratchFolder());
    for (const QString &left : folder.entryList(QDir::Files | QDir::Hidden))
        QFile::remove(folder.filePath(left));
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        finding(QStringLiteral("cannot write %1").arg(path));
    return path;
}

}  // namespace accelscope::fuzz
