#pragma once
// A small hand-written schema and presets shared by the parameter editor tests.

#include <vector>

#include "core/api/param.h"

namespace accelscope::test {

inline ParamSchema smallSchema() {
    using G = ParamGroup;
    return ParamSchema({
        ParamSpec::choice(QStringLiteral("model"), QStringLiteral("Model"), G::Workload,
                          QStringLiteral("small"), {QStringLiteral("small"), QStringLiteral("large")},
                          QStringLiteral("Which network runs")),
        ParamSpec::integer(QStringLiteral("tokens"), QStringLiteral("Tokens"), G::Workload, 64, 1, 1024,
                           QStringLiteral("tokens"), QStringLiteral("Tokens generated")),
        ParamSpec::real(QStringLiteral("clock_mhz"), QStringLiteral("Clock"), G::Hardware, 200, 50, 500,
                        QStringLiteral("MHz"), QStringLiteral("Core clock")),
        ParamSpec::integer(QStringLiteral("lanes"), QStringLiteral("Lanes"), G::Hardware, 16, 1, 256,
                           QStringLiteral("lanes"), QStringLiteral("MAC lanes")),
        ParamSpec::flag(QStringLiteral("functional"), QStringLiteral("Functional"), G::Workload, false,
                        QStringLiteral("Also compute <the> results for real")),
    });
}

inline std::vector<Preset> smallPresets() {
    return {
        Preset{QStringLiteral("paper"),
               QStringLiteral("The paper's setup"),
               {{QStringLiteral("model"), QStringLiteral("large")},
                {QStringLiteral("tokens"), std::int64_t{256}}}},
        Preset{QStringLiteral("quick"),
               QStringLiteral("A fast look"),
               {{QStringLiteral("model"), QStringLiteral("small")},
                {QStringLiteral("tokens"), std::int64_t{8}},
                {QStringLiteral("clock_mhz"), 100.0}}},
    };
}

}  // namespace accelscope::test
