#pragma once
// Test helper: the message of the InputError (or StoreError) a call throws, empty when it throws
// nothing, so a test can assert what a user would read.

#include <QString>

#include "core/api/errors.h"

namespace accelscope::test {

template <typename F>
QString errorOf(F &&call) {
    try {
        call();
    } catch (const InputError &e) {
        return e.message();
    }
    return {};
}

}  // namespace accelscope::test
