#include "core/io/chrometracelanes.h"

namespace accelscope {

int ChromeTraceLanes::place(TimePs begin, TimePs end) {
    for (std::size_t lane = 0; lane < open_.size(); ++lane) {
        std::vector<TimePs> &stack = open_[lane];
        while (!stack.empty() && stack.back() <= begin)
            stack.pop_back();
        if (stack.empty() || end <= stack.back()) {
            stack.push_back(end);
            return static_cast<int>(lane);
        }
    }
    open_.push_back({end});
    return static_cast<int>(open_.size()) - 1;
}

}  // namespace accelscope
