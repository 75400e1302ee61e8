#include "views/state/viewstate.h"

#include <algorithm>

#include <QJsonArray>

namespace accelscope {

namespace {
const Topology kEmptyTopology;
}

ViewState::ViewState(QObject *parent) : QObject(parent), index_(std::make_unique<TraceIndex>()) {
    qRegisterMetaType<accelscope::TimeRange>();
    qRegisterMetaType<accelscope::TimePs>("accelscope::TimePs");
    qRegisterMetaType<accelscope::UnitId>("accelscope::UnitId");
}

ViewState::~ViewState() = default;

const Topology &ViewState::topology() const { return record_ ? record_->topology : kEmptyTopology; }

void ViewState::setRun(std::shared_ptr<const RunRecord> record, std::unique_ptr<TraceIndex> index, bool live) {
    record_ = std::move(record);
    index_ = index ? std::move(index) : std::make_unique<TraceIndex>();
    live_ = live;
    cursor_ = index_->endTime();
    selection_ = {};
    viewport_ = {0, std::max<TimePs>(index_->endTime(), 1)};
    viewportFitsAll_ = true;
    selectedUnit_ = kNoUnit;
    unitFilter_.clear();
    opKindMask_ = kAllOpKinds;
    Q_EMIT runChanged();
    Q_EMIT cursorChanged(cursor_);
    Q_EMIT selectionChanged(selection_);
    Q_EMIT viewportChanged(viewport_);
    Q_EMIT selectedUnitChanged(selectedUnit_);
    Q_EMIT filterChanged();
}

void ViewState::clearRun() { setRun(nullptr, nullptr, false); }

void ViewState::updateTrace(const TraceSnapshot &snapshot) {
    if (!record_)
        return;
    index_->extend(snapshot);
    Q_EMIT traceChanged();
    const TimeRange whole{0, std::max<TimePs>(index_->endTime(), 1)};
    if (viewportFitsAll_ && viewport_ != whole) {  // a step that adds nothing moves nothing
        viewport_ = whole;
        Q_EMIT viewportChanged(viewport_);
    }
    // A live run moves the cursor to its end, as the design says; scrubbing back is for replay.
    setCursor(index_->endTime());
}

void ViewState::updateRecord(std::shared_ptr<const RunRecord> record) {
    record_ = std::move(record);
    Q_EMIT recordChanged();
}

void ViewState::setLive(bool live) {
    if (live_ == live)
        return;
    live_ = live;
    Q_EMIT recordChanged();
}

void ViewState::setCursor(TimePs time) {
    time = std::clamp<TimePs>(time, 0, index_->endTime());
    if (time == cursor_)
        return;
    cursor_ = time;
    Q_EMIT cursorChanged(cursor_);
}

void ViewState::cursorToNextMarker(int level) {
    const auto &list = index_->markersOf(level);
    const auto &markers = index_->snapshot().markers();
    const auto it = std::upper_bound(list.begin(), list.end(), cursor_,
                                     [&markers](TimePs t, std::uint32_t m) { return t < markers[m].time; });
    setCursor(it == list.end() ? index_->endTime() : markers[*it].time);
}

void ViewState::cursorToPreviousMarker(int level) {
    const auto &list = index_->markersOf(level);
    const auto &markers = index_->snapshot().markers();
    const auto it = std::lower_bound(list.begin(), list.end(), cursor_,
                                     [&markers](std::uint32_t m, TimePs t) { return markers[m].time < t; });
    setCursor(it == list.begin() ? 0 : markers[*(it - 1)].time);
}

void ViewState::setSelection(TimeRange range) {
    if (range.end < range.begin)
        std::swap(range.begin, range.end);
    range.begin = std::clamp<TimePs>(range.begin, 0, index_->endTime());
    range.end = std::clamp<TimePs>(range.end, 0, index_->endTime());
    if (range == selection_)
        return;
    selection_ = range;
    Q_EMIT selectionChanged(selection_);
}

void ViewState::setViewport(TimeRange range) {
    if (range.end < range.begin)
        std::swap(range.begin, range.end);
    range.end = std::max(range.end, range.begin + 1);  // never a zero-width window
    const TimePs whole = std::max<TimePs>(index_->endTime(), 1);
    viewportFitsAll_ = range.begin <= 0 && range.end >= whole;
    if (range == viewport_)
        return;
    viewport_ = range;
    Q_EMIT viewportChanged(viewport_);
}

void ViewState::fitViewport() { setViewport({0, std::max<TimePs>(index_->endTime(), 1)}); }

void ViewState::setSelectedUnit(UnitId unit) {
    if (unit == selectedUnit_)
        return;
    selectedUnit_ = unit;
    Q_EMIT selectedUnitChanged(unit);
}

void ViewState::setUnitFilter(const QSet<UnitId> &units) {
    if (units == unitFilter_)
        return;
    unitFilter_ = units;
    Q_EMIT filterChanged();
}

void ViewState::filterToSubtree(UnitId unit) {
    if (unit == kNoUnit || !record_) {
        setUnitFilter({});
        return;
    }
    QSet<UnitId> units;
    std::vector<UnitId> pending{unit};
    while (!pending.empty()) {
        const UnitId next = pending.back();
        pending.pop_back();
        units.insert(next);
        for (UnitId child : topology().children(next))
            pending.push_back(child);
    }
    setUnitFilter(units);
}

void ViewState::setOpKindMask(std::uint32_t mask) {
    mask &= kAllOpKinds;
    if (mask == opKindMask_)
        return;
    opKindMask_ = mask;
    Q_EMIT filterChanged();
}

QJsonObject ViewState::saveState() const {
    QJsonArray filter;
    for (UnitId unit : unitFilter_)
        filter.append(unit);
    // Times are written as strings: picoseconds exceed a double's exact integers after ~2.5 hours.
    const auto time = [](TimePs t) { return QString::number(t); };
    return QJsonObject{
        {QStringLiteral("cursor_ps"), time(cursor_)},
        {QStringLiteral("selection_ps"), QJsonArray{time(selection_.begin), time(selection_.end)}},
        {QStringLiteral("viewport_ps"), QJsonArray{time(viewport_.begin), time(viewport_.end)}},
        {QStringLiteral("selected_unit"), selectedUnit_},
        {QStringLiteral("unit_filter"), filter},
        {QStringLiteral("op_kind_mask"), static_cast<qint64>(opKindMask_)},
    };
}

void ViewState::restoreState(const QJsonObject &state) {
    const auto time = [](const QJsonValue &value) { return value.toString().toLongLong(); };
    const QJsonArray viewport = state.value(QStringLiteral("viewport_ps")).toArray();
    if (viewport.size() == 2 && time(viewport[1]) > time(viewport[0]))
        setViewport({time(viewport[0]), time(viewport[1])});
    const QJsonArray selection = state.value(QStringLiteral("selection_ps")).toArray();
    if (selection.size() == 2)
        setSelection({time(selection[0]), time(selection[1])});
    QSet<UnitId> filter;
    for (const QJsonValue &unit : state.value(QStringLiteral("unit_filter")).toArray())
        if (unit.toInt(-1) >= 0 && unit.toInt() < static_cast<int>(topology().units().size()))
            filter.insert(unit.toInt());
    setUnitFilter(filter);
    setOpKindMask(static_cast<std::uint32_t>(
        state.value(QStringLiteral("op_kind_mask")).toInteger(static_cast<qint64>(kAllOpKinds))));
    const int unit = state.value(QStringLiteral("selected_unit")).toInt(kNoUnit);
    setSelectedUnit(unit >= 0 && unit < static_cast<int>(topology().units().size()) ? unit : kNoUnit);
    if (state.contains(QStringLiteral("cursor_ps")))
        setCursor(time(state.value(QStringLiteral("cursor_ps"))));
}

}  // namespace accelscope
