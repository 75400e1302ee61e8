#pragma once
// A Tokens frame decoded for drawing: per-token states (core/api/trace.h token_state) laid out
// as frames x rows x cols. A 1-D sequence is wrapped into rows, a 2-D frame is one grid, a 3-D
// frame (e.g. video: frames x height x width) is several grids. Token indices are flat, in
// recording order, and merged-into states name their destination by that flat index.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QString>

#include "core/api/trace.h"

namespace accelscope {

struct StoredFrame;

struct TokenGrid {
    std::vector<std::int64_t> shape;  // as recorded
    int frames = 1;
    int rows = 0;
    int cols = 0;
    bool wrapped = false;              // a 1-D sequence wrapped into rows of `cols`
    std::vector<std::int32_t> states;  // one per token

    int count() const { return static_cast<int>(states.size()); }
    int perFrame() const { return rows * cols; }
    struct Position {
        int frame = 0;
        int row = 0;
        int col = 0;
    };
    Position position(int token) const {
        return {token / perFrame(), (token % perFrame()) / cols, token % cols};
    }
    // The token at a grid position; -1 for the empty tail of a wrapped sequence.
    int tokenAt(int frame, int row, int col) const {
        const int t = frame * perFrame() + row * cols + col;
        return t >= 0 && t < count() ? t : -1;
    }
    // "token 37 (f 1, h 2, w 5)" with the coordinates that mean something for the shape.
    QString describe(int token) const;
};

// How many tokens a wrapped 1-D sequence shows per row: all of a short one, else a multiple of 8
// near a 2:1 rectangle.
int wrapWidth(int count);

// Decodes a Tokens frame (I32 or U8 states); nothing, with the reason in `error`, when malformed.
std::optional<TokenGrid> decodeTokenGrid(const std::vector<std::int64_t> &shape, DType dtype,
                                         const QByteArray &data, QString *error = nullptr);
std::optional<TokenGrid> decodeTokenGrid(const StoredFrame &frame, QString *error = nullptr);

// A merged token and the token it was merged into.
struct TokenLink {
    int from = 0;
    int to = 0;
    bool operator==(const TokenLink &other) const = default;
};
// Every merged-into state whose destination is a token of the grid, in token order.
std::vector<TokenLink> mergeLinks(const TokenGrid &grid);

struct TokenCounts {
    int kept = 0;
    int pruned = 0;
    int merged = 0;
    int reused = 0;
    int evicted = 0;
    int other = 0;
    std::map<int, int> precisionByBits;  // bit width -> tokens
    int total = 0;
    int precision() const;
    // Tokens whose state is `kept`, over all tokens.
    double keptFraction() const { return total ? static_cast<double>(kept) / total : 0.0; }
};
TokenCounts countStates(const TokenGrid &grid);

}  // namespace accelscope
