#pragma once
// Tensors read from files written by NumPy (.npy) or safetensors (.safetensors), converted to
// doubles in row-major (C) order with their shape. Every problem — a truncated file, an absurd
// header, a shape whose size overflows or does not match the data, an unknown dtype — is an
// InputError naming the file, the problem and what is allowed; nothing is allocated before the
// sizes have been checked against the file and the limits below.

#include <cstdint>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace accelscope::io {

// Element types of both formats. Bool is one byte, 0 or 1.
enum class TensorDType { F16, BF16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64, Bool };
QString toString(TensorDType type);  // the safetensors spelling: "F16", "BF16", ...
int sizeOf(TensorDType type);

// Refused above these, before anything is read or allocated.
inline constexpr std::int64_t kMaxTensorFileBytes = std::int64_t{1} << 30;  // 1 GiB
inline constexpr std::int64_t kMaxTensorElements = std::int64_t{1} << 26;   // 64 Mi values (512 MiB as doubles)
inline constexpr std::int64_t kMaxTensorRank = 16;
inline constexpr std::int64_t kMaxNpyHeaderBytes = std::int64_t{1} << 16;          // 64 KiB
inline constexpr std::int64_t kMaxSafetensorsHeaderBytes = std::int64_t{1} << 24;  // 16 MiB

struct TensorInfo {
    QString name;  // "" for a .npy file (it holds one array)
    TensorDType dtype = TensorDType::F32;
    std::vector<std::int64_t> shape;
    std::int64_t elements() const;
    QString shapeText() const;  // "[4, 1600]"; "[]" for a scalar
};

struct Tensor {
    TensorInfo info;
    std::vector<double> values;  // row-major, elements() of them
};

// Which format a file is, from its first bytes (falling back to the extension for an empty or
// tiny file, so the message can still say what was expected).
enum class TensorFormat { Npy, Safetensors };
TensorFormat tensorFormatOf(QByteArrayView head, const QString &fileName);

// Parses `bytes` (a whole file's contents; `source` names it in messages).
Tensor readNpy(QByteArrayView bytes, const QString &source);
std::vector<TensorInfo> listSafetensors(QByteArrayView bytes, const QString &source);
// `name` may be empty when the file holds exactly one tensor.
Tensor readSafetensors(QByteArrayView bytes, const QString &source, const QString &name);

// The tensors a file holds (a .npy file: one, unnamed).
std::vector<TensorInfo> listTensorFile(const QString &path);
// Reads tensor `name` of a file (empty: the only one). The file is mapped, not copied.
Tensor readTensorFile(const QString &path, const QString &name = {});

// A file read for a run: what was read and what identifies it.
struct LoadedTensor {
    QString path;        // absolute
    QString tensorName;  // as asked ("" for .npy)
    QString sha256;      // of the whole file, hex
    std::shared_ptr<const Tensor> tensor;
};
LoadedTensor loadTensorFile(const QString &path, const QString &name = {});

}  // namespace accelscope::io
