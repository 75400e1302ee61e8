#pragma once
// A Mask or Heat frame decoded for drawing: its values as floats, seen as `slices` matrices of
// rows x cols (the last two dimensions; a 1-D frame is one row, leading dimensions of a 3-D+
// frame are flattened into slices), and the colour scales the mask view paints it with.

#include <cstdint>
#include <optional>
#include <vector>

#include <QColor>
#include <QImage>
#include <QString>

#include "core/api/trace.h"

namespace accelscope {

struct StoredFrame;

struct FrameMatrix {
    FrameKind kind = FrameKind::Heat;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;  // as recorded
    int rows = 0;
    int cols = 0;
    int slices = 1;
    std::vector<float> values;  // slices * rows * cols, row-major

    // A Mask frame is a bit matrix whatever its dtype: non-zero is set.
    bool isBits() const { return kind == FrameKind::Mask; }
    float at(int slice, int row, int col) const {
        return values[(static_cast<std::size_t>(slice) * rows + row) * cols + col];
    }
    // Same 2-D geometry (rows, cols and slices): what a diff needs.
    bool sameGeometry(const FrameMatrix &other) const {
        return rows == other.rows && cols == other.cols && slices == other.slices;
    }
    // "64 × 64", "4 × 16 × 16".
    QString shapeText() const;
    // The multi-index of slice `slice` over the leading dimensions: "[2, 1]".
    QString sliceLabel(int slice) const;
};

// Decodes a frame; on malformed data (size not matching the shape, an empty shape) returns
// nothing and says why in `error`.
std::optional<FrameMatrix> decodeFrameMatrix(const StoredFrame &frame, QString *error = nullptr);

struct MatrixStats {
    double minimum = 0;
    double maximum = 0;
    double maxMagnitude = 0;
    // Bits: the fraction of set entries. Floats: the fraction with |v| >= kDensityThreshold of the
    // largest magnitude (near-zero entries count as sparse).
    double density = 0;
    std::int64_t count = 0;
};
inline constexpr double kDensityThreshold = 0.1;
MatrixStats matrixStats(const FrameMatrix &matrix, int slice);

// How values map to colours.
struct MatrixScale {
    enum class Kind { Bits, Sequential, Diverging, BitDiff };
    Kind kind = Kind::Sequential;
    double low = 0;   // Sequential: the minimum; Diverging: -high (symmetric)
    double high = 1;  // Sequential: the maximum; Diverging: the largest magnitude
};
// Bits for masks; sequential over [min, max] for floats of one sign, a symmetric diverging scale
// when the slice has both signs.
MatrixScale scaleFor(const FrameMatrix &matrix, const MatrixStats &stats);
QColor scaleColor(const MatrixScale &scale, double value);

// The colours of bits and bit diffs, for the current palette.
namespace maskcolor {
QColor set();
QColor unset();
QColor added();      // set now, unset before
QColor removed();    // unset now, set before
QColor unchanged();  // set in both
}  // namespace maskcolor

// One pixel per element of `slice`.
QImage renderMatrix(const FrameMatrix &matrix, int slice, const MatrixScale &scale);

// `current` minus `previous` (same geometry): bits as added / removed / unchanged, floats as a
// difference on a symmetric diverging scale returned in `scale`.
QImage renderDifference(const FrameMatrix &current, const FrameMatrix &previous, int slice,
                        MatrixScale *scale);

// Counts for a bit diff of one slice.
struct BitDiffCounts {
    std::int64_t added = 0;
    std::int64_t removed = 0;
    std::int64_t unchanged = 0;  // set in both
};
BitDiffCounts bitDiffCounts(const FrameMatrix &current, const FrameMatrix &previous, int slice);

}  // namespace accelscope
