#include "dfxprogram.h"

#include "core/sim/timing/units.h"

namespace accelscope::dfx {

using timing::ceilDiv;

QString toString(CoreUnit unit) {
    switch (unit) {
        case CoreUnit::Mpu:
            return QStringLiteral("MPU");
        case CoreUnit::Vpu:
            return QStringLiteral("VPU");
        case CoreUnit::Sfu:
            return QStringLiteral("SFU");
        case CoreUnit::DmaRead:
            return QStringLiteral("DMA read");
        case CoreUnit::DmaWrite:
            return QStringLiteral("DMA write");
        case CoreUnit::Router:
            return QStringLiteral("router");
        case CoreUnit::Pcie:
            return QStringLiteral("PCIe");
    }
    return {};
}

namespace {
using Dep = Instruction::Dep;
Dep after(int slot) {
    return Dep{slot, false, 0};
}
Dep after(int slot, TimePs lagPs) {
    return Dep{slot, false, lagPs};
}
Dep chained(int slot, TimePs lagPs) {
    return Dep{slot, true, lagPs};
}
int push(std::vector<Instruction> &out, Instruction instruction) {
    out.push_back(std::move(instruction));
    return static_cast<int>(out.size()) - 1;
}
}  // namespace

DfxProgram::DfxProgram(const TransformerConfig &config, const DfxHardware &hardware, int devices)
    : config_(config), hw_(hardware), devices_(devices) {}

TimePs DfxProgram::cycles(std::int64_t n) const {
    return timing::cyclesToPs(n, hw_.clockHz);
}

TimePs DfxProgram::hbmStreamPs(std::uint64_t bytes) const {
    return timing::bytesToPs(bytes, hw_.hbmBytesPerSecond());
}

TimePs DfxProgram::matrixDrainPs() const {
    return cycles(hw_.mpu().pipelineLatencyCycles());
}

TimePs DfxProgram::conv1dDrainPs() const {
    return cycles(hw_.mpu().pipelineLatencyCycles() + hw_.adderLatency);
}

Instruction DfxProgram::weightRead(const QString &what, std::int64_t k, std::int64_t n, int inputSlot) const {
    Instruction i;
    i.name = QStringLiteral("DMA ") + what;
    i.unit = CoreUnit::DmaRead;
    i.kind = OpKind::MemoryRead;
    i.memory = MemorySpace::Hbm;
    i.bytes = static_cast<std::uint64_t>(k * n * hw_.bytesPerElement);
    // The DMA keeps requests in flight on every channel: it is busy for bytes / bandwidth and the
    // data arrives the HBM latency later (the consumer's chain lag), so back-to-back reads leave
    // no gap in the stream.
    i.durationPs = hbmStreamPs(i.bytes);
    // Weights stream straight into the MAC trees, so the read starts once the input is valid.
    i.deps = {after(inputSlot)};
    i.doc = QStringLiteral(
                "The DMA streams %1 (%2 × %3 FP16, %4 KiB) from all HBM channels in "
                "zig-zag tile order.")
                .arg(what)
                .arg(k)
                .arg(n)
                .arg(static_cast<double>(i.bytes) / 1024.0, 0, 'f', 0);
    return i;
}

Instruction DfxProgram::conv1d(const QString &what, int rows, std::int64_t k, std::int64_t n, int dmaSlot,
                               int inputSlot) const {
    const timing::MacTreeArray mpu = hw_.mpu();
    Instruction i;
    i.name = QStringLiteral("Conv1D ") + what;
    i.unit = CoreUnit::Mpu;
    i.kind = OpKind::Matrix;
    // Each weight tile is held while all `rows` input vectors pass it. The MPU is a pipeline: it
    // is busy while tiles enter the MAC trees (one tile-row per cycle, no faster than the DMA
    // delivers them: the chain below), and the last result, bias added in the accumulator (one
    // more FP16 add), leaves conv1dDrainPs() later; consumers wait for that (their lag).
    i.durationPs = cycles(mpu.tiles(k, n) * rows);
    i.flops = static_cast<std::uint64_t>(2 * rows * k * n);
    i.deps = {chained(dmaSlot, hw_.hbmLatencyPs), after(inputSlot)};
    i.doc = QStringLiteral(
                "The MPU's %1 MAC trees multiply %2 input row(s) of %3 by the %4 weight "
                "tiles (%5 × %6) as they arrive, adding the bias; the bar shows the cycles tiles "
                "enter the trees, results leave the pipeline a few cycles later.")
                .arg(hw_.macLanes)
                .arg(rows)
                .arg(k)
                .arg(what)
                .arg(hw_.macWidth)
                .arg(hw_.macLanes);
    return i;
}

Instruction DfxProgram::sync(int index, const QString &what, int rows, std::int64_t width, int producerSlot,
                             TimePs producerLagPs) const {
    Instruction i;
    i.name = QStringLiteral("Sync %1 ").arg(index) + what;
    i.unit = CoreUnit::Router;
    i.kind = OpKind::Sync;
    i.sync = index;
    i.bytes = static_cast<std::uint64_t>(rows * width * hw_.bytesPerElement);
    i.deps = {after(producerSlot, producerLagPs)};
    i.doc = devices_ > 1
                ? QStringLiteral(
                      "The routers all-gather the %1: each core's %2-element slice travels %3 "
                      "hop(s) around the ring until every core holds all %4 elements.")
                      .arg(what)
                      .arg(rows > 1 ? QStringLiteral("%1 × %2").arg(rows).arg(width) : QString::number(width))
                      .arg(devices_ - 1)
                      .arg(rows > 1 ? QStringLiteral("%1 × %2").arg(rows).arg(width * devices_)
                                    : QString::number(width * devices_))
                : QStringLiteral("With one core the %1 is already whole: no synchronization.").arg(what);
    return i;
}

void DfxProgram::layerNorm(std::vector<Instruction> &out, const QString &name, int rows,
                           int inputSlot) const {
    const std::int64_t passes = rows * ceilDiv(config_.dModel, hw_.vectorWidth);
    const int treeDepth = hw_.mpu().treeDepth();
    Instruction square;
    square.name = name + QStringLiteral(" square");
    square.unit = CoreUnit::Vpu;
    square.kind = OpKind::Vector;
    square.durationPs = cycles(passes + hw_.vectorSquareLatency);
    square.flops = static_cast<std::uint64_t>(rows * config_.dModel);
    square.deps = {after(inputSlot)};
    square.doc = QStringLiteral("%1: the VPU squares the hidden vector, 64 elements per cycle.").arg(name);
    const int squareSlot = push(out, square);

    Instruction stats;
    stats.name = name + QStringLiteral(" mean, variance, rsqrt");
    stats.unit = CoreUnit::Sfu;
    stats.kind = OpKind::Special;
    stats.durationPs = cycles(2 * passes + treeDepth * hw_.adderLatency + hw_.sfuReciprocalLatency);
    stats.flops = static_cast<std::uint64_t>(2 * rows * config_.dModel);
    stats.deps = {chained(squareSlot, cycles(hw_.vectorSquareLatency)), after(inputSlot)};
    stats.doc = QStringLiteral(
                    "%1: the SFU's adder tree accumulates Σx and Σx², then takes the "
                    "reciprocal square root of the variance.")
                    .arg(name);
    const int statsSlot = push(out, stats);

    Instruction normalize;
    normalize.name = name + QStringLiteral(" normalize");
    normalize.unit = CoreUnit::Vpu;
    normalize.kind = OpKind::Vector;
    normalize.durationPs =
        cycles(passes + hw_.vectorAddLatency + 2 * hw_.vectorMulLatency + hw_.vectorAddLatency);
    normalize.flops = static_cast<std::uint64_t>(4 * rows * config_.dModel);
    normalize.deps = {after(statsSlot)};
    normalize.doc =
        QStringLiteral("%1: the VPU subtracts the mean, scales by 1/σ and applies γ and β.").arg(name);
    push(out, normalize);
}

InstructionBlock DfxProgram::head(int rows, bool first) const {
    std::vector<Instruction> out;
    int tokenSlot = Instruction::kPreviousBlock;
    if (first) {
        Instruction upload;
        upload.name = QStringLiteral("Upload prompt");
        upload.unit = CoreUnit::Pcie;
        upload.kind = OpKind::Transfer;
        upload.memory = MemorySpace::Host;
        upload.bytes = static_cast<std::uint64_t>(rows) * 4;
        upload.durationPs = hw_.pcie().transferPs(upload.bytes);
        upload.doc = QStringLiteral(
                         "The host sends the %1 prompt token ids over PCIe; the "
                         "controller learns the core ID, core count and layer count.")
                         .arg(rows);
        tokenSlot = push(out, upload);
    }
    Instruction lookup;
    lookup.name = QStringLiteral("DMA embedding lookup");
    lookup.unit = CoreUnit::DmaRead;
    lookup.kind = OpKind::MemoryRead;
    lookup.memory = MemorySpace::Ddr;
    lookup.bytes = static_cast<std::uint64_t>(2 * rows * config_.dModel * hw_.bytesPerElement);
    lookup.durationPs = hw_.ddr().transferPs(lookup.bytes);
    lookup.deps = {after(tokenSlot)};
    lookup.doc = QStringLiteral(
                     "The DMA reads the token and position embedding rows (WTE, WPE) of %1 "
                     "token(s) from DDR4.")
                     .arg(rows);
    const int lookupSlot = push(out, lookup);

    Instruction add;
    add.name = QStringLiteral("Embedding add");
    add.unit = CoreUnit::Vpu;
    add.kind = OpKind::Vector;
    add.durationPs = cycles(rows * ceilDiv(config_.dModel, hw_.vectorWidth) + hw_.vectorAddLatency);
    add.flops = static_cast<std::uint64_t>(rows * config_.dModel);
    add.deps = {after(lookupSlot)};
    add.doc = QStringLiteral("The VPU adds token and position embeddings: the first hidden vector(s).");
    const int output = push(out, add);
    return {std::move(out), output};
}

InstructionBlock DfxProgram::decoderLayer(int rows, int kvLength) const {
    const std::int64_t d = config_.dModel;
    const std::int64_t attentionLocal = config_.attentionWidth() / devices_;
    const std::int64_t headsLocal = config_.heads / devices_;
    const std::int64_t modelLocal = d / devices_;
    const std::int64_t ffnLocal = config_.ffn / devices_;
    const std::int64_t headDim = config_.headDim;
    const timing::MacTreeArray mpu = hw_.mpu();
    const std::int64_t scoreChunks = rows * headsLocal * ceilDiv(kvLength, hw_.vectorWidth);
    std::vector<Instruction> out;

    layerNorm(out, QStringLiteral("LN1"), rows, Instruction::kPreviousBlock);
    const int ln1 = static_cast<int>(out.size()) - 1;

    // V first: its transposed write-back overlaps the K and Q projections.
    const int readV = push(out, weightRead(QStringLiteral("W_V"), d, attentionLocal, ln1));
    const int convV = push(out, conv1d(QStringLiteral("V"), rows, d, attentionLocal, readV, ln1));
    Instruction writeV;
    writeV.name = QStringLiteral("DMA V^T to KV cache");
    writeV.unit = CoreUnit::DmaWrite;
    writeV.kind = OpKind::MemoryWrite;
    writeV.memory = MemorySpace::Hbm;
    writeV.bytes = static_cast<std::uint64_t>(rows * attentionLocal * hw_.bytesPerElement);
    writeV.kvBytesAppended = writeV.bytes;
    writeV.durationPs = hw_.hbm().transferPs(writeV.bytes);
    writeV.deps = {after(convV, conv1dDrainPs())};
    writeV.doc = QStringLiteral(
        "The DMA's transpose unit writes the new V row(s) into the V^T cache "
        "in HBM, while the K and Q projections run.");
    const int writeVSlot = push(out, writeV);

    const int readK = push(out, weightRead(QStringLiteral("W_K"), d, attentionLocal, ln1));
    const int convK = push(out, conv1d(QStringLiteral("K"), rows, d, attentionLocal, readK, ln1));
    Instruction writeK = writeV;
    writeK.name = QStringLiteral("DMA K to KV cache");
    writeK.deps = {after(convK, conv1dDrainPs())};
    writeK.doc = QStringLiteral("The DMA appends the new K row(s) to this core's K cache in HBM.");
    const int writeKSlot = push(out, writeK);

    const int readQ = push(out, weightRead(QStringLiteral("W_Q"), d, attentionLocal, ln1));
    const int convQ = push(out, conv1d(QStringLiteral("Q"), rows, d, attentionLocal, readQ, ln1));

    Instruction readKCache;
    readKCache.name = QStringLiteral("DMA K cache");
    readKCache.unit = CoreUnit::DmaRead;
    readKCache.kind = OpKind::MemoryRead;
    readKCache.memory = MemorySpace::Hbm;
    readKCache.bytes = static_cast<std::uint64_t>(headsLocal * kvLength * headDim * hw_.bytesPerElement);
    readKCache.durationPs = hbmStreamPs(readKCache.bytes);
    readKCache.deps = {after(writeKSlot)};
    readKCache.doc = QStringLiteral("The DMA streams the K cache of this core's %1 head(s), %2 tokens long.")
                         .arg(headsLocal)
                         .arg(kvLength);
    const int readKSlot = push(out, readKCache);

    Instruction scores;
    scores.name = QStringLiteral("MaskedMM QK^T");
    scores.unit = CoreUnit::Mpu;
    scores.kind = OpKind::Matrix;
    scores.durationPs = cycles(headsLocal * rows * mpu.tiles(headDim, kvLength));
    scores.flops = static_cast<std::uint64_t>(2 * rows * headsLocal * headDim * kvLength);
    scores.deps = {chained(readKSlot, hw_.hbmLatencyPs), after(convQ, conv1dDrainPs())};
    scores.doc = QStringLiteral(
                     "The MPU scores each query against all %1 cached keys, head by head "
                     "(the head dimension 64 fills one MAC tree).")
                     .arg(kvLength);
    const int scoresSlot = push(out, scores);

    Instruction mask;
    mask.name = QStringLiteral("Mask, scale, row max");
    mask.unit = CoreUnit::Sfu;
    mask.kind = OpKind::Special;
    mask.durationPs = cycles(scoreChunks + hw_.sfuMaskLatency + mpu.treeDepth() * hw_.sfuCompareLatency);
    mask.deps = {chained(scoresSlot, matrixDrainPs() + cycles(hw_.sfuMaskLatency))};
    mask.doc = QStringLiteral(
        "SFU_M sets future positions to -inf, multiplies by 1/sqrt(64) and finds "
        "each row's maximum with its comparator tree.");
    const int maskSlot = push(out, mask);

    Instruction exp;
    exp.name = QStringLiteral("Softmax exp");
    exp.unit = CoreUnit::Vpu;
    exp.kind = OpKind::Vector;
    exp.durationPs = cycles(scoreChunks + hw_.vectorAddLatency + hw_.vectorExpLatency);
    exp.flops = static_cast<std::uint64_t>(2 * rows * headsLocal * kvLength);
    exp.deps = {after(maskSlot)};
    exp.doc = QStringLiteral("The VPU subtracts the row maximum and exponentiates the scores.");
    const int expSlot = push(out, exp);

    Instruction sum;
    sum.name = QStringLiteral("Softmax sum, reciprocal");
    sum.unit = CoreUnit::Sfu;
    sum.kind = OpKind::Special;
    sum.durationPs = cycles(scoreChunks + mpu.treeDepth() * hw_.adderLatency + hw_.sfuReciprocalLatency);
    sum.deps = {chained(expSlot, cycles(hw_.vectorExpLatency))};
    sum.doc = QStringLiteral("SFU_V accumulates each row's exponentials and takes the reciprocal.");
    const int sumSlot = push(out, sum);

    Instruction normalize;
    normalize.name = QStringLiteral("Softmax normalize");
    normalize.unit = CoreUnit::Vpu;
    normalize.kind = OpKind::Vector;
    normalize.durationPs = cycles(scoreChunks + hw_.vectorMulLatency);
    normalize.flops = static_cast<std::uint64_t>(rows * headsLocal * kvLength);
    normalize.deps = {after(sumSlot)};
    normalize.doc =
        QStringLiteral("The VPU multiplies the exponentials by the reciprocal: attention probabilities.");
    const int normalizeSlot = push(out, normalize);

    Instruction readVCache = readKCache;
    readVCache.name = QStringLiteral("DMA V^T cache");
    readVCache.deps = {after(writeVSlot)};
    readVCache.doc = QStringLiteral("The DMA streams the transposed V cache of this core's head(s).");
    const int readVSlot = push(out, readVCache);

    Instruction context;
    context.name = QStringLiteral("MM score x V");
    context.unit = CoreUnit::Mpu;
    context.kind = OpKind::Matrix;
    context.durationPs = cycles(headsLocal * rows * mpu.tiles(kvLength, headDim));
    context.flops = static_cast<std::uint64_t>(2 * rows * headsLocal * kvLength * headDim);
    context.deps = {chained(readVSlot, hw_.hbmLatencyPs), after(normalizeSlot)};
    context.doc =
        QStringLiteral("The MPU weights the cached values by the probabilities: each head's context vector.");
    const int contextSlot = push(out, context);

    const int sync1 =
        push(out, sync(1, QStringLiteral("attention"), rows, attentionLocal, contextSlot, matrixDrainPs()));
    const int readProj =
        push(out, weightRead(QStringLiteral("W_proj"), config_.attentionWidth(), modelLocal, sync1));
    const int convProj = push(
        out, conv1d(QStringLiteral("proj"), rows, config_.attentionWidth(), modelLocal, readProj, sync1));
    const int sync2 =
        push(out, sync(2, QStringLiteral("projection"), rows, modelLocal, convProj, conv1dDrainPs()));

    Instruction residual1;
    residual1.name = QStringLiteral("Residual 1");
    residual1.unit = CoreUnit::Vpu;
    residual1.kind = OpKind::Vector;
    residual1.durationPs = cycles(rows * ceilDiv(d, hw_.vectorWidth) + hw_.vectorAddLatency);
    residual1.flops = static_cast<std::uint64_t>(rows * d);
    residual1.deps = {after(sync2), after(Instruction::kPreviousBlock)};
    residual1.doc =
        QStringLiteral("The VPU adds the attention output to the layer input (residual connection).");
    const int residual1Slot = push(out, residual1);

    layerNorm(out, QStringLiteral("LN2"), rows, residual1Slot);
    const int ln2 = static_cast<int>(out.size()) - 1;
    const int readFc1 = push(out, weightRead(QStringLiteral("W_FC1"), d, ffnLocal, ln2));
    const int convFc1 = push(out, conv1d(QStringLiteral("FC1"), rows, d, ffnLocal, readFc1, ln2));

    Instruction gelu;
    gelu.name = QStringLiteral("GELU (LUT)");
    gelu.unit = CoreUnit::Sfu;
    gelu.kind = OpKind::Special;
    gelu.durationPs = cycles(rows * ceilDiv(ffnLocal, hw_.vectorWidth) + hw_.sfuGeluLatency);
    gelu.flops = static_cast<std::uint64_t>(2 * rows * ffnLocal);
    gelu.deps = {chained(convFc1, conv1dDrainPs() + cycles(hw_.sfuGeluLatency))};
    gelu.doc = QStringLiteral(
                   "SFU_M applies GELU by piece-wise linear interpolation in a %1-entry "
                   "table over [-8, 8] as FC1's results stream out.")
                   .arg(hw_.lutGeluPoints);
    const int geluSlot = push(out, gelu);

    const int sync3 = push(out, sync(3, QStringLiteral("FFN hidden"), rows, ffnLocal, geluSlot));
    const int readFc2 = push(out, weightRead(QStringLiteral("W_FC2"), config_.ffn, modelLocal, sync3));
    const int convFc2 =
        push(out, conv1d(QStringLiteral("FC2"), rows, config_.ffn, modelLocal, readFc2, sync3));
    const int sync4 =
        push(out, sync(4, QStringLiteral("FFN output"), rows, modelLocal, convFc2, conv1dDrainPs()));

    Instruction residual2 = residual1;
    residual2.name = QStringLiteral("Residual 2");
    residual2.deps = {after(sync4), after(residual1Slot)};
    residual2.doc = QStringLiteral("The VPU adds the FFN output to the residual stream: the layer's output.");
    const int output = push(out, residual2);
    return {std::move(out), output};
}

InstructionBlock DfxProgram::tail() const {
    const std::int64_t vocabLocal = ceilDiv(config_.vocab, devices_);
    const timing::MacTreeArray mpu = hw_.mpu();
    std::vector<Instruction> out;
    layerNorm(out, QStringLiteral("Final LN"), 1, Instruction::kPreviousBlock);
    const int ln = static_cast<int>(out.size()) - 1;
    const int readHead = push(out, weightRead(QStringLiteral("LM head"), config_.dModel, vocabLocal, ln));

    Instruction logits;
    logits.name = QStringLiteral("MM logits");
    logits.unit = CoreUnit::Mpu;
    logits.kind = OpKind::Matrix;
    logits.durationPs = cycles(mpu.tiles(config_.dModel, vocabLocal));
    logits.flops = static_cast<std::uint64_t>(2 * config_.dModel * vocabLocal);
    logits.deps = {chained(readHead, hw_.hbmLatencyPs), after(ln)};
    logits.doc = QStringLiteral("The MPU computes this core's %1 vocabulary logits of the last token.")
                     .arg(vocabLocal);
    const int logitsSlot = push(out, logits);

    Instruction argmax;
    argmax.name = QStringLiteral("Argmax");
    argmax.unit = CoreUnit::Sfu;
    argmax.kind = OpKind::Special;
    argmax.durationPs =
        cycles(ceilDiv(vocabLocal, hw_.vectorWidth) + mpu.treeDepth() * hw_.sfuCompareLatency);
    argmax.deps = {chained(logitsSlot, matrixDrainPs() + cycles(hw_.sfuCompareLatency))};
    argmax.doc = QStringLiteral(
        "SFU_M's reduce-max tree finds this core's best logit and its index (greedy decoding).");
    const int argmaxSlot = push(out, argmax);

    // Each core contributes its best (logit, index) pair: 2 FP16 words.
    const int syncSlot = push(out, sync(5, QStringLiteral("sampling"), 1, 2, argmaxSlot));

    Instruction pick;
    pick.name = QStringLiteral("Pick token");
    pick.unit = CoreUnit::Sfu;
    pick.kind = OpKind::Special;
    pick.durationPs = cycles(devices_ + hw_.sfuCompareLatency);
    pick.deps = {after(syncSlot)};
    pick.doc = QStringLiteral("Every core compares the gathered candidates and picks the same next token.");
    const int pickSlot = push(out, pick);

    Instruction store;
    store.name = QStringLiteral("DMA store token");
    store.unit = CoreUnit::DmaWrite;
    store.kind = OpKind::MemoryWrite;
    store.memory = MemorySpace::Ddr;
    store.bytes = 4;
    store.durationPs = hw_.ddr().transferPs(store.bytes);
    store.deps = {after(pickSlot)};
    store.doc = QStringLiteral("The DMA stores the token id in DDR4 for the next embedding lookup.");
    push(out, store);

    Instruction send;
    send.name = QStringLiteral("Token to host");
    send.unit = CoreUnit::Pcie;
    send.kind = OpKind::Transfer;
    send.memory = MemorySpace::Host;
    send.bytes = 4;
    send.durationPs = hw_.pcie().transferPs(send.bytes);
    send.coreZeroOnly = true;
    send.deps = {after(pickSlot)};
    send.doc = QStringLiteral("Core 0 returns the generated token id to the host over PCIe.");
    push(out, send);
    return {std::move(out), pickSlot};
}

int DfxProgram::headSize() const {
    return static_cast<int>(head(1, false).instructions.size());
}
int DfxProgram::layerSize() const {
    return static_cast<int>(decoderLayer(1, 1).instructions.size());
}
int DfxProgram::tailSize() const {
    return static_cast<int>(tail().instructions.size());
}

std::uint64_t DfxProgram::layerWeightBytesPerDevice() const {
    const std::int64_t d = config_.dModel;
    const std::int64_t a = config_.attentionWidth();
    const std::int64_t params = 3 * d * a + a * d + 2 * d * config_.ffn;
    return static_cast<std::uint64_t>(params / devices_ * hw_.bytesPerElement);
}

std::uint64_t DfxProgram::lmHeadBytesPerDevice() const {
    return static_cast<std::uint64_t>(config_.dModel * ceilDiv(config_.vocab, devices_) *
                                      hw_.bytesPerElement);
}

std::uint64_t DfxProgram::weightBytesPerDevice() const {
    return layerWeightBytesPerDevice() * static_cast<std::uint64_t>(config_.layers) + lmHeadBytesPerDevice();
}

std::uint64_t DfxProgram::kvBytesPerTokenPerLayer() const {
    return static_cast<std::uint64_t>(2 * config_.attentionWidth() / devices_ * hw_.bytesPerElement);
}

}  // namespace accelscope::dfx
