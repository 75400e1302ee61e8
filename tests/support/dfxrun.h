#pragma once
// A short DFX run for view tests: the paper's hardware (four FPGAs, GPT-2 1.5B) generating a few
// tokens, with the functional track on so the run has attention frames. Links dfx_model.

#include "dfxcatalog.h"
#include "dfxmodel.h"
#include "tests/support/recordedrun.h"

namespace accelscope::test {

inline RecordedRun shortDfxRun(int outputTokens = 3, std::int64_t maxSteps = -1) {
    ParamSet params = ParamSet::fromPreset(dfx::dfxSchema(), *findPreset(dfx::dfxPresets(), QStringLiteral("paper")));
    params.assign(QStringLiteral("input_tokens=16"));
    params.assign(QStringLiteral("output_tokens=%1").arg(outputTokens));
    params.assign(QStringLiteral("functional_layers=2"));
    params.assign(QStringLiteral("functional_steps=%1").arg(outputTokens));
    dfx::DfxModel model(dfx::DfxRunConfig::fromParams(params), 1);
    RecordedRun run = recordRun(model, QStringLiteral("dfx"), maxSteps);
    run.record->info.params = params.toJson();
    return run;
}

}  // namespace accelscope::test
