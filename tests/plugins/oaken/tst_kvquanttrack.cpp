// Oaken's functional track: group fractions from offline profiling, exact bit accounting, and the
// quantizer checked entry by entry against a naive scalar re-implementation written from the
// paper's description (independent of core/kernels/kvquant.cpp).
#include <QtTest>

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "core/api/errors.h"
#include "core/kernels/kvquant.h"
#include "functional/kvquanttrack.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::oaken;
using kernels::MatrixF;

namespace {

const TransformerConfig &model(const char *id) {
    return ModelZoo::builtin().transformer(QLatin1String(id));
}

// Every finite FP16 value in ascending order: the naive way to round outward.
const std::vector<double> &halves() {
    static const std::vector<double> all = [] {
        std::vector<double> v;
        for (int bits = 0; bits < 0x10000; ++bits) {
            const auto h = Eigen::numext::bit_cast<Eigen::half>(static_cast<std::uint16_t>(bits));
            const float f = static_cast<float>(h);
            if (std::isfinite(f))
                v.push_back(f);
        }
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    }();
    return all;
}
double halfAtOrBelow(double x) {
    return *(std::upper_bound(halves().begin(), halves().end(), x) - 1);
}
double halfAtOrAbove(double x) {
    return *std::lower_bound(halves().begin(), halves().end(), x);
}

struct Reference {
    MatrixF reconstructed;
    std::int64_t sparse = 0;
    std::int64_t bits = 0;
};

// The paper's scheme in the plainest form: classify, fold each group next to zero (outer and
// middle by their threshold on the value's side, inner by the magnitude), min-max quantize per
// token and group to 4-bit codes, and undo it; 4 bits per entry, 8 more per outer or inner entry,
// FP16 minimum and maximum for each of the three groups per token.
Reference reference(const MatrixF &x, const kernels::OakenThresholds &t) {
    Reference ref;
    ref.reconstructed.resize(x.rows(), x.cols());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        std::vector<int> group(static_cast<std::size_t>(x.cols()));
        std::vector<double> folded(group.size());  // rounded to FP32, as the values are
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            const float v = x(r, c);
            const auto i = static_cast<std::size_t>(c);
            if (v <= t.outerLow || v >= t.outerHigh) {
                group[i] = 0;
                folded[i] = v <= t.outerLow ? t.outerLow - v : v - t.outerHigh;  // float arithmetic
            } else if (v > t.innerLow && v < t.innerHigh) {
                group[i] = 2;
                folded[i] = std::abs(v);
            } else {
                group[i] = 1;
                folded[i] = v >= t.innerHigh ? v - t.innerHigh : v - t.innerLow;
            }
        }
        double lo[3], hi[3];
        for (int g = 0; g < 3; ++g) {
            lo[g] = 1e30;
            hi[g] = -1e30;
            for (std::size_t i = 0; i < group.size(); ++i)
                if (group[i] == g) {
                    lo[g] = std::min(lo[g], folded[i]);
                    hi[g] = std::max(hi[g], folded[i]);
                }
            if (lo[g] > hi[g])
                lo[g] = hi[g] = 0;
            lo[g] = halfAtOrBelow(static_cast<float>(lo[g]));
            hi[g] = halfAtOrAbove(static_cast<float>(hi[g]));
        }
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            const auto i = static_cast<std::size_t>(c);
            const int g = group[i];
            double value = lo[g];
            if (hi[g] > lo[g]) {
                const double step = (hi[g] - lo[g]) / 15.0;
                const long code = std::clamp(std::lround((folded[i] - lo[g]) / step), 0L, 15L);
                value = lo[g] + code * step;
            }
            const double v = x(r, c);
            if (g == 0)
                ref.reconstructed(r, c) = static_cast<float>(v <= t.outerLow ? t.outerLow - value : t.outerHigh + value);
            else if (g == 2)
                ref.reconstructed(r, c) = static_cast<float>(v < 0 ? -value : value);
            else
                ref.reconstructed(r, c) = static_cast<float>(value >= 0 ? value + t.innerHigh : value + t.innerLow);
            if (g != 1)
                ++ref.sparse;
        }
    }
    ref.bits = x.size() * 4 + ref.sparse * 8 + x.rows() * 6 * 16;
    return ref;
}

}  // namespace

