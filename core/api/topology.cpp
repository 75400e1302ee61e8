#include "core/api/topology.h"

#include <QJsonArray>

#include "core/api/errors.h"

namespace accelscope {

namespace {
constexpr std::pair<UnitKind, const char *> kUnitKindNames[] = {
    {UnitKind::Host, "host"},       {UnitKind::Device, "device"}, {UnitKind::Core, "core"},
    {UnitKind::Compute, "compute"}, {UnitKind::Memory, "memory"}, {UnitKind::Link, "link"},
};
}  // namespace

QString toString(UnitKind kind) {
    for (const auto &[k, name] : kUnitKindNames) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

UnitKind unitKindFromString(const QString &text) {
    QStringList names;
    for (const auto &[k, name] : kUnitKindNames) {
        if (text == QLatin1String(name))
            return k;
        names << QString::fromLatin1(name);
    }
    throw InputError(
        QStringLiteral("unknown unit kind '%1'; allowed: %2").arg(text, names.join(QStringLiteral(", "))));
}

UnitId Topology::addUnit(const QString &name, UnitKind kind, UnitId parent, const QString &doc) {
    if (parent != kNoUnit && (parent < 0 || parent >= static_cast<UnitId>(units_.size())))
        throw std::logic_error("Topology::addUnit: unknown parent");
    const auto id = static_cast<UnitId>(units_.size());
    units_.push_back(Unit{id, name, kind, parent, doc});
    return id;
}

UnitId Topology::addMemory(const QString &name, UnitId parent, int banks, std::int64_t bankCapacityBytes,
                           double bytesPerSecond, const QString &doc) {
    const UnitId id = addUnit(name, UnitKind::Memory, parent, doc);
    memories_.push_back(MemoryInfo{id, banks, bankCapacityBytes, bytesPerSecond});
    return id;
}

UnitId Topology::addLink(const QString &name, UnitId parent, UnitId from, UnitId to, double bytesPerSecond,
                         bool bidirectional, const QString &doc) {
    const UnitId id = addUnit(name, UnitKind::Link, parent, doc);
    links_.push_back(LinkInfo{id, from, to, bytesPerSecond, bidirectional});
    return id;
}

QString Topology::path(UnitId id) const {
    QString result = unit(id).name;
    for (UnitId p = unit(id).parent; p != kNoUnit; p = unit(p).parent)
        result = unit(p).name + QLatin1Char('/') + result;
    return result;
}

UnitId Topology::find(const QString &p) const {
    for (const Unit &u : units_) {
        if (path(u.id) == p)
            return u.id;
    }
    return kNoUnit;
}

std::vector<UnitId> Topology::children(UnitId parent) const {
    std::vector<UnitId> result;
    for (const Unit &u : units_) {
        if (u.parent == parent)
            result.push_back(u.id);
    }
    return result;
}

QJsonObject Topology::toJson() const {
    QJsonArray units;
    for (const Unit &u : units_) {
        units.append(QJsonObject{{QStringLiteral("id"), u.id},
                                 {QStringLiteral("name"), u.name},
                                 {QStringLiteral("kind"), toString(u.kind)},
                                 {QStringLiteral("parent"), u.parent},
                                 {QStringLiteral("doc"), u.doc}});
    }
    QJsonArray memories;
    for (const MemoryInfo &m : memories_) {
        memories.append(
            QJsonObject{{QStringLiteral("unit"), m.unit},
                        {QStringLiteral("banks"), m.banks},
                        {QStringLiteral("bank_capacity_bytes"), static_cast<qint64>(m.bankCapacityBytes)},
                        {QStringLiteral("bytes_per_second"), m.bytesPerSecond}});
    }
    QJsonArray links;
    for (const LinkInfo &l : links_) {
        links.append(QJsonObject{{QStringLiteral("unit"), l.unit},
                                 {QStringLiteral("from"), l.from},
                                 {QStringLiteral("to"), l.to},
                                 {QStringLiteral("bytes_per_second"), l.bytesPerSecond},
                                 {QStringLiteral("bidirectional"), l.bidirectional}});
    }
    return QJsonObject{{QStringLiteral("units"), units},
                       {QStringLiteral("memories"), memories},
                       {QStringLiteral("links"), links}};
}

Topology Topology::fromJson(const QJsonObject &object) {
    Topology topology;
    const QJsonArray units = object.value(QStringLiteral("units")).toArray();
    for (const QJsonValue &v : units) {
        const QJsonObject u = v.toObject();
        const int parent = u.value(QStringLiteral("parent")).toInt(kNoUnit);
        if (parent != kNoUnit && (parent < 0 || parent >= static_cast<int>(topology.units_.size())))
            throw InputError(QStringLiteral("topology: unit '%1' names unknown parent %2")
                                 .arg(u.value(QStringLiteral("name")).toString())
                                 .arg(parent));
        topology.addUnit(u.value(QStringLiteral("name")).toString(),
                         unitKindFromString(u.value(QStringLiteral("kind")).toString()), parent,
                         u.value(QStringLiteral("doc")).toString());
    }
    const auto checkUnit = [&](int id, const char *what) {
        if (id < 0 || id >= static_cast<int>(topology.units_.size()))
            throw InputError(
                QStringLiteral("topology: %1 names unknown unit %2").arg(QString::fromLatin1(what)).arg(id));
        return static_cast<UnitId>(id);
    };
    for (const QJsonValue &v : object.value(QStringLiteral("memories")).toArray()) {
        const QJsonObject m = v.toObject();
        topology.memories_.push_back(
            MemoryInfo{checkUnit(m.value(QStringLiteral("unit")).toInt(-1), "memory"),
                       m.value(QStringLiteral("banks")).toInt(1),
                       static_cast<std::int64_t>(m.value(QStringLiteral("bank_capacity_bytes")).toDouble()),
                       m.value(QStringLiteral("bytes_per_second")).toDouble()});
    }
    for (const QJsonValue &v : object.value(QStringLiteral("links")).toArray()) {
        const QJsonObject l = v.toObject();
        topology.links_.push_back(
            LinkInfo{checkUnit(l.value(QStringLiteral("unit")).toInt(-1), "link"),
                     checkUnit(l.value(QStringLiteral("from")).toInt(-1), "link source"),
                     checkUnit(l.value(QStringLiteral("to")).toInt(-1), "link target"),
                     l.value(QStringLiteral("bytes_per_second")).toDouble(),
                     l.value(QStringLiteral("bidirectional")).toBool(true)});
    }
    return topology;
}

}  // namespace accelscope
