// Gpt2Forward: feeding a prompt and then single tokens equals feeding the whole sequence.
#include <QtTest>

#include "tests/support/tinygpt2.h"

#include "core/kernels/gpt2.h"

using namespace accelscope;
using namespace accelscope::kernels;

namespace {
TransformerConfig tinyGpt2() {
    return test::tinyGpt2(32);
}
}  // namespace

class TestGpt2Forward : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seededWeightsAreDeterministicAndFp16() {
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights a = Gpt2Weights::random(config, 2, 123);
        const Gpt2Weights b = Gpt2Weights::random(config, 2, 123);
        QVERIFY(a.layers[1].fc2 == b.layers[1].fc2);
        QCOMPARE(a.layers[0].query.cols(), 64);
        QCOMPARE(a.layers[0].projection.rows(), 64);
        const float w = a.layers[0].fc1(3, 5);
        QCOMPARE(w, roundToFp16(w));
        // Init scale 0.02: the sample standard deviation of a 80 × 320 matrix is close to it.
        const MatrixF &fc1 = a.layers[0].fc1;
        const float std = std::sqrt((fc1.array() - fc1.mean()).square().mean());
        QVERIFY(std > 0.019f && std < 0.021f);
    }

    void incrementalGenerationEqualsFullSequence() {
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 2, 5);
        const std::vector<int> tokens = {3, 17, 99, 42, 0, 8, 64, 23, 11, 5};

        Gpt2Forward whole(weights, config, GeluMode::Tanh);
        const MatrixF all = whole.feed(tokens);

        Gpt2Forward stepwise(weights, config, GeluMode::Tanh);
        const MatrixF prompt = stepwise.feed({tokens.begin(), tokens.begin() + 6});
        QVERIFY((prompt - all.topRows(6)).cwiseAbs().maxCoeff() < 1e-5f);
        for (std::size_t t = 6; t < tokens.size(); ++t) {
            const MatrixF logits = stepwise.feed({tokens[t]});
            // Same FP16 roundings; only float32 summation order may differ.
            QVERIFY((logits - all.middleRows(static_cast<Eigen::Index>(t), 1)).cwiseAbs().maxCoeff() < 2e-2f);
        }
        QCOMPARE(stepwise.position(), 10);
    }

    void rewindAndRestoreContinueExactly() {
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 2, 7);
        Gpt2Forward reference(weights, config, GeluMode::Tanh);
        reference.feed({1, 2, 3, 4});
        const MatrixF expected = reference.feed({5});

        // Feeding tokens that are then forgotten leaves no trace.
        Gpt2Forward rewound(weights, config, GeluMode::Tanh);
        rewound.feed({1, 2, 3, 4, 60, 61, 62});
        rewound.rewind(4);
        QCOMPARE(rewound.position(), 4);
        QCOMPARE(rewound.caches().front().length(), 4);
        QVERIFY(rewound.feed({5}) == expected);

        // Another forward pass continues from restored caches as the original would.
        Gpt2Forward restored(weights, config, GeluMode::Tanh);
        restored.restore(reference.caches());
        QCOMPARE(restored.position(), 5);
        QVERIFY(restored.feed({9}) == reference.feed({9}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, restored.rewind(7));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, restored.restore({}));
    }

    void linearInputsAreRecorded() {
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 2, 9);
        std::vector<Gpt2LinearInputs> inputs;
        Gpt2Forward forward(weights, config, GeluMode::Tanh);
        const MatrixF logits = forward.feed({4, 8, 15}, &inputs);
        QCOMPARE(inputs.size(), std::size_t{3});  // two layers and the LM head
        QCOMPARE(inputs[0].qkv.rows(), 3);
        QCOMPARE(inputs[0].qkv.cols(), config.dModel);
        QCOMPARE(inputs[1].projection.cols(), config.attentionWidth());
        QCOMPARE(inputs[1].fc2.cols(), config.ffn);
        // The LM head's input times the tied embedding gives the logits.
        const MatrixF again = inputs.back().qkv * weights.tokenEmbedding.transpose();
        QVERIFY((again - logits).cwiseAbs().maxCoeff() < 1e-5f);
    }

    void tokenOutsideVocabularyIsRejected() {
        const TransformerConfig config = tinyGpt2();
        const Gpt2Weights weights = Gpt2Weights::random(config, 1, 5);
        Gpt2Forward forward(weights, config, GeluMode::Lut);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, forward.feed({101}));
    }
};

QTEST_GUILESS_MAIN(TestGpt2Forward)
#include "tst_gpt2forward.moc"
