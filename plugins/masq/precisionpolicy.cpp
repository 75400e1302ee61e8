#include "precisionpolicy.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/api/errors.h"

namespace accelscope::masq {

QString toString(TokenClass c) {
    switch (c) {
        case TokenClass::Masked: return QStringLiteral("masked");
        case TokenClass::Boundary: return QStringLiteral("boundary");
        case TokenClass::Salient: return QStringLiteral("salient");
        case TokenClass::Background: return QStringLiteral("background");
    }
    return {};
}

QString toString(Stage s) {
    switch (s) {
        case Stage::Early: return QStringLiteral("early");
        case Stage::Middle: return QStringLiteral("middle");
        case Stage::Late: return QStringLiteral("late");
    }
    return {};
}

int precisionIndex(int bits) {
    return bits >= 8 ? 0 : bits >= 4 ? 1 : 2;
}

Stage PrecisionPolicy::stageOf(int step, int steps) const {
    const double s = steps > 0 ? double(step) / steps : 0.0;
    return s < earlyEnd ? Stage::Early : s < lateStart ? Stage::Middle : Stage::Late;
}

void PrecisionPolicy::validate() const {
    if (boundaryRadius < 0 || boundaryRadius > 16)
        throw InputError(QStringLiteral("boundary_radius %1 is out of range; allowed: 0 to 16 tokens").arg(boundaryRadius));
    if (!(salientFraction >= 0 && salientFraction <= 1))
        throw InputError(QStringLiteral("salient_fraction %1 is out of range; allowed: 0 to 1").arg(salientFraction));
    if (!(earlyEnd >= 0 && earlyEnd <= lateStart && lateStart <= 1))
        throw InputError(QStringLiteral("stage boundaries early_end %1 and late_start %2 must satisfy 0 <= early_end <= "
                                        "late_start <= 1")
                             .arg(earlyEnd)
                             .arg(lateStart));
    if (refreshInterval < 1)
        throw InputError(QStringLiteral("refresh_interval %1 is out of range; allowed: at least 1 step").arg(refreshInterval));
    for (const auto &row : bits)
        for (const int b : row)
            if (b != 8 && b != 4 && b != 2)
                throw InputError(QStringLiteral("precision %1 bits is not an MX integer width; allowed: 8, 4 or 2").arg(b));
}

PrecisionPlanner::PrecisionPlanner(const PrecisionPolicy &policy, const std::vector<bool> &tokenMask, int gridHeight,
                                   int gridWidth, const kernels::Latent &source, int patch)
    : policy_(policy), gridHeight_(gridHeight), gridWidth_(gridWidth) {
    policy_.validate();
    const int tokens = gridHeight * gridWidth;
    if (static_cast<int>(tokenMask.size()) != tokens || source.height != gridHeight * patch || source.width != gridWidth * patch)
        throw InputError(QStringLiteral("precision planner: mask of %1 tokens and source of %2x%3 positions do not match "
                                        "a %4x%5 token grid with patch %6")
                             .arg(tokenMask.size())
                             .arg(source.height)
                             .arg(source.width)
                             .arg(gridHeight)
                             .arg(gridWidth)
                             .arg(patch));
    classes_.assign(static_cast<std::size_t>(tokens), TokenClass::Background);
    const int r = policy_.boundaryRadius;
    for (int y = 0; y < gridHeight; ++y)
        for (int x = 0; x < gridWidth; ++x) {
            const std::size_t t = static_cast<std::size_t>(y * gridWidth + x);
            if (tokenMask[t]) {
                classes_[t] = TokenClass::Masked;
                continue;
            }
            for (int dy = -r; dy <= r && classes_[t] != TokenClass::Boundary; ++dy)
                for (int dx = -r; dx <= r; ++dx) {
                    const int yy = y + dy, xx = x + dx;
                    if (yy >= 0 && yy < gridHeight && xx >= 0 && xx < gridWidth &&
                        tokenMask[static_cast<std::size_t>(yy * gridWidth + xx)]) {
                        classes_[t] = TokenClass::Boundary;
                        break;
                    }
                }
        }
    // Saliency: squared differences to the right and lower neighbour over the token's positions
    // and channels of the first frame of the source.
    std::vector<double> energy(static_cast<std::size_t>(tokens), 0.0);
    for (int y = 0; y < source.height; ++y)
        for (int x = 0; x < source.width; ++x) {
            double e = 0;
            const int row = source.row(0, y, x);
            if (x + 1 < source.width)
                e += (source.values.row(source.row(0, y, x + 1)) - source.values.row(row)).squaredNorm();
            if (y + 1 < source.height)
                e += (source.values.row(source.row(0, y + 1, x)) - source.values.row(row)).squaredNorm();
            energy[static_cast<std::size_t>((y / patch) * gridWidth + x / patch)] += e;
        }
    std::vector<int> candidates;
    for (int t = 0; t < tokens; ++t)
        if (classes_[static_cast<std::size_t>(t)] == TokenClass::Background)
            candidates.push_back(t);
    const auto salient = static_cast<std::size_t>(std::lround(policy_.salientFraction * double(candidates.size())));
    std::stable_sort(candidates.begin(), candidates.end(), [&energy](int a, int b) {
        return energy[static_cast<std::size_t>(a)] > energy[static_cast<std::size_t>(b)];
    });
    for (std::size_t i = 0; i < salient && i < candidates.size(); ++i)
        classes_[static_cast<std::size_t>(candidates[i])] = TokenClass::Salient;
}

std::array<int, kTokenClasses> PrecisionPlanner::classCounts() const {
    std::array<int, kTokenClasses> counts{};
    for (const TokenClass c : classes_)
        ++counts[static_cast<std::size_t>(c)];
    return counts;
}

TokenPlan PrecisionPlanner::plan(int step, int steps) const {
    TokenPlan p;
    p.stage = policy_.stageOf(step, steps);
    const auto &bits = policy_.bits[static_cast<std::size_t>(p.stage)];
    // Late-stage background refreshes count from the first late step, which always recomputes.
    const int firstLate = static_cast<int>(std::ceil(policy_.lateStart * steps));
    const bool refresh = p.stage != Stage::Late || (step - firstLate) % policy_.refreshInterval == 0;
    p.bits.resize(classes_.size());
    p.recompute.resize(classes_.size());
    for (std::size_t t = 0; t < classes_.size(); ++t) {
        const int b = bits[static_cast<std::size_t>(classes_[t])];
        p.bits[t] = static_cast<std::uint8_t>(b);
        p.recompute[t] = classes_[t] != TokenClass::Background || refresh;
        ++p.heldAt[static_cast<std::size_t>(precisionIndex(b))];
        if (p.recompute[t])
            ++p.computedAt[static_cast<std::size_t>(precisionIndex(b))];
    }
    return p;
}

}  // namespace accelscope::masq
