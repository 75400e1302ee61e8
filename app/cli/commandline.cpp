#include "commandline.h"

#include <algorithm>
#include <utility>

#include "core/api/errors.h"

namespace accelscope::cli {

QString CommandSpec::helpText() const {
    QString text = QStringLiteral("Usage: accelscope-cli %1\n\n%2\n").arg(synopsis, summary);
    if (!details.isEmpty())
        text += QLatin1Char('\n') + details + QLatin1Char('\n');
    text += QStringLiteral("\nOptions:\n");
    std::vector<std::pair<QString, QString>> rows;
    for (const OptionSpec &option : options) {
        QString left = QStringLiteral("--") + option.name;
        if (!option.valueName.isEmpty())
            left += QLatin1Char(' ') + option.valueName;
        if (option.repeatable)
            left += QStringLiteral(" (repeatable)");
        rows.emplace_back(left, option.help);
    }
    rows.emplace_back(QStringLiteral("--help"), QStringLiteral("show this help"));
    qsizetype width = 0;
    for (const auto &[left, help] : rows)
        width = std::max(width, left.size());
    for (const auto &[left, help] : rows)
        text += QStringLiteral("  ") + left.leftJustified(width + 2) + help + QLatin1Char('\n');
    return text;
}

QString ParsedArguments::value(const QString &option, const QString &fallback) const {
    const auto found = options_.find(option);
    return found == options_.end() || found->second.isEmpty() ? fallback : found->second.back();
}

QStringList ParsedArguments::values(const QString &option) const {
    const auto found = options_.find(option);
    return found == options_.end() ? QStringList() : found->second;
}

ParsedArguments parseArguments(const CommandSpec &spec, const QStringList &arguments) {
    ParsedArguments parsed;
    const auto allowedOptions = [&spec] {
        QStringList names;
        for (const OptionSpec &option : spec.options)
            names << QStringLiteral("--") + option.name;
        names << QStringLiteral("--help");
        return names.join(QStringLiteral(", "));
    };
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (optionsEnded || !argument.startsWith(QLatin1Char('-')) || argument == QLatin1String("-")) {
            parsed.positional << argument;
            continue;
        }
        if (argument == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            parsed.options_[QStringLiteral("help")];
            continue;
        }
        if (!argument.startsWith(QLatin1String("--")))
            throw InputError(QStringLiteral("%1: unknown option '%2'; allowed: %3")
                                 .arg(spec.name, argument, allowedOptions()));
        QString name = argument.mid(2);
        QString inlineValue;
        bool hasInlineValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
            hasInlineValue = true;
        }
        const OptionSpec *option = nullptr;
        for (const OptionSpec &candidate : spec.options) {
            if (candidate.name == name)
                option = &candidate;
        }
        if (!option)
            throw InputError(QStringLiteral("%1: unknown option '--%2'; allowed: %3")
                                 .arg(spec.name, name, allowedOptions()));
        if (!option->repeatable && parsed.has(name))
            throw InputError(QStringLiteral("%1: option '--%2' given more than once").arg(spec.name, name));
        if (option->valueName.isEmpty()) {
            if (hasInlineValue)
                throw InputError(QStringLiteral("%1: option '--%2' takes no value").arg(spec.name, name));
            parsed.options_[name];
            continue;
        }
        QString value = inlineValue;
        if (!hasInlineValue) {
            if (i + 1 >= arguments.size())
                throw InputError(QStringLiteral("%1: option '--%2' needs a value %3")
                                     .arg(spec.name, name, option->valueName));
            value = arguments[++i];
        }
        parsed.options_[name] << value;
    }
    if (parsed.has(QStringLiteral("help")))
        return parsed;  // help needs no positional arguments
    const auto count = parsed.positional.size();
    if (count < spec.minPositional) {
        const QString missing =
            spec.positionalNames.value(static_cast<int>(count), QStringLiteral("argument"));
        throw InputError(QStringLiteral("%1: missing <%2>; usage: accelscope-cli %3")
                             .arg(spec.name, missing, spec.synopsis));
    }
    if (spec.maxPositional >= 0 && count > spec.maxPositional)
        throw InputError(QStringLiteral("%1: unexpected argument '%2'; usage: accelscope-cli %3")
                             .arg(spec.name, parsed.positional[spec.maxPositional], spec.synopsis));
    return parsed;
}

}  // namespace accelscope::cli
