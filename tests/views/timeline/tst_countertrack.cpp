// The counter track's rasterizer, by what a reader of the track relies on: every column with a value
// has one unbroken outline run that reaches the row of its maximum and, where the column spans
// several values, the row of its minimum; under it a fill down to the baseline; nothing above it,
// nothing in columns without a value, nothing outside the track's area; neighbouring columns'
// outlines touch, so the step line has no gaps; the extremes land on the area's first and last rows.

#include <QtTest>

#include <cmath>
#include <random>

#include "views/timeline/countertrack.h"

using namespace accelscope;

namespace {

const CounterTrackStyle kStyle{QColor(20, 90, 200), QColor(20, 90, 200, 70)};

enum class Pixel { Empty, Line, Fill };

Pixel classify(const QImage &image, int x, int y) {
    const QRgb p = image.pixel(x, y);
    if (qAlpha(p) == 0)
        return Pixel::Empty;
    if (p == kStyle.line.rgba())
        return Pixel::Line;
    return Pixel::Fill;
}

}  // namespace

class TestCounterTrack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void columnsDrawWhatTheirValuesSay() {
        std::mt19937_64 rng(7);
        const QRect area(3, 5, 300, 37);
        const double low = -2.0, high = 50.0;
        const auto yOf = [&](double v) { return area.bottom() + 1 - (v - low) / (high - low) * area.height(); };
        for (int trial = 0; trial < 20; ++trial) {
            CounterSampler::Columns columns;
            const int n = area.width();
            for (int i = 0; i < n; ++i) {
                if (std::uniform_int_distribution<int>(0, 19)(rng) == 0) {  // a gap
                    columns.minimum.push_back(NAN);
                    columns.maximum.push_back(NAN);
                    continue;
                }
                double a = std::uniform_real_distribution<double>(low, high)(rng);
                double b = std::uniform_int_distribution<int>(0, 2)(rng) == 0
                               ? std::uniform_real_distribution<double>(low, high)(rng)
                               : a;
                columns.minimum.push_back(std::min(a, b));
                columns.maximum.push_back(std::max(a, b));
            }
            QImage image(area.width() + 10, area.height() + 12, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
            rasterizeCounterTrack(columns, low, high, area, kStyle, image);

            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (!area.contains(x, y))
                        QCOMPARE(classify(image, x, y), Pixel::Empty);

            int previousLine[2] = {-1, -1};  // the previous column's outline rows, first and last
            for (int i = 0; i < n; ++i) {
                const int x = area.left() + i;
                const double hi = columns.maximum[std::size_t(i)], lo = columns.minimum[std::size_t(i)];
                if (std::isnan(hi)) {
                    for (int y = area.top(); y <= area.bottom(); ++y)
                        QCOMPARE(classify(image, x, y), Pixel::Empty);
                    previousLine[0] = previousLine[1] = -1;
                    continue;
                }
                // From the top: empty rows, one run of outline, fill down to the last row.
                int y = area.top();
                while (y <= area.bottom() && classify(image, x, y) == Pixel::Empty)
                    ++y;
                const int lineFirst = y;
                while (y <= area.bottom() && classify(image, x, y) == Pixel::Line)
                    ++y;
                const int lineLast = y - 1;
                QVERIFY2(lineLast >= lineFirst, "every column with a value has an outline");
                while (y <= area.bottom() && classify(image, x, y) == Pixel::Fill)
                    ++y;
                QCOMPARE(y, area.bottom() + 1);  // nothing but fill below the outline

                const int maxRow = std::clamp(int(std::floor(yOf(hi))), area.top(), area.bottom());
                QVERIFY(lineFirst <= maxRow && maxRow <= lineLast);
                if (lo < hi) {  // the stroke reaches the minimum's row
                    const int minRow = std::clamp(int(std::ceil(yOf(lo))) - 1, area.top(), area.bottom());
                    QVERIFY(lineLast >= minRow);
                }
                if (previousLine[0] >= 0)  // the step from the previous column is drawn
                    QVERIFY(lineFirst <= previousLine[1] + 1 && lineLast >= previousLine[0] - 1);
                else  // after a gap the outline is just this column's own
                    QCOMPARE(lineFirst, maxRow);
                previousLine[0] = lineFirst;
                previousLine[1] = lineLast;
            }
        }
    }

    void extremesLandOnTheFirstAndLastRows() {
        const QRect area(0, 0, 4, 20);
        CounterSampler::Columns columns{{0.0, 10.0, 0.0, 10.0}, {0.0, 10.0, 10.0, 10.0}};
        QImage image(area.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        rasterizeCounterTrack(columns, 0.0, 10.0, area, kStyle, image);
        // Column 0 at the baseline value: its outline is the last row and nothing is filled.
        QCOMPARE(classify(image, 0, area.bottom()), Pixel::Line);
        QCOMPARE(classify(image, 0, area.bottom() - 1), Pixel::Empty);
        // Column 1 at the top value: the first row, and (the step up) a line down to the baseline.
        QCOMPARE(classify(image, 1, area.top()), Pixel::Line);
        // Column 2 spans the whole range: outline from the first row to the last.
        for (int y = area.top(); y <= area.bottom(); ++y)
            QCOMPARE(classify(image, 2, y), Pixel::Line);
        // Column 3 stays at the top: outline on the first row, fill everywhere under it.
        QCOMPARE(classify(image, 3, area.top()), Pixel::Line);
        for (int y = area.top() + 1; y <= area.bottom(); ++y)
            QCOMPARE(classify(image, 3, y), Pixel::Fill);
    }

    void anEmptyRangeDrawsNothing() {
        CounterSampler::Columns columns{{1.0}, {1.0}};
        QImage image(4, 4, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        rasterizeCounterTrack(columns, 1.0, 1.0, image.rect(), kStyle, image);
        QCOMPARE(image.pixel(0, 0), QColor(Qt::transparent).rgba());
    }
};

QTEST_GUILESS_MAIN(TestCounterTrack)
#include "tst_countertrack.moc"
