// .safetensors files (core/io/tensorfile): the header length, the JSON header, the offsets and
// every tensor's data.

#include "core/io/tensorfile.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const QString source = QStringLiteral("input.safetensors");
    fuzz::readOrRefuse(source, [&] {
        const std::vector<io::TensorInfo> listed = io::listSafetensors(bytes, source);
        for (const io::TensorInfo &info : listed) {
            const io::Tensor tensor = io::readSafetensors(bytes, source, info.name);
            if (static_cast<std::int64_t>(tensor.values.size()) != info.elements() ||
                tensor.info.shape != info.shape)
                fuzz::finding(QStringLiteral("tensor '%1' read differs from its listing").arg(info.name));
        }
    });
    // Without a name: the only tensor, or a refusal naming the ones there are.
    fuzz::readOrRefuse(source, [&] { io::readSafetensors(bytes, source, {}); });
    return 0;
}
