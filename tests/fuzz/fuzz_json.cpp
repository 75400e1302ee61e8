// The JSON data files: every loader built on core/json's JsonReader (the transformer model zoo,
// the diffusion backbones, a device file and the device-class profiles) reads the same bytes.

#include "core/hw/devicelibrary.h"
#include "core/workloads/diffusion.h"
#include "core/workloads/transformer.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray json = fuzz::bytesOf(data, size);
    const QString zoo = QStringLiteral("transformers.json");
    fuzz::readOrRefuse(zoo, [&] { ModelZoo::fromJson(json, zoo); });
    const QString backbones = QStringLiteral("diffusion.json");
    fuzz::readOrRefuse(backbones, [&] { diffusionBackbonesFromJson(json, backbones); });
    const QString device = QStringLiteral("device.json");
    fuzz::readOrRefuse(device, [&] { DeviceLibrary::deviceFromJson(json, device); });
    const QString profiles = QStringLiteral("profiles.json");
    fuzz::readOrRefuse(profiles, [&] { DeviceLibrary::profilesFromJson(json, profiles); });
    return 0;
}