class TestKvQuantTrack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void profilingGivesFourNinetySixOnUnseenTensors() {
        KvQuantSettings s;
        s.layers = 2;
        s.tokens = 16;
        const KvQuantTrack track(model("llama-2-7b"), s, 7);
        QCOMPARE(track.channels(), 4096);
        QCOMPARE(track.heads(), 32);
        const KvQuantSummary &q = track.summary();
        QCOMPARE(q.entries, std::int64_t{2} * 2 * 16 * 4096);
        QCOMPARE(q.groupCounts[0] + q.groupCounts[1] + q.groupCounts[2], q.entries);
        // Thresholds come from other tensors, so the run's own fractions are close, not exact.
        QVERIFY2(std::abs(q.fraction(0) - 0.04) < 0.01, qPrintable(QString::number(q.fraction(0))));
        QVERIFY2(std::abs(q.fraction(1) - 0.90) < 0.015, qPrintable(QString::number(q.fraction(1))));
        QVERIFY2(std::abs(q.fraction(2) - 0.06) < 0.01, qPrintable(QString::number(q.fraction(2))));
        // The mask marks exactly the outer and inner entries.
        std::int64_t masked = 0;
        for (const LayerQuantization &l : track.layers())
            for (const TensorQuantization *t : {&l.keys, &l.values}) {
                masked += std::count(t->sparseMask.begin(), t->sparseMask.end(), 1);
                QCOMPARE(t->sparseEntries, t->groupCounts[0] + t->groupCounts[2]);
            }
        QCOMPARE(masked, q.groupCounts[0] + q.groupCounts[2]);
    }

    void bitsAreAccountedExactly() {
        KvQuantSettings s;
        s.layers = 1;
        s.tokens = 32;
        const KvQuantTrack track(model("mistral-7b"), s, 3);  // GQA: 8 KV heads × 128 = 1024 channels
        const KvQuantSummary &q = track.summary();
        const TensorQuantization &k = track.layers()[0].keys;
        QCOMPARE(k.oakenBits, k.entries * 4 + k.sparseEntries * 8 + std::int64_t{32} * 96);
        QCOMPARE(q.oakenBits, track.layers()[0].keys.oakenBits + track.layers()[0].values.oakenBits);
        const double expected = 4.0 + 8.0 * q.sparseFraction() + 96.0 / 1024;
        QVERIFY(std::abs(q.bitsPerEntry() - expected) < 1e-12);
        // KIVI-style: 4 bits plus an FP16 minimum and maximum per 128-channel head and token.
        QCOMPARE(track.kiviGroup(), 128);
        QCOMPARE(q.kiviBitsPerEntry(), 4.0 + 32.0 / 128);
    }

    void matchesTheNaiveReference() {
        const TransformerConfig &m = model("opt-6.7b");
        std::vector<MatrixF> samples{KvQuantTrack::tensor(m, true, 24, 11, 0), KvQuantTrack::tensor(m, true, 24, 12, 0)};
        const kernels::OakenThresholds t = kernels::OakenThresholds::profile(samples);
        for (const bool keys : {true, false}) {
            const MatrixF x = KvQuantTrack::tensor(m, keys, 24, 5, 0);
            const kernels::OakenQuantizer q(t);
            const kernels::OakenEncoded e = q.encode(x);
            const MatrixF decoded = q.decode(e);
            const Reference ref = reference(x, t);
            QCOMPARE(e.sparseEntries(), ref.sparse);
            QCOMPARE(e.bits(), ref.bits);
            int differ = 0;
            for (Eigen::Index i = 0; i < x.size(); ++i)
                if (std::abs(decoded.data()[i] - ref.reconstructed.data()[i]) > 1e-4f * (1 + std::abs(x.data()[i])))
                    ++differ;
            QCOMPARE(differ, 0);
        }
    }

    void errorIsBoundedAndBelowPerTokenFourBit() {
        KvQuantSettings s;
        s.layers = 1;
        s.tokens = 16;
        const KvQuantTrack track(model("llama-2-13b"), s, 9);
        const TensorQuantization &k = track.layers()[0].keys;
        // Keys have outlier channels: per-token min-max over a head spends its 16 levels on them.
        QVERIFY2(k.oakenMse < k.kiviMse, qPrintable(QStringLiteral("%1 vs %2").arg(k.oakenMse).arg(k.kiviMse)));
        QVERIFY(k.oakenMse < 0.05 * k.variance);
        QVERIFY(track.summary().bitsPerEntry() > 4.5 && track.summary().bitsPerEntry() < 5.2);
        // Deterministic in the seed.
        const KvQuantTrack again(model("llama-2-13b"), s, 9);
        QCOMPARE(again.summary().oakenBits, track.summary().oakenBits);
        QCOMPARE(again.summary().oakenMse, track.summary().oakenMse);
    }

    void badSettingsAreNamed() {
        KvQuantSettings s;
        s.layers = 99;
        QVERIFY(test::errorOf([&] { KvQuantTrack(model("opt-1.3b"), s, 1); }).contains(QStringLiteral("functional_layers")));
        s.layers = 1;
        s.tokens = 2;
        QVERIFY(test::errorOf([&] { KvQuantTrack(model("opt-1.3b"), s, 1); }).contains(QStringLiteral("functional_tokens")));
    }
};

QTEST_GUILESS_MAIN(TestKvQuantTrack)
#include "tst_kvquanttrack.moc"
