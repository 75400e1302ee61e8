#pragma once
// GELU as GPT-2 computes it (tanh form), and the lookup-table approximation a hardware special
// function unit uses instead: piece-wise linear interpolation between equally spaced samples.

#include <vector>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), the form in GPT-2's code.
float geluTanh(float x);
void applyGeluTanh(MatrixF &values);

// Piece-wise linear GELU over [low, high] with `points` samples (both ends included), so the
// spacing is (high - low) / (points - 1). The samples are held in FP32.
//
// Outside the table the unit does not extrapolate: below `low` it returns 0 and above `high` it
// returns x, GELU's two asymptotes (|GELU(x) - asymptote| < 1e-14 beyond |x| = 8). Hardware gets
// this with one comparator and a multiplexer in front of the table.
class LutGelu {
public:
    explicit LutGelu(int points = 2048, float low = -8.0f, float high = 8.0f);

    float operator()(float x) const;
    void apply(MatrixF &values) const;

    int points() const { return static_cast<int>(samples_.size()); }
    float low() const { return low_; }
    float high() const { return high_; }
    double spacing() const { return spacing_; }

private:
    std::vector<float> samples_;
    float low_;
    float high_;
    double spacing_;
};

}  // namespace accelscope::kernels
