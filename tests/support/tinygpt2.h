#pragma once
// A GPT-2-shaped transformer small enough for exact functional tests. Its attention width (64)
// differs from d_model (80), as in DFX's 24-head GPT-2 1.5B.

#include "core/workloads/transformer.h"

namespace accelscope::test {

inline TransformerConfig tinyGpt2(int maxPositions = 64) {
    TransformerConfig c;
    c.id = QStringLiteral("tiny");
    c.layers = 2;
    c.dModel = 80;
    c.heads = 8;
    c.kvHeads = 8;
    c.headDim = 8;
    c.ffn = 320;
    c.vocab = 101;
    c.maxPositions = maxPositions;
    return c;
}

}  // namespace accelscope::test
