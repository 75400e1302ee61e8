#include "core/kernels/gelu.h"

#include <cmath>
#include <stdexcept>

namespace accelscope::kernels {

float geluTanh(float x) {
    constexpr float kSqrt2OverPi = 0.7978845608028654f;
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

void applyGeluTanh(MatrixF &values) {
    values = values.unaryExpr([](float v) { return geluTanh(v); });
}

LutGelu::LutGelu(int points, float low, float high) : low_(low), high_(high) {
    if (points < 2 || !(high > low))
        throw std::invalid_argument("LutGelu needs at least 2 points and high > low");
    spacing_ = (static_cast<double>(high) - low) / (points - 1);
    samples_.resize(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        samples_[static_cast<std::size_t>(i)] = geluTanh(static_cast<float>(low + i * spacing_));
}

float LutGelu::operator()(float x) const {
    if (x <= low_)
        return 0.0f;
    if (x >= high_)
        return x;
    const double position = (static_cast<double>(x) - low_) / spacing_;
    const auto last = static_cast<double>(samples_.size() - 2);
    const double segment = std::min(std::floor(position), last);
    const auto index = static_cast<std::size_t>(segment);
    const auto fraction = static_cast<float>(position - segment);
    return samples_[index] + fraction * (samples_[index + 1] - samples_[index]);
}

void LutGelu::apply(MatrixF &values) const {
    values = values.unaryExpr([this](float v) { return (*this)(v); });
}

}  // namespace accelscope::kernels
