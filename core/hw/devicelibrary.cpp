#include "core/hw/devicelibrary.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QSet>

#include "core/api/errors.h"
#include "core/json/jsonreader.h"

namespace accelscope {

namespace {

const QString kBuiltinDirectory = QStringLiteral(":/accelscope/devices");
const QString kProfilesFile = QStringLiteral("profiles.json");
const std::vector<DeviceClass> kAllClasses = {DeviceClass::DatacenterGpu, DeviceClass::WorkstationGpu,
                                              DeviceClass::EdgeGpu, DeviceClass::Cpu};

// Figures that must each carry a source tag.
const char *const kTaggedFields[] = {"peak_fp16_tensor_flops", "peak_fp32_flops", "memory_bytes_per_second",
                                     "memory_capacity_bytes",  "tdp_watts",       "idle_watts",
                                     "interconnect",           "host_link"};

LinkSpec parseLink(const JsonReader &link) {
    link.rejectUnknownKeys(
        {QStringLiteral("name"), QStringLiteral("bytes_per_second"), QStringLiteral("latency_s")});
    LinkSpec spec;
    spec.name = link.string("name");
    spec.bytesPerSecond = link.positiveNumber("bytes_per_second");
    spec.latencySeconds = link.positiveNumber("latency_s");
    return spec;
}

QByteArray readFile(const QString &path, const QString &displayName) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QStringLiteral("%1: cannot be read (%2)").arg(displayName, file.errorString()));
    return file.readAll();
}

DeviceLibrary loadDirectory(const QString &directory) {
    const QDir dir(directory);
    if (!dir.exists())
        throw InputError(QStringLiteral("%1: device directory does not exist").arg(directory));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    std::vector<DeviceSpec> devices;
    std::vector<EfficiencyProfile> profiles;
    bool sawProfiles = false;
    for (const QString &file : files) {
        const QByteArray json = readFile(dir.filePath(file), file);
        if (file == kProfilesFile) {
            profiles = DeviceLibrary::profilesFromJson(json, file);
            sawProfiles = true;
        } else {
            devices.push_back(DeviceLibrary::deviceFromJson(json, file));
            if (devices.back().id + QStringLiteral(".json") != file)
                throw InputError(QStringLiteral("%1: device id '%2' must match the file name")
                                     .arg(file, devices.back().id));
        }
    }
    if (!sawProfiles)
        throw InputError(QStringLiteral("%1: %2 (the device-class efficiency profiles) is missing")
                             .arg(directory, kProfilesFile));
    return DeviceLibrary(std::move(devices), std::move(profiles));
}

}  // namespace

QString deviceClassName(DeviceClass deviceClass) {
    switch (deviceClass) {
        case DeviceClass::DatacenterGpu:
            return QStringLiteral("datacenter-gpu");
        case DeviceClass::WorkstationGpu:
            return QStringLiteral("workstation-gpu");
        case DeviceClass::EdgeGpu:
            return QStringLiteral("edge-gpu");
        case DeviceClass::Cpu:
            return QStringLiteral("cpu");
    }
    return QStringLiteral("unknown");
}

DeviceClass deviceClassFromName(const QString &name) {
    QStringList known;
    for (DeviceClass c : kAllClasses) {
        if (deviceClassName(c) == name)
            return c;
        known << deviceClassName(c);
    }
    throw InputError(QStringLiteral("unknown device class '%1' (allowed: %2)")
                         .arg(name, known.join(QStringLiteral(", "))));
}

DeviceLibrary::DeviceLibrary(std::vector<DeviceSpec> devices, std::vector<EfficiencyProfile> profiles)
    : devices_(std::move(devices)), profiles_(std::move(profiles)) {
    QSet<QString> ids;
    for (const DeviceSpec &d : devices_) {
        if (ids.contains(d.id))
            throw InputError(QStringLiteral("device library: device id '%1' is defined twice").arg(d.id));
        ids.insert(d.id);
    }
    for (DeviceClass c : kAllClasses) {
        const bool present = std::any_of(profiles_.begin(), profiles_.end(),
                                         [c](const EfficiencyProfile &p) { return p.deviceClass == c; });
        if (!present)
            throw InputError(QStringLiteral("device library: no efficiency profile for class '%1'")
                                 .arg(deviceClassName(c)));
    }
    std::sort(devices_.begin(), devices_.end(),
              [](const DeviceSpec &a, const DeviceSpec &b) { return a.id < b.id; });
}

