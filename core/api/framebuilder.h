#pragma once
// A Frame from a row-major matrix of values: the dtype follows the element type (uint8, int32,
// float), the data are the values' bytes.

#include <cstdint>
#include <type_traits>
#include <vector>

#include "core/api/trace.h"

namespace accelscope {

template <typename T>
Frame matrixFrame(std::int64_t step, TimePs time, FrameKind kind, const QString &name, std::int64_t rows,
                  std::int64_t cols, const std::vector<T> &values) {
    static_assert(
        std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::int32_t> || std::is_same_v<T, float>,
        "frames hold uint8, int32 or float");
    Frame f;
    f.step = step;
    f.time = time;
    f.kind = kind;
    f.name = name;
    f.shape = {rows, cols};
    f.dtype = std::is_same_v<T, float>          ? DType::F32
              : std::is_same_v<T, std::int32_t> ? DType::I32
                                                : DType::U8;
    f.data = QByteArray(reinterpret_cast<const char *>(values.data()),
                        static_cast<qsizetype>(values.size() * sizeof(T)));
    return f;
}

}  // namespace accelscope
