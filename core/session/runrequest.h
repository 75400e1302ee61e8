#pragma once
// What a user asks to run: a plugin, a preset, KEY=VALUE assignments applied on top of it, a
// seed, and where to record it. Shared by the command line and the desktop application.

#include <atomic>
#include <cstdint>
#include <memory>

#include <QString>
#include <QStringList>

#include "core/api/param.h"
#include "core/api/plugin.h"
#include "core/session/paramfile.h"

namespace accelscope {

struct RunRequest {
    QString pluginId;
    QString preset = QStringLiteral("paper");
    std::shared_ptr<const ParamFile> paramFile;  // --params: its values apply after the preset
    QStringList assignments;  // "key=value", applied in order after the preset and the file
    QStringList tensors;      // "name=file[:tensor]": input tensors the plugin declares
    std::uint64_t seed = 1;   // runs are deterministic; the same seed gives the same run
    QString sessionPath;      // "" = do not record
    // Owned by the caller, who sets it (from any thread, or a signal handler) to cancel the run;
    // a cancelled run ends with status Cancelled and is recorded as such. May be null.
    const std::atomic<bool> *stop = nullptr;

    // The preset's values, then the parameter file's, then each assignment in order, then the
    // tensors (read from their files).
    // Throws InputError for an unknown preset (listing the plugin's presets), an unknown key, a
    // value that is not allowed, a tensor the plugin does not accept (listing those it does), or
    // an unreadable tensor file or one whose shape does not fit.
    ParamSet resolve(const AcceleratorPlugin &plugin) const;
    // "plugin 'x', preset 'paper' with k=16": names the run in messages.
    QString describe() const;
};

}  // namespace accelscope