const DeviceLibrary &DeviceLibrary::builtin() {
    static const DeviceLibrary library = loadDirectory(kBuiltinDirectory);
    return library;
}

DeviceLibrary DeviceLibrary::fromDirectory(const QString &directory) {
    return loadDirectory(directory);
}

DeviceSpec DeviceLibrary::deviceFromJson(const QByteArray &json, const QString &fileName) {
    const JsonReader r = JsonReader::parseObject(json, fileName);
    r.rejectUnknownKeys(
        {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("short_name"), QStringLiteral("vendor"),
         QStringLiteral("class"), QStringLiteral("variant"), QStringLiteral("peak_fp16_tensor_flops"),
         QStringLiteral("peak_fp32_flops"), QStringLiteral("memory_bytes_per_second"),
         QStringLiteral("memory_capacity_bytes"), QStringLiteral("memory_type"), QStringLiteral("tdp_watts"),
         QStringLiteral("idle_watts"), QStringLiteral("interconnect"), QStringLiteral("host_link"),
         QStringLiteral("tags"), QStringLiteral("sources"), QStringLiteral("notes")});
    DeviceSpec d;
    d.id = r.string("id");
    d.name = r.string("name");
    d.shortName = r.string("short_name");
    d.vendor = r.string("vendor");
    QStringList classes;
    for (DeviceClass c : kAllClasses)
        classes << deviceClassName(c);
    d.deviceClass = deviceClassFromName(r.choice("class", classes));
    d.variant = r.string("variant");
    d.peakFp16TensorFlops = r.positiveNumber("peak_fp16_tensor_flops");
    d.peakFp32Flops = r.positiveNumber("peak_fp32_flops");
    d.memoryBytesPerSecond = r.positiveNumber("memory_bytes_per_second");
    d.memoryCapacityBytes = r.positiveNumber("memory_capacity_bytes");
    d.memoryType = r.string("memory_type");
    d.tdpWatts = r.positiveNumber("tdp_watts");
    d.idleWatts = r.positiveNumber("idle_watts");
    if (d.idleWatts >= d.tdpWatts)
        r.fail("idle_watts",
               QStringLiteral("must be below tdp_watts (%1) (got %2)").arg(d.tdpWatts).arg(d.idleWatts));
    d.interconnect = parseLink(r.child("interconnect"));
    d.hostLink = parseLink(r.child("host_link"));

    const JsonReader tags = r.child("tags");
    for (const char *field : kTaggedFields) {
        const QString tag =
            tags.choice(field, {QStringLiteral("[V]"), QStringLiteral("[S]"), QStringLiteral("[I]")});
        d.tags.emplace(QLatin1String(field), tag);
    }
    QStringList taggable;
    for (const char *field : kTaggedFields)
        taggable << QLatin1String(field);
    tags.rejectUnknownKeys(taggable);

    const QJsonArray sources = r.array("sources");
    if (sources.isEmpty())
        r.fail("sources", QStringLiteral("must list at least one source for the datasheet figures"));
    for (qsizetype i = 0; i < sources.size(); ++i) {
        if (!sources.at(i).isObject())
            r.fail("sources", QStringLiteral("entry %1 must be an object with 'source' and 'gives'").arg(i));
        const JsonReader s(sources.at(i).toObject(), QStringLiteral("%1, sources[%2]").arg(fileName).arg(i));
        s.rejectUnknownKeys({QStringLiteral("source"), QStringLiteral("gives")});
        d.sources.push_back(DeviceSource{s.string("source"), s.string("gives")});
    }
    d.notes = r.optionalString("notes");
    return d;
}

