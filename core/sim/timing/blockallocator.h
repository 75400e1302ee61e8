#pragma once
// A linked-list block allocator over banked on-chip SRAM: memory is cut into fixed-size blocks,
// free blocks of each bank sit on a free list, and an allocation is a chain of blocks linked by
// next pointers (ZK-Flex's linked-list memory: a buffer such as a Pippenger bucket array grows
// block by block, from its home bank first and from other banks when that one is full, so
// buffers of varying size share limited SRAM without reserving their worst case).
#include <cstdint>
#include <vector>

namespace accelscope::timing {

using BlockChain = std::int32_t;  // handle: the chain's head block, kNoBlock when empty
inline constexpr std::int32_t kNoBlock = -1;

class BlockAllocator {
public:
    // Throws InputError for non-positive sizes.
    BlockAllocator(int banks, std::int64_t bankBytes, std::int64_t blockBytes);

    int banks() const { return static_cast<int>(freeHead_.size()); }
    std::int64_t blockBytes() const { return blockBytes_; }
    int blocksPerBank() const { return blocksPerBank_; }
    int freeBlocks() const;
    int usedBlocks(int bank) const { return used_.at(static_cast<std::size_t>(bank)); }
    std::int64_t usedBytes(int bank) const { return blockBytes_ * usedBlocks(bank); }

    // A chain of ⌈bytes / blockBytes⌉ blocks, taken from `homeBank` first and then from the
    // other banks in order; kNoBlock (and nothing taken) when the SRAM has too few free blocks.
    BlockChain allocate(std::int64_t bytes, int homeBank);
    // Appends blocks to an existing chain (a growing buffer); false when out of blocks.
    bool extend(BlockChain &chain, std::int64_t bytes, int homeBank);
    // Returns every block of the chain to its bank's free list.
    void release(BlockChain &chain);
    // Blocks in a chain, by walking its links.
    int chainLength(BlockChain chain) const;
    int bankOf(std::int32_t block) const { return block / blocksPerBank_; }

private:
    std::int32_t takeBlock(int homeBank);
    std::int64_t blockBytes_;
    int blocksPerBank_;
    std::vector<std::int32_t> next_;      // per block: next in its chain or free list
    std::vector<std::int32_t> freeHead_;  // per bank
    std::vector<int> used_;               // per bank
    std::vector<int> free_;               // per bank
};

}  // namespace accelscope::timing
