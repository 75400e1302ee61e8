#pragma once
// Compaction of a sparse output mask for a PE array (EXION's ConMerge, read as column combining
// at the level of entries): the mask (rows × columns, e.g. tokens × FFN neurons or queries × keys,
// 1 = computed) is cut into groups of `tileCols` columns, one per pass of the array's PE columns
// (a PE column shares one weight column or key). Within a group
//   condense: rows with nothing to compute are dropped;
//   merge:    every computed entry moves up into the first merged row whose slot in its column is
//             free and that holds at most `mergeDepth` source rows (each PE picks its input from
//             one of `mergeDepth` row buses, so the depth is the width of that multiplexer);
// and the merged rows stream through the array `tileRows` at a time. Every slot keeps the source
// row it came from, so results scatter back to their positions.
//
// Utilization = nonzeros / PE slots used. Before compaction the array runs every
// tileRows × tileCols tile holding at least one nonzero (all-zero tiles are skipped); after, every
// merged row once.

#include <cstdint>
#include <vector>

#include "core/kernels/pruning.h"

namespace accelscope::kernels {

struct CompactionSettings {
    int tileRows = 64;
    int tileCols = 64;
    int mergeDepth = 4;
    bool condense = true;
    bool merge = true;
    // Throws std::invalid_argument naming the field.
    void validate() const;
};

struct CompactedGroup {
    int firstColumn = 0;
    int width = 0;
    // Per merged row, per column of the group: the source row computed in that slot, −1 if none.
    std::vector<std::vector<int>> slots;
};

struct Compaction {
    CompactionSettings settings;
    int rows = 0, cols = 0;   // of the compacted orientation
    bool transposed = false;  // the mask's columns were merged as rows (compactSparseMask)
    std::int64_t nonzeros = 0;
    std::int64_t denseTiles = 0;     // every tile of the mask
    std::int64_t tilesBefore = 0;    // tiles with at least one nonzero
    std::int64_t condensedRows = 0;  // rows left after condensing, summed over groups
    std::int64_t mergedRows = 0;     // rows after merging, summed over groups
    std::int64_t tilesAfter = 0;     // Σ over groups of ceil(merged rows / tileRows)
    std::vector<CompactedGroup> groups;

    double utilizationBefore() const;
    double utilizationAfter() const;
    // Merged rows / (groups × rows): the share of the dense pass's row passes the compacted pass
    // needs (a large matrix, where the last partial tile does not matter).
    double rowShare() const;
    // The mask rebuilt from the slots (what scatter-back writes), in the input's orientation.
    MaskU8 scatter() const;
};

Compaction compactSparseRows(const MaskU8 &mask, const CompactionSettings &settings = {});
// An output-stationary array streams both operands alike, so either axis of the output can be
// the one merged: compacts the mask and its transpose and keeps the one with fewer row passes.
Compaction compactSparseMask(const MaskU8 &mask, const CompactionSettings &settings = {});

}  // namespace accelscope::kernels
