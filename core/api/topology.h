#pragma once
// The machine a model simulates: units in a hierarchy (device > core > unit), the links between
// them and the memories with their banks. Feeds the dataflow and memory views and names the
// timeline's lanes: every event is recorded against a UnitId.

#include <cstdint>
#include <vector>

#include <QJsonObject>
#include <QString>

namespace accelscope {

using UnitId = std::int32_t;
inline constexpr UnitId kNoUnit = -1;

enum class UnitKind { Host, Device, Core, Compute, Memory, Link };
QString toString(UnitKind kind);
UnitKind unitKindFromString(const QString &text);  // throws InputError

struct Unit {
    UnitId id = kNoUnit;
    QString name;  // short: "MPU"; the full path is built from parents
    UnitKind kind = UnitKind::Compute;
    UnitId parent = kNoUnit;
    QString doc;  // one line for tooltips
};

// A memory's banks; `unit` is a Memory unit. The memory view reads these counter series (bytes
// unless said otherwise), all optional but the first:
//   "<unit path>/bank<i>"              the bank's occupancy in bytes;
//   "<unit path>/bank<i>/<owner>"      the part of it held by one owner or tensor ("kv", "weights");
//   "<unit path>/bank<i>/conflicts"    a running count of bank conflicts (highlighted as it grows).
struct MemoryInfo {
    UnitId unit = kNoUnit;
    int banks = 1;
    std::int64_t bankCapacityBytes = 0;
    double bytesPerSecond = 0;  // peak, all banks together
};

// A link is also a unit (so its transfers have a timeline lane); here are its endpoints.
struct LinkInfo {
    UnitId unit = kNoUnit;
    UnitId from = kNoUnit;
    UnitId to = kNoUnit;
    double bytesPerSecond = 0;
    bool bidirectional = true;
};

class Topology {
public:
    UnitId addUnit(const QString &name, UnitKind kind, UnitId parent = kNoUnit, const QString &doc = {});
    UnitId addMemory(const QString &name, UnitId parent, int banks, std::int64_t bankCapacityBytes,
                     double bytesPerSecond, const QString &doc = {});
    UnitId addLink(const QString &name, UnitId parent, UnitId from, UnitId to, double bytesPerSecond,
                   bool bidirectional = true, const QString &doc = {});

    const std::vector<Unit> &units() const { return units_; }
    const std::vector<MemoryInfo> &memories() const { return memories_; }
    const std::vector<LinkInfo> &links() const { return links_; }
    const Unit &unit(UnitId id) const { return units_.at(static_cast<std::size_t>(id)); }
    // "fpga0/core/MPU"
    QString path(UnitId id) const;
    // Looks a unit up by its path; kNoUnit when absent.
    UnitId find(const QString &path) const;
    std::vector<UnitId> children(UnitId parent) const;

    QJsonObject toJson() const;
    static Topology fromJson(const QJsonObject &object);  // throws InputError

private:
    std::vector<Unit> units_;
    std::vector<MemoryInfo> memories_;
    std::vector<LinkInfo> links_;
};

}  // namespace accelscope
