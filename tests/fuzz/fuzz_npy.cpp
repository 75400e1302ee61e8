// NumPy .npy files (core/io/tensorfile): the header, the dtype, the shape and the data.

#include "core/io/tensorfile.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const QString source = QStringLiteral("input.npy");
    fuzz::readOrRefuse(source, [&] {
        const io::Tensor tensor = io::readNpy(bytes, source);
        if (static_cast<std::int64_t>(tensor.values.size()) != tensor.info.elements())
            fuzz::finding(QStringLiteral("%1 values for shape %2").arg(tensor.values.size()).arg(tensor.info.shapeText()));
    });
    io::tensorFormatOf(bytes, source);
    return 0;
}
