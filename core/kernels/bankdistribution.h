#pragma once
// Distribution of sparse work items over on-chip memory banks, as an accelerator that feeds its
// dense engines from banked SRAM does (DiSC's hash-based distribution): every item (the nonzero
// entries of a mask, in row-major order) goes to the bank a mapping picks from its linear index,
// and the cycles a stream of items takes are simulated with per-bank queues.
//
// Mappings of a linear index i in a space of S items (a rows × cols mask: i = row · cols + col):
//   blocked  (naive contiguous): bank = floor(i · B / S), each bank a contiguous range;
//   modulo:                      bank = i mod B;
//   xor:                         bank = the XOR of i's consecutive log2(B)-bit chunks, chunk c rotated
//                                left by c bits (B a power of 2): every aligned run of B indices
//                                covers every bank, and equal row and column bits do not cancel.
// Issue model: a front end issues up to `issueWidth` items per cycle in order; an item whose bank
// queue holds `queueDepth` items stops the issue for that cycle (a conflict stall, head of line);
// then every bank serves up to `ports` items. With queueDepth = 1 and ports = 1 a cycle takes a
// run of items with no bank repeated (per-cycle conflicts); a deep queue approaches the whole
// pass's load balance (the busiest bank's load).

#include <cstdint>
#include <vector>

#include <QString>

#include "core/kernels/pruning.h"

namespace accelscope::kernels {

enum class BankHash { Blocked, Modulo, XorFold };
QString toString(BankHash hash);                 // "blocked", "modulo", "xor"
BankHash bankHashFromString(const QString &text);  // throws std::invalid_argument listing the names

struct BankSettings {
    int banks = 16;
    BankHash hash = BankHash::XorFold;
    int issueWidth = 16;  // items the front end issues per cycle
    int ports = 1;        // items a bank serves per cycle
    int queueDepth = 4;   // items a bank can hold
    // Throws std::invalid_argument naming the field (xor needs a power-of-two bank count).
    void validate() const;
};

// The bank of linear index `index` in a space of `space` items.
int bankOf(std::int64_t index, std::int64_t space, const BankSettings &settings);

struct BankDistribution {
    std::vector<std::int64_t> loads;      // items per bank
    std::vector<std::int64_t> conflicts;  // per bank: cycles in which it stopped the issue
    std::int64_t items = 0;
    std::int64_t cycles = 0;       // simulated, until every bank has served its queue
    std::int64_t idealCycles = 0;  // ceil(items / min(issueWidth, banks · ports))
    std::int64_t stallCycles = 0;  // cycles in which a full bank queue stopped the issue
    double windowImbalance = 1.0;  // per issue window of issueWidth items: busiest bank / mean, item-weighted
    // Items waiting in each bank's queue after the issue of evenly spaced cycles (when asked for):
    // snapshot k is taken at cycle floor((k + 0.5) · cycles / count).
    std::vector<std::vector<int>> queueSnapshots;

    double maxOverMean() const;  // the whole pass's busiest bank over the mean (1 when empty)
    double efficiency() const { return cycles > 0 ? double(idealCycles) / double(cycles) : 1.0; }
    // Counts add, imbalances are item-weighted, the first snapshots are kept.
    BankDistribution &operator+=(const BankDistribution &other);
};

// Items given by their linear indices (in issue order) in a space of `space`; `snapshots` queue
// snapshots are kept (0: none).
BankDistribution distributeItems(const std::vector<std::int64_t> &indices, std::int64_t space,
                                 const BankSettings &settings, int snapshots = 0);
// The nonzeros of `mask` in row-major order; rows with `activeRows[row] == 0` are skipped when
// `activeRows` is given (one entry per row).
BankDistribution distributeMask(const MaskU8 &mask, const BankSettings &settings,
                                const std::vector<std::uint8_t> *activeRows = nullptr, int snapshots = 0);

}  // namespace accelscope::kernels
