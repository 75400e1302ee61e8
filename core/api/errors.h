#pragma once
// Error types used across core. The boundary (CLI, GUI) turns them into messages and exit codes:
// InputError → exit 2 (the user gave something wrong), everything else → exit 3.

#include <QString>
#include <stdexcept>

namespace accelscope {

// Bad input from the user: an unknown key, an out-of-range value, a malformed file.
// The message names the input, the problem and what is allowed.
class InputError : public std::runtime_error {
public:
    explicit InputError(const QString &message) : std::runtime_error(message.toStdString()) {}
    QString message() const { return QString::fromStdString(what()); }
};

// A session file that cannot be opened, read or written (corrupt, newer schema, locked, full disk).
class StoreError : public InputError {
public:
    using InputError::InputError;
};

}  // namespace accelscope
