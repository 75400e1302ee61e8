// PrecisionPlanner: classes follow the mask (masked, a dilated boundary ring, the most textured
// far tokens as salient), stages follow the step position, and the late stage reuses the
// background between refreshes.
#include <QtTest>

#include "core/api/errors.h"
#include "precisionpolicy.h"
#include "tests/support/errorof.h"

using namespace accelscope;
using namespace accelscope::masq;

namespace {

// An 8x8 token grid (16x16 positions, patch 2) with a 2x2 masked square at tokens (3..4, 3..4), and
// a source that is flat except for a sharp edge inside token (0, 7).
struct Setup {
    std::vector<bool> mask = std::vector<bool>(64, false);
    kernels::Latent source = kernels::Latent::zeros(1, 16, 16, 4);
    Setup() {
        for (int y = 3; y <= 4; ++y)
            for (int x = 3; x <= 4; ++x)
                mask[std::size_t(y * 8 + x)] = true;
        source.values(source.row(0, 0, 15), 0) = 5.f;
    }
};

}  // namespace

class TestPrecisionPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classesFollowTheMask() {
        const Setup s;
        PrecisionPolicy policy;
        policy.salientFraction = 1.0 / 44.0;  // one of the 44 far tokens
        const PrecisionPlanner planner(policy, s.mask, 8, 8, s.source, 2);
        const auto counts = planner.classCounts();
        QCOMPARE(counts[0], 4);
        QCOMPARE(counts[1], 16 - 4);  // the 4x4 ring around the 2x2 square
        QCOMPARE(counts[2], 1);
        QCOMPARE(counts[3], 64 - 16 - 1);
        QVERIFY(planner.classes()[7] == TokenClass::Salient);  // the edge lies in token (0, 7)
        QVERIFY(planner.classes()[2 * 8 + 2] == TokenClass::Boundary);
        QVERIFY(planner.classes()[0] == TokenClass::Background);
    }

    void stagesAssignBitsAndReuse() {
        const Setup s;
        PrecisionPolicy policy;  // early < 0.3 <= middle < 0.7 <= late, refresh every 4
        policy.salientFraction = 0;
        const PrecisionPlanner planner(policy, s.mask, 8, 8, s.source, 2);
        const TokenPlan early = planner.plan(0, 10), middle = planner.plan(5, 10);
        QVERIFY(early.stage == Stage::Early);
        QCOMPARE(int(early.bits[0]), 4);   // background early: MXINT4
        QCOMPARE(int(early.bits[27]), 8);  // masked
        QCOMPARE(int(early.bits[18]), 8);  // boundary early: MXINT8
        QVERIFY(middle.stage == Stage::Middle);
        QCOMPARE(int(middle.bits[0]), 2);
        QCOMPARE(early.computed(), 64);
        // Late steps 7, 8, 9: 7 refreshes, 8 and 9 reuse the background.
        QCOMPARE(planner.plan(7, 10).computed(), 64);
        const TokenPlan reuse = planner.plan(8, 10);
        QVERIFY(reuse.stage == Stage::Late);
        QVERIFY(!reuse.recompute[0]);
        QVERIFY(reuse.recompute[27]);
        QCOMPARE(reuse.computed(), 64 - planner.classCounts()[3]);
        QCOMPARE(reuse.heldAt[0] + reuse.heldAt[1] + reuse.heldAt[2], 64);
    }

    void badPoliciesAreRejected() {
        const Setup s;
        PrecisionPolicy p;
        p.bits[1][2] = 3;
        QVERIFY(test::errorOf([&] { PrecisionPlanner(p, s.mask, 8, 8, s.source, 2); }).contains(QStringLiteral("8, 4 or 2")));
        p = PrecisionPolicy{};
        p.earlyEnd = 0.9;
        QVERIFY(test::errorOf([&] { p.validate(); }).contains(QStringLiteral("late_start")));
        QVERIFY(test::errorOf([&] { PrecisionPlanner(PrecisionPolicy{}, s.mask, 4, 8, s.source, 2); })
                    .contains(QStringLiteral("do not match")));
    }
};

QTEST_GUILESS_MAIN(TestPrecisionPolicy)
#include "tst_precisionpolicy.moc"
