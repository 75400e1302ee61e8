#include "core/session/runrequest.h"

#include "core/api/errors.h"

namespace accelscope {

ParamSet RunRequest::resolve(const AcceleratorPlugin &plugin) const {
    const std::vector<Preset> presets = plugin.presets();
    const Preset *chosen = findPreset(presets, preset);
    if (!chosen) {
        QStringList names;
        for (const Preset &p : presets)
            names << p.name;
        throw InputError(QStringLiteral("unknown preset '%1' for plugin '%2'; known presets: %3")
                             .arg(preset, pluginId, names.join(QStringLiteral(", "))));
    }
    ParamSet params = ParamSet::fromPreset(plugin.schema(), *chosen);
    if (paramFile) {
        paramFile->checkPlugin(pluginId);
        paramFile->applyTo(params);
    }
    for (const QString &assignment : assignments)
        params.assign(assignment);
    for (const QString &tensor : tensors)
        params.assignTensor(tensor);
    return params;
}

QString RunRequest::describe() const {
    QString what = QStringLiteral("plugin '%1', preset '%2'").arg(pluginId, preset);
    if (paramFile)
        what += QStringLiteral(", parameters from %1").arg(paramFile->fileName());
    if (!assignments.isEmpty())
        what += QStringLiteral(" with ") + assignments.join(QLatin1Char(' '));
    return what;
}

}  // namespace accelscope
