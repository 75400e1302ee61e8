#pragma once
// Test helper: seeded random mutations of a valid file's bytes (flipped and overwritten bytes,
// truncation, insertion, duplicated runs, absurd 4- and 8-byte integers), for checking that a
// reader refuses damaged input with an InputError and never crashes or throws anything else.

#include <cstdint>
#include <random>

#include <QByteArray>

namespace accelscope::test {

inline QByteArray mutate(const QByteArray &valid, std::mt19937_64 &random) {
    QByteArray bytes = valid;
    const auto pick = [&](qsizetype n) { return static_cast<qsizetype>(random() % static_cast<std::uint64_t>(std::max<qsizetype>(n, 1))); };
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
        switch (random() % 6) {
        case 0:  // flip one bit
            bytes[pick(bytes.size())] ^= static_cast<char>(1 << (random() % 8));
            break;
        case 1:  // overwrite a byte
            bytes[pick(bytes.size())] = static_cast<char>(random());
            break;
        case 2:  // truncate
            bytes.truncate(pick(bytes.size()));
            break;
        case 3:  // insert random bytes
            bytes.insert(pick(bytes.size() + 1), QByteArray(1 + pick(8), static_cast<char>(random())));
            break;
        case 4: {  // duplicate a run
            const qsizetype at = pick(bytes.size());
            bytes.insert(at, bytes.mid(at, 1 + pick(16)));
            break;
        }
        case 5: {  // an absurd integer where a length or offset may sit
            const qsizetype at = pick(std::min<qsizetype>(bytes.size(), 16));
            const std::uint64_t v = random() >> (random() % 64);
            for (int b = 0; b < 8 && at + b < bytes.size(); ++b)
                bytes[at + b] = static_cast<char>(v >> (8 * b));
            break;
        }
        }
    }
    return bytes;
}

}  // namespace accelscope::test
