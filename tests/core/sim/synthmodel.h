#pragma once
// A small deterministic model for engine and stepping tests: `ops` operations grouped into blocks
// of `opsPerBlock`, each taking a seeded random number of cycles on one of two units.

#include <random>
#include <stdexcept>

#include "core/api/model.h"

namespace accelscope::test {

class SynthModel : public Model {
public:
    SynthModel(std::uint64_t seed, std::int64_t ops, std::int64_t opsPerBlock = 10, std::int64_t throwAt = -1)
        : rng_(seed), ops_(ops), opsPerBlock_(opsPerBlock), throwAt_(throwAt) {
        topology_.addUnit(QStringLiteral("chip"), UnitKind::Device);
        topology_.addUnit(QStringLiteral("alu"), UnitKind::Compute, 0);
        topology_.addUnit(QStringLiteral("dma"), UnitKind::Compute, 0);
    }

    Topology topology() const override { return topology_; }
    std::vector<StepLevel> stepLevels() const override {
        return {{QStringLiteral("op"), {}}, {QStringLiteral("block"), {}}};
    }
    bool finished() const override { return done_ >= ops_; }
    double progress() const override { return static_cast<double>(done_) / static_cast<double>(ops_); }
    std::vector<Metric> metrics() const override {
        return {
            {QStringLiteral("latency_ms"), static_cast<double>(now_) / kPsPerMs, QStringLiteral("ms"), {}}};
    }
    std::vector<BaselineResult> baselines() const override { return {}; }
    QString narration(int level, std::int64_t index) const override {
        return QStringLiteral("%1 %2 done")
            .arg(level == 0 ? QStringLiteral("op") : QStringLiteral("block"))
            .arg(index);
    }
    DataSource dataSource() const override { return {QStringLiteral("seeded synthetic operations"), true}; }
    TimePs now() const override { return now_; }

protected:
    int advance(TraceSink &sink) override {
        if (done_ == throwAt_)
            throw std::runtime_error("synthetic failure at op " + std::to_string(done_));
        const UnitId unit = 1 + static_cast<UnitId>(rng_() % 2);
        const TimePs duration = 1000 + static_cast<TimePs>(rng_() % 5000);
        sink.appendEvent(
            sink.eventType(unit, unit == 1 ? OpKind::Matrix : OpKind::MemoryRead, QStringLiteral("op")), now_,
            now_ + duration, 64, 128);
        if (series_ == ~0u)
            series_ = sink.counterSeries(QStringLiteral("chip/queue"), QStringLiteral("entries"));
        sink.counter(series_, now_, static_cast<double>(done_ % 7));
        now_ += duration;
        ++done_;
        return done_ % opsPerBlock_ == 0 ? 1 : 0;
    }

private:
    Topology topology_;
    std::mt19937_64 rng_;
    std::int64_t ops_;
    std::int64_t opsPerBlock_;
    std::int64_t throwAt_;
    std::int64_t done_ = 0;
    TimePs now_ = 0;
    std::uint32_t series_ = ~0u;
};

}  // namespace accelscope::test