std::vector<EfficiencyProfile> DeviceLibrary::profilesFromJson(const QByteArray &json,
                                                               const QString &fileName) {
    const JsonReader root = JsonReader::parseObject(json, fileName);
    root.rejectUnknownKeys({QStringLiteral("model"), QStringLiteral("policy"), QStringLiteral("classes")});
    root.string("policy");  // the "never tuned to a claim" statement is part of the file's contract
    const JsonReader classes = root.child("classes");
    QStringList names;
    for (DeviceClass c : kAllClasses)
        names << deviceClassName(c);
    classes.rejectUnknownKeys(names);

    std::vector<EfficiencyProfile> profiles;
    for (DeviceClass c : kAllClasses) {
        const QByteArray name = deviceClassName(c).toLatin1();
        const JsonReader entry = classes.child(name.constData());
        const QStringList fields = {QStringLiteral("gemm_compute_efficiency"),
                                    QStringLiteral("small_matmul_compute_efficiency"),
                                    QStringLiteral("large_gemm_rows"),
                                    QStringLiteral("vector_compute_efficiency"),
                                    QStringLiteral("memory_efficiency"),
                                    QStringLiteral("launch_overhead_s"),
                                    QStringLiteral("collective_base_latency_s"),
                                    QStringLiteral("collective_bandwidth_efficiency"),
                                    QStringLiteral("memory_bound_power_fraction")};
        entry.rejectUnknownKeys(fields);
        // Each constant is {value, tag, rationale}: a number without its justification is rejected.
        auto constant = [&entry](const char *key) {
            const JsonReader c = entry.child(key);
            c.rejectUnknownKeys(
                {QStringLiteral("value"), QStringLiteral("tag"), QStringLiteral("rationale")});
            c.choice("tag", {QStringLiteral("[V]"), QStringLiteral("[S]"), QStringLiteral("[I]")});
            c.string("rationale");
            return c;
        };
        EfficiencyProfile p;
        p.deviceClass = c;
        p.gemmComputeEfficiency = constant("gemm_compute_efficiency").fraction("value");
        p.smallMatmulComputeEfficiency = constant("small_matmul_compute_efficiency").fraction("value");
        p.largeGemmRows = constant("large_gemm_rows").positiveNumber("value");
        p.vectorComputeEfficiency = constant("vector_compute_efficiency").fraction("value");
        p.memoryEfficiency = constant("memory_efficiency").fraction("value");
        p.launchOverheadSeconds = constant("launch_overhead_s").positiveNumber("value");
        p.collectiveBaseLatencySeconds = constant("collective_base_latency_s").positiveNumber("value");
        p.collectiveBandwidthEfficiency = constant("collective_bandwidth_efficiency").fraction("value");
        p.memoryBoundPowerFraction = constant("memory_bound_power_fraction").fraction("value");
        if (p.smallMatmulComputeEfficiency > p.gemmComputeEfficiency)
            entry.fail(
                "small_matmul_compute_efficiency",
                QStringLiteral("must not exceed gemm_compute_efficiency (%1)").arg(p.gemmComputeEfficiency));
        profiles.push_back(p);
    }
    return profiles;
}

const DeviceSpec &DeviceLibrary::device(const QString &id) const {
    for (const DeviceSpec &d : devices_) {
        if (d.id == id)
            return d;
    }
    QStringList known;
    for (const DeviceSpec &d : devices_)
        known << d.id;
    throw InputError(
        QStringLiteral("unknown device '%1' (known devices: %2)").arg(id, known.join(QStringLiteral(", "))));
}

const EfficiencyProfile &DeviceLibrary::profile(DeviceClass deviceClass) const {
    for (const EfficiencyProfile &p : profiles_) {
        if (p.deviceClass == deviceClass)
            return p;
    }
    // The constructor guarantees a profile per class.
    throw InputError(
        QStringLiteral("no efficiency profile for class '%1'").arg(deviceClassName(deviceClass)));
}

}  // namespace accelscope
