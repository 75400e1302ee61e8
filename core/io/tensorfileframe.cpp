#include "core/io/tensorfileframe.h"

#include <cstring>

#include <QStringList>

#include "core/api/errors.h"
#include "core/io/tensorfiledecode.h"

namespace accelscope::io {

QString toString(TensorView view) {
    switch (view) {
    case TensorView::Mask: return QStringLiteral("mask");
    case TensorView::Heat: return QStringLiteral("heat");
    case TensorView::Tokens: return QStringLiteral("tokens");
    }
    return {};
}

TensorView tensorViewFromString(const QString &text) {
    for (const TensorView view : {TensorView::Mask, TensorView::Heat, TensorView::Tokens}) {
        if (toString(view) == text)
            return view;
    }
    throw InputError(QStringLiteral("unknown tensor view '%1'; allowed: mask, heat, tokens").arg(text));
}

namespace {
template <class T>
QByteArray bytesOf(const std::vector<T> &values) {
    return QByteArray(reinterpret_cast<const char *>(values.data()), static_cast<qsizetype>(values.size() * sizeof(T)));
}
}  // namespace

Frame tensorToFrame(const Tensor &tensor, const TensorFrameOptions &options, const QString &name,
                    const QString &source) {
    const std::vector<std::int64_t> &shape = tensor.info.shape;
    const QString what = tensor.info.name.isEmpty() ? QStringLiteral("the tensor")
                                                    : QStringLiteral("tensor '%1'").arg(tensor.info.name);
    if (tensor.values.empty())
        detail::fail(source, QStringLiteral("%1 (shape %2) has no elements").arg(what, tensor.info.shapeText()),
                     QStringLiteral("a tensor with at least one element"));

    // Reduce to the last two dimensions: the leading ones are fixed at the chosen indices.
    const std::size_t leading = shape.size() > 2 ? shape.size() - 2 : 0;
    if (options.leadingIndex.size() > leading)
        detail::fail(source,
                     QStringLiteral("%1 indices were given for %2 of shape %3, which has %4 leading dimension(s)")
                         .arg(options.leadingIndex.size()).arg(what, tensor.info.shapeText()).arg(leading),
                     QStringLiteral("one index per dimension before the last two"));
    std::int64_t offset = 0;
    std::int64_t stride = 1;
    for (std::size_t k = shape.size(); k-- > 0;) {
        if (k < leading) {
            const std::int64_t index = k < options.leadingIndex.size() ? options.leadingIndex[k] : 0;
            if (index < 0 || index >= shape[k])
                detail::fail(source,
                             QStringLiteral("index %1 for dimension %2 of %3 (shape %4) is out of range")
                                 .arg(index).arg(k).arg(what, tensor.info.shapeText()),
                             QStringLiteral("an index from 0 to %1").arg(shape[k] - 1));
            offset += index * stride;
        }
        stride *= shape[k];
    }
    Frame frame;
    frame.name = name;
    frame.shape = shape.empty() ? std::vector<std::int64_t>{1}
                                : std::vector<std::int64_t>(shape.begin() + static_cast<std::ptrdiff_t>(leading), shape.end());
    std::int64_t count = 1;
    for (const std::int64_t d : frame.shape)
        count *= d;
    if (count > kMaxFrameElements)
        detail::fail(source, QStringLiteral("the matrix shown of %1 (shape %2) has %3 elements").arg(what, tensor.info.shapeText()).arg(count),
                     QStringLiteral("at most %1 (4096 × 4096) are shown; slice the tensor before saving it").arg(kMaxFrameElements));
    const auto first = tensor.values.begin() + static_cast<std::ptrdiff_t>(offset);
    const auto passes = [&](double v) { return options.threshold ? v > *options.threshold : v != 0.0; };

    switch (options.view) {
    case TensorView::Heat: {
        frame.kind = FrameKind::Heat;
        frame.dtype = DType::F32;
        std::vector<float> values(first, first + count);
        frame.data = bytesOf(values);
        break;
    }
    case TensorView::Mask: {
        frame.kind = FrameKind::Mask;
        frame.dtype = DType::U8;
        std::vector<std::uint8_t> bits(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i)
            bits[static_cast<std::size_t>(i)] = passes(first[i]) ? 1 : 0;
        frame.data = bytesOf(bits);
        break;
    }
    case TensorView::Tokens: {
        frame.kind = FrameKind::Tokens;
        frame.dtype = DType::I32;
        std::vector<std::int32_t> states(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i)
            states[static_cast<std::size_t>(i)] = passes(first[i]) ? token_state::kKept : token_state::kPruned;
        frame.data = bytesOf(states);
        break;
    }
    }
    return frame;
}

}  // namespace accelscope::io
