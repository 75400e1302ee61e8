#pragma once
// Inflating what qCompress wrote (frames, stored trace columns) from a file that may be damaged.

#include <QByteArray>
#include <QByteArrayView>

namespace accelscope {

// qUncompress of `compressed` (a 4-byte big-endian length, then a zlib stream), except that a
// length no stream of this size can inflate to (deflate expands at most 1032:1), or one other than
// `expectedBytes` when that is given (>= 0), gives a null array before anything is reserved: a
// damaged file cannot make it allocate gigabytes.
QByteArray inflateBounded(QByteArrayView compressed, qsizetype expectedBytes = -1);

}  // namespace accelscope
