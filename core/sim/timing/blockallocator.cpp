#include "core/sim/timing/blockallocator.h"

#include <numeric>

#include "core/api/errors.h"

namespace accelscope::timing {

BlockAllocator::BlockAllocator(int banks, std::int64_t bankBytes, std::int64_t blockBytes)
    : blockBytes_(blockBytes) {
    if (banks < 1 || blockBytes < 1 || bankBytes < blockBytes)
        throw InputError(
            QStringLiteral("block allocator: %1 banks of %2 bytes in blocks of %3 bytes; need at least one "
                           "bank holding at least one block")
                .arg(banks)
                .arg(bankBytes)
                .arg(blockBytes));
    blocksPerBank_ = static_cast<int>(bankBytes / blockBytes);
    next_.resize(static_cast<std::size_t>(banks) * static_cast<std::size_t>(blocksPerBank_));
    freeHead_.resize(static_cast<std::size_t>(banks));
    used_.assign(static_cast<std::size_t>(banks), 0);
    free_.assign(static_cast<std::size_t>(banks), blocksPerBank_);
    for (int b = 0; b < banks; ++b) {
        const int first = b * blocksPerBank_;
        freeHead_[static_cast<std::size_t>(b)] = first;
        for (int i = 0; i < blocksPerBank_; ++i)
            next_[static_cast<std::size_t>(first + i)] = i + 1 < blocksPerBank_ ? first + i + 1 : kNoBlock;
    }
}

int BlockAllocator::freeBlocks() const {
    return std::accumulate(free_.begin(), free_.end(), 0);
}

std::int32_t BlockAllocator::takeBlock(int homeBank) {
    for (int k = 0; k < banks(); ++k) {
        const auto bank = static_cast<std::size_t>((homeBank + k) % banks());
        const std::int32_t block = freeHead_[bank];
        if (block == kNoBlock)
            continue;
        freeHead_[bank] = next_[static_cast<std::size_t>(block)];
        next_[static_cast<std::size_t>(block)] = kNoBlock;
        ++used_[bank];
        --free_[bank];
        return block;
    }
    return kNoBlock;
}

BlockChain BlockAllocator::allocate(std::int64_t bytes, int homeBank) {
    BlockChain chain = kNoBlock;
    if (!extend(chain, bytes, homeBank))
        return kNoBlock;
    return chain;
}

bool BlockAllocator::extend(BlockChain &chain, std::int64_t bytes, int homeBank) {
    const std::int64_t blocks = (bytes + blockBytes_ - 1) / blockBytes_;
    if (blocks > freeBlocks())
        return false;
    std::int32_t tail = chain;
    while (tail != kNoBlock && next_[static_cast<std::size_t>(tail)] != kNoBlock)
        tail = next_[static_cast<std::size_t>(tail)];
    for (std::int64_t i = 0; i < blocks; ++i) {
        const std::int32_t block = takeBlock(homeBank);
        if (tail == kNoBlock)
            chain = block;
        else
            next_[static_cast<std::size_t>(tail)] = block;
        tail = block;
    }
    return true;
}

void BlockAllocator::release(BlockChain &chain) {
    while (chain != kNoBlock) {
        const std::int32_t following = next_[static_cast<std::size_t>(chain)];
        const auto bank = static_cast<std::size_t>(bankOf(chain));
        next_[static_cast<std::size_t>(chain)] = freeHead_[bank];
        freeHead_[bank] = chain;
        --used_[bank];
        ++free_[bank];
        chain = following;
    }
}

int BlockAllocator::chainLength(BlockChain chain) const {
    int length = 0;
    for (; chain != kNoBlock; chain = next_[static_cast<std::size_t>(chain)])
        ++length;
    return length;
}

}  // namespace accelscope::timing
