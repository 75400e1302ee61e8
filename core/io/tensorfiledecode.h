#pragma once
// Shared by the .npy and .safetensors readers: checked sizes, element decoding and the one
// message format ("'FILE': problem; allowed: ...").

#include <cstdint>
#include <vector>

#include <QByteArrayView>
#include <QString>

#include "core/io/tensorfile.h"

namespace accelscope::io::detail {

[[noreturn]] void fail(const QString &source, const QString &problem, const QString &allowed);

// The product of `shape`, refusing negative dimensions, a rank above kMaxTensorRank, an overflow
// and more than kMaxTensorElements elements.
std::int64_t checkedElements(const std::vector<std::int64_t> &shape, const QString &source);

// `elements` values of `type` from `data` (exactly elements * sizeOf(type) bytes).
std::vector<double> decodeElements(QByteArrayView data, TensorDType type, bool bigEndian, std::int64_t elements);

// Reorders values stored with the first index varying fastest into row-major order.
std::vector<double> fortranToRowMajor(const std::vector<double> &values, const std::vector<std::int64_t> &shape);

}  // namespace accelscope::io::detail
