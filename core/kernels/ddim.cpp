#include "core/kernels/ddim.h"

#include <algorithm>
#include <cmath>

#include "core/api/rangecheck.h"

namespace accelscope::kernels {

QString toString(BetaSchedule schedule) {
    return schedule == BetaSchedule::Linear ? QStringLiteral("linear") : QStringLiteral("scaled_linear");
}

QString toString(TimestepSpacing spacing) {
    switch (spacing) {
        case TimestepSpacing::Leading: return QStringLiteral("leading");
        case TimestepSpacing::Trailing: return QStringLiteral("trailing");
        case TimestepSpacing::Linspace: return QStringLiteral("linspace");
    }
    return {};
}

NoiseSchedule::NoiseSchedule(BetaSchedule kind, int trainSteps, double betaStart, double betaEnd) {
    if (betaStart < 0)
        betaStart = kind == BetaSchedule::Linear ? 1e-4 : 0.00085;
    if (betaEnd < 0)
        betaEnd = kind == BetaSchedule::Linear ? 0.02 : 0.012;
    RangeCheck(QStringLiteral("noise schedule"))
        .within("train_steps", trainSteps, 1, 100000)
        .that(betaStart > 0 && betaStart < 1, "beta_start", QString::number(betaStart), QStringLiteral("allowed above 0, below 1"))
        .that(betaEnd > 0 && betaEnd < 1, "beta_end", QString::number(betaEnd), QStringLiteral("allowed above 0, below 1"));
    beta_.resize(static_cast<std::size_t>(trainSteps));
    alphaBar_.resize(static_cast<std::size_t>(trainSteps));
    double product = 1.0;
    for (int t = 0; t < trainSteps; ++t) {
        const double f = trainSteps == 1 ? 0.0 : static_cast<double>(t) / (trainSteps - 1);
        double b = 0;
        if (kind == BetaSchedule::Linear) {
            b = betaStart + f * (betaEnd - betaStart);
        } else {
            const double root = std::sqrt(betaStart) + f * (std::sqrt(betaEnd) - std::sqrt(betaStart));
            b = root * root;
        }
        product *= 1.0 - b;
        beta_[static_cast<std::size_t>(t)] = b;
        alphaBar_[static_cast<std::size_t>(t)] = product;
    }
}

NoiseSchedule NoiseSchedule::standard(BetaSchedule kind) { return NoiseSchedule(kind); }

std::vector<int> NoiseSchedule::timesteps(int steps, TimestepSpacing spacing) const {
    const int T = trainSteps();
    RangeCheck(QStringLiteral("sampler")).within("steps", steps, 1, T);
    std::vector<int> t(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) {
        int v = 0;
        switch (spacing) {
            case TimestepSpacing::Leading: v = (steps - 1 - i) * (T / steps); break;
            case TimestepSpacing::Trailing:
                v = static_cast<int>(std::lround(T - i * (static_cast<double>(T) / steps))) - 1;
                break;
            case TimestepSpacing::Linspace:
                v = static_cast<int>(std::lround((steps == 1 ? 0.0 : (T - 1.0) * (steps - 1 - i) / (steps - 1))));
                break;
        }
        t[static_cast<std::size_t>(i)] = std::clamp(v, 0, T - 1);
    }
    return t;
}

MatrixF NoiseSchedule::addNoise(const MatrixF &x0, const MatrixF &noise, int t) const {
    const double a = alphaBar(t);
    return static_cast<float>(std::sqrt(a)) * x0 + static_cast<float>(std::sqrt(1.0 - a)) * noise;
}

DdimSampler::DdimSampler(const NoiseSchedule &schedule, int steps, TimestepSpacing spacing)
    : schedule_(schedule), timesteps_(schedule.timesteps(steps, spacing)) {}

double DdimSampler::alphaBar(int step) const { return schedule_.alphaBar(timestep(step)); }

double DdimSampler::alphaBarAfter(int step) const {
    return step + 1 < steps() ? schedule_.alphaBar(timestep(step + 1)) : 1.0;
}

MatrixF DdimSampler::impliedNoise(int step, const MatrixF &x, const MatrixF &predictedX0) const {
    const double a = alphaBar(step);
    return (x - static_cast<float>(std::sqrt(a)) * predictedX0) / static_cast<float>(std::sqrt(1.0 - a));
}

MatrixF DdimSampler::step(int step, const MatrixF &x, const MatrixF &predictedX0) const {
    const double next = alphaBarAfter(step);
    if (next >= 1.0)
        return predictedX0;
    return static_cast<float>(std::sqrt(next)) * predictedX0 +
           static_cast<float>(std::sqrt(1.0 - next)) * impliedNoise(step, x, predictedX0);
}

MatrixF DdimSampler::sample(const MatrixF &xT, const X0Predictor &predictX0) const {
    MatrixF x = xT;
    for (int i = 0; i < steps(); ++i)
        x = step(i, x, predictX0(i, timestep(i), x));
    return x;
}

}  // namespace accelscope::kernels
