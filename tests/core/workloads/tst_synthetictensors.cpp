// Synthetic K, V and activation tensors: deterministic, prefix-stable in the token count, and with
// the statistics they promise, measured on the tensors: heavy tails (excess kurtosis), outlier
// channels in the keys but not in the values, and outliers where an Oaken-style quantile
// profile puts its outer group.

#include <QtTest>

#include <algorithm>
#include <cmath>

#include "core/api/errors.h"
#include "core/workloads/synthetictensors.h"
#include "tests/support/errorof.h"

using namespace accelscope;

namespace {

std::vector<double> channelRms(const kernels::MatrixF &x) {
    std::vector<double> rms(static_cast<std::size_t>(x.cols()));
    for (Eigen::Index c = 0; c < x.cols(); ++c)
        rms[static_cast<std::size_t>(c)] = std::sqrt(x.col(c).cast<double>().squaredNorm() / static_cast<double>(x.rows()));
    return rms;
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

double quantile(std::vector<float> v, double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

// Excess kurtosis of one channel after removing its mean and scale.
double excessKurtosis(const kernels::MatrixF &x, Eigen::Index channel) {
    const Eigen::VectorXd v = x.col(channel).cast<double>();
    const double mean = v.mean();
    double m2 = 0, m4 = 0;
    for (double value : v) {
        const double d = value - mean;
        m2 += d * d;
        m4 += d * d * d * d;
    }
    m2 /= static_cast<double>(v.size());
    m4 /= static_cast<double>(v.size());
    return m4 / (m2 * m2) - 3.0;
}

}  // namespace

class TestSyntheticTensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deterministicAndPrefixStable() {
        const auto spec = SyntheticTensorSpec::forKind(SyntheticTensorKind::Keys, 64, 128);
        const SyntheticTensor a = syntheticTensor(spec, 7, 3, 5);
        const SyntheticTensor b = syntheticTensor(spec, 7, 3, 5);
        QVERIFY(a.values == b.values);
        QCOMPARE(a.outlierChannels, b.outlierChannels);
        QVERIFY(syntheticTensor(spec, 8, 3, 5).values != a.values);
        QVERIFY(syntheticTensor(spec, 7, 4, 5).values != a.values);
        QVERIFY(syntheticTensor(spec, 7, 3, 6).values != a.values);
        // A longer run of the same head: the same outlier channels, the same first tokens.
        SyntheticTensorSpec longer = spec;
        longer.tokens = 256;
        const SyntheticTensor c = syntheticTensor(longer, 7, 3, 5);
        QCOMPARE(c.outlierChannels, a.outlierChannels);
        QVERIFY(c.values.topRows(64) == a.values);
    }

    void keysHaveOutlierChannelsValuesDoNot() {
        const SyntheticTensor keys = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Keys, 2048, 128), 1);
        QCOMPARE(keys.outlierChannels.size(), std::size_t{3});  // 2 % of 128, rounded
        const std::vector<double> rms = channelRms(keys.values);
        const double typical = median(rms);
        for (std::size_t c = 0; c < rms.size(); ++c) {
            const bool outlier = std::binary_search(keys.outlierChannels.begin(), keys.outlierChannels.end(), int(c));
            // Measured: outlier channels stand far above the typical channel, the others do not.
            if (outlier)
                QVERIFY2(rms[c] > 8 * typical, qPrintable(QStringLiteral("channel %1: %2").arg(c).arg(rms[c] / typical)));
            else
                QVERIFY2(rms[c] < 4 * typical, qPrintable(QStringLiteral("channel %1: %2").arg(c).arg(rms[c] / typical)));
        }
        // An outlier channel leans to one sign: most of its entries share it.
        for (int c : keys.outlierChannels) {
            const auto column = keys.values.col(c);
            const double positive = static_cast<double>((column.array() > 0).count()) / static_cast<double>(column.size());
            QVERIFY2(positive > 0.75 || positive < 0.25, qPrintable(QString::number(positive)));
        }

