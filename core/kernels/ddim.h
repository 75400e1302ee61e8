#pragma once
// The noise schedule of a diffusion model and the deterministic DDIM sampler (eta = 0).
//
// Forward process: x_t = sqrt(ᾱ_t) · x0 + sqrt(1 − ᾱ_t) · ε, ᾱ_t = Π_{s ≤ t} (1 − β_s), t = 0 .. T − 1.
// DDIM step from t to the previous timestep t' (ᾱ_{t'} = 1 after the last step):
//   ε̂ = (x_t − sqrt(ᾱ_t) · x̂0) / sqrt(1 − ᾱ_t),   x_{t'} = sqrt(ᾱ_{t'}) · x̂0 + sqrt(1 − ᾱ_{t'}) · ε̂.

#include <functional>
#include <vector>

#include <QString>

#include "core/kernels/tensor.h"

namespace accelscope::kernels {

enum class BetaSchedule {
    Linear,        // DDPM: β linear from betaStart to betaEnd (1e-4 to 0.02)
    ScaledLinear,  // Stable Diffusion: sqrt(β) linear from sqrt(betaStart) to sqrt(betaEnd) (0.00085 to 0.012)
};
// Which T-step timesteps a sampler of n steps visits (diffusers' names).
enum class TimestepSpacing {
    Leading,   // 0, T/n, 2T/n, ... (integer step T/n), visited from the largest
    Trailing,  // T − 1, T − 1 − T/n, ... rounded
    Linspace,  // n points evenly from 0 to T − 1, rounded
};
QString toString(BetaSchedule schedule);
QString toString(TimestepSpacing spacing);

class NoiseSchedule {
public:
    // Throws InputError (naming the field) for T outside 1 .. 100000 or betas outside (0, 1).
    NoiseSchedule(BetaSchedule kind, int trainSteps = 1000, double betaStart = -1, double betaEnd = -1);
    // The defaults of each kind: Linear 1e-4 .. 0.02, ScaledLinear 0.00085 .. 0.012 (T = 1000).
    static NoiseSchedule standard(BetaSchedule kind);

    int trainSteps() const { return static_cast<int>(alphaBar_.size()); }
    double beta(int t) const { return beta_.at(static_cast<std::size_t>(t)); }
    double alphaBar(int t) const { return alphaBar_.at(static_cast<std::size_t>(t)); }
    // The n timesteps a sampler visits, largest first. Throws InputError unless 1 <= n <= T.
    std::vector<int> timesteps(int steps, TimestepSpacing spacing) const;
    // x_t from x0 and noise.
    MatrixF addNoise(const MatrixF &x0, const MatrixF &noise, int t) const;

private:
    std::vector<double> beta_;
    std::vector<double> alphaBar_;
};

class DdimSampler {
public:
    DdimSampler(const NoiseSchedule &schedule, int steps, TimestepSpacing spacing = TimestepSpacing::Leading);

    int steps() const { return static_cast<int>(timesteps_.size()); }
    const std::vector<int> &timesteps() const { return timesteps_; }
    int timestep(int step) const { return timesteps_.at(static_cast<std::size_t>(step)); }
    // ᾱ at step i's timestep, and after it (1 after the last step).
    double alphaBar(int step) const;
    double alphaBarAfter(int step) const;

    // One step: x at step i's timestep and the model's x0 prediction → x at the next timestep.
    MatrixF step(int step, const MatrixF &x, const MatrixF &predictedX0) const;
    // The noise the prediction implies (ε̂ above).
    MatrixF impliedNoise(int step, const MatrixF &x, const MatrixF &predictedX0) const;

    // All steps from x_T: `predictX0(step, timestep, x)` gives x̂0.
    using X0Predictor = std::function<MatrixF(int step, int timestep, const MatrixF &x)>;
    MatrixF sample(const MatrixF &xT, const X0Predictor &predictX0) const;

private:
    const NoiseSchedule &schedule_;
    std::vector<int> timesteps_;
};

}  // namespace accelscope::kernels
