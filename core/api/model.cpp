#include "core/api/model.h"

#include <algorithm>
#include <stdexcept>

namespace accelscope {

bool Model::step(int level, TraceSink &sink) {
    if (finished())
        return false;
    if (completed_.empty()) {  // stepLevels() builds its list anew: ask once, not every step
        const std::size_t declared = stepLevels().size();
        if (declared == 0)
            throw std::logic_error("the model declares no step levels; it needs at least one");
        completed_.assign(declared, 0);
    }
    const int levels = static_cast<int>(completed_.size());
    level = std::clamp(level, 0, levels - 1);
    for (;;) {
        sink.setStepIndex(completed_[0]);
        const int ended = std::clamp(advance(sink), 0, levels - 1);
        const TimePs t = now();
        for (int l = 0; l <= ended; ++l) {
            const std::int64_t index = completed_[static_cast<std::size_t>(l)]++;
            // Finest-level markers carry no text: they are numerous, and their events' labels
            // already say what ran. Coarser levels carry the narration for replay and reports.
            sink.marker(Marker{t, l, index, l == 0 ? QString() : narration(l, index)});
        }
        if (ended >= level || finished())
            return true;
    }
}

}  // namespace accelscope