        const SyntheticTensor values =
            syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Values, 2048, 128), 1);
        QVERIFY(values.outlierChannels.empty());
        const std::vector<double> vrms = channelRms(values.values);
        QVERIFY(*std::max_element(vrms.begin(), vrms.end()) < 4 * median(vrms));
    }

    void tailsAreHeavy() {
        // Student-t with 5 degrees of freedom has excess kurtosis 6; a Gaussian has 0.
        const SyntheticTensor v = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Values, 20000, 16), 3);
        double sum = 0;
        for (Eigen::Index c = 0; c < v.values.cols(); ++c)
            sum += excessKurtosis(v.values, c);
        const double mean = sum / static_cast<double>(v.values.cols());
        QVERIFY2(mean > 2.5 && mean < 12, qPrintable(QString::number(mean)));

        SyntheticTensorSpec light = SyntheticTensorSpec::forKind(SyntheticTensorKind::Values, 20000, 16);
        light.tailDegreesOfFreedom = 200;  // close to Gaussian
        const SyntheticTensor g = syntheticTensor(light, 3);
        double gsum = 0;
        for (Eigen::Index c = 0; c < g.values.cols(); ++c)
            gsum += excessKurtosis(g.values, c);
        QVERIFY(std::abs(gsum / 16.0) < 0.5);
    }

    void outliersFallInAQuantileProfilesOuterGroup() {
        // An Oaken-style profile: the outer group is below q(0.02) or above q(0.98) of all entries.
        const SyntheticTensor keys = syntheticTensor(SyntheticTensorSpec::forKind(SyntheticTensorKind::Keys, 1024, 128), 11);
        const std::vector<float> all(keys.values.data(), keys.values.data() + keys.values.size());
        const double low = quantile(all, 0.02), high = quantile(all, 0.98);
        std::int64_t outer = 0, outerInOutlierChannels = 0;
        for (Eigen::Index r = 0; r < keys.values.rows(); ++r)
            for (Eigen::Index c = 0; c < keys.values.cols(); ++c) {
                const float x = keys.values(r, c);
                if (x <= low || x >= high) {
                    ++outer;
                    outerInOutlierChannels +=
                        std::binary_search(keys.outlierChannels.begin(), keys.outlierChannels.end(), int(c));
                }
            }
        // Most of an outlier channel's entries are in the outer group, and outlier channels are
        // many times over-represented there compared with their share of the entries.
        const auto outlierEntries = static_cast<std::int64_t>(keys.outlierChannels.size()) * keys.values.rows();
        QVERIFY2(outerInOutlierChannels > outlierEntries * 3 / 4,
                 qPrintable(QStringLiteral("%1 of %2").arg(outerInOutlierChannels).arg(outlierEntries)));
        const double share = static_cast<double>(keys.outlierChannels.size()) / static_cast<double>(keys.values.cols());
        const double shareOfOuter = static_cast<double>(outerInOutlierChannels) / static_cast<double>(outer);
        QVERIFY2(shareOfOuter > 10 * share, qPrintable(QStringLiteral("%1 vs %2").arg(shareOfOuter).arg(share)));
    }

    void badSpecNamesTheField() {
        SyntheticTensorSpec spec;
        spec.tokens = 0;
        QVERIFY(test::errorOf([&] { syntheticTensor(spec, 1); }).contains(QStringLiteral("tokens = 0")));
        spec = {};
        spec.tailDegreesOfFreedom = 3;
        QVERIFY(test::errorOf([&] { syntheticTensor(spec, 1); }).contains(QStringLiteral("above 4")));
        spec = {};
        spec.outlierChannelFraction = 0.9;
        QVERIFY(test::errorOf([&] { syntheticTensor(spec, 1); }).contains(QStringLiteral("outlier_channel_fraction")));
    }
};

QTEST_APPLESS_MAIN(TestSyntheticTensors)
#include "tst_synthetictensors.moc"
