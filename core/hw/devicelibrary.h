#pragma once
// The baseline devices known to AccelScope and the efficiency profile of each device class.
// The built-in library is compiled from resources/devices/*.json (one file per device, plus
// profiles.json); fromDirectory() reads the same layout from disk.

#include <vector>

#include <QByteArray>
#include <QString>

#include "core/hw/devicespec.h"
#include "core/hw/efficiencyprofile.h"

namespace accelscope {

class DeviceLibrary {
public:
    // Every device and every class profile must be present; throws InputError otherwise.
    DeviceLibrary(std::vector<DeviceSpec> devices, std::vector<EfficiencyProfile> profiles);

    static const DeviceLibrary &builtin();
    // Reads every *.json in `directory` (profiles.json holds the class profiles). Errors name the file.
    static DeviceLibrary fromDirectory(const QString &directory);
    // One device file; errors name `fileName`, the JSON line/column or the field.
    static DeviceSpec deviceFromJson(const QByteArray &json, const QString &fileName);
    // The profiles file; errors name `fileName` and the class and field.
    static std::vector<EfficiencyProfile> profilesFromJson(const QByteArray &json, const QString &fileName);

    // Throws InputError naming the id and listing the known ids.
    const DeviceSpec &device(const QString &id) const;
    std::vector<DeviceSpec> devices() const { return devices_; }
    const EfficiencyProfile &profile(DeviceClass deviceClass) const;

private:
    std::vector<DeviceSpec> devices_;
    std::vector<EfficiencyProfile> profiles_;
};

}  // namespace accelscope
