// The fuzz targets' own main for the normal build (no libFuzzer): runs a target on every file of
// its seed corpus, then on a fixed number of seeded mutations of them — byte flips and
// overwrites, truncations, insertions, duplicated runs, absurd integers (tests/support/mutations.h)
// and splices of two seeds. Deterministic: the same seed gives the same inputs.
//
//   fuzz_<name>_replay CORPUS_DIR [--mutations N] [--seed S]
//
// An input that makes the target throw anything but the project's InputError, or crash, is
// written to fuzz-<pid>-failing-input in the working folder, so it can be replayed and kept.

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <random>
#include <vector>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <fcntl.h>
#include <unistd.h>

#include "tests/support/mutations.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

// The input being run, for the crash handler (which may only use async-signal-safe calls).
const char *gInput = nullptr;
std::size_t gInputSize = 0;
char gFailingPath[64] = {};

void saveInput() {
    const int fd = ::open(gFailingPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    for (std::size_t done = 0; done < gInputSize;) {
        const ssize_t n = ::write(fd, gInput + done, gInputSize - done);
        if (n <= 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

void onCrash(int signal) {
    saveInput();
    static const char kNote[] = "fuzz replay: the target crashed; the input is saved as ";
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, kNote, sizeof kNote - 1);
    ignored = ::write(STDERR_FILENO, gFailingPath, std::strlen(gFailingPath));
    ignored = ::write(STDERR_FILENO, "\n", 1);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

bool run(const QByteArray &input, const QString &what) {
    gInput = input.constData();
    gInputSize = static_cast<std::size_t>(input.size());
    try {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(input.constData()), gInputSize);
        return true;
    } catch (const std::exception &e) {
        saveInput();
        std::fprintf(stderr, "fuzz replay: %s threw %s; the input is saved as %s\n", qPrintable(what), e.what(),
                     gFailingPath);
    }
    return false;
}

// A prefix of one seed followed by a suffix of another.
QByteArray splice(const QByteArray &a, const QByteArray &b, std::mt19937_64 &random) {
    const qsizetype cutA = a.isEmpty() ? 0 : static_cast<qsizetype>(random() % static_cast<std::uint64_t>(a.size() + 1));
    const qsizetype cutB = b.isEmpty() ? 0 : static_cast<qsizetype>(random() % static_cast<std::uint64_t>(b.size() + 1));
    return a.left(cutA) + b.mid(cutB);
}

int usage() {
    std::fprintf(stderr, "usage: fuzz_<name>_replay CORPUS_DIR [--mutations N] [--seed S]\n");
    return 2;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2)
        return usage();
    long mutations = 1000;
    std::uint64_t seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--mutations") == 0)
            mutations = std::strtol(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--seed") == 0)
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        else
            return usage();
    }
    std::snprintf(gFailingPath, sizeof gFailingPath, "fuzz-%d-failing-input", static_cast<int>(::getpid()));
    for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
        std::signal(signal, onCrash);

    const QDir corpus(QString::fromLocal8Bit(argv[1]));
    const QStringList names = corpus.entryList(QDir::Files, QDir::Name);
    if (names.isEmpty()) {
        std::fprintf(stderr, "fuzz replay: the corpus folder %s holds no seeds\n", argv[1]);
        return 2;
    }
    std::vector<QByteArray> seeds;
    for (const QString &name : names) {
        QFile file(corpus.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "fuzz replay: cannot read seed %s\n", qPrintable(file.fileName()));
            return 2;
        }
        seeds.push_back(file.readAll());
        if (!run(seeds.back(), QStringLiteral("seed ") + name))
            return 1;
    }
    std::mt19937_64 random(seed);
    for (long m = 0; m < mutations; ++m) {
        const std::size_t from = random() % seeds.size();
        QByteArray input = random() % 5 == 0 ? splice(seeds[from], seeds[random() % seeds.size()], random)
                                             : seeds[from];
        input = accelscope::test::mutate(input, random);
        if (!run(input, QStringLiteral("mutation %1 of seed %2").arg(m).arg(names[static_cast<qsizetype>(from)])))
            return 1;
    }
    std::printf("fuzz replay: %zu seeds and %ld mutations (seed %llu) read or refused cleanly\n", seeds.size(),
                mutations, static_cast<unsigned long long>(seed));
    return 0;
}
