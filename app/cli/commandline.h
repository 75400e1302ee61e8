#pragma once
// A strict parser for one sub-command's arguments: known options only, values where required,
// the right number of positional arguments. Every mistake is an InputError that names the
// command, the offending argument and what is allowed.

#include <map>
#include <vector>

#include <QString>
#include <QStringList>

namespace accelscope::cli {

struct OptionSpec {
    QString name;       // without dashes: "preset"
    QString valueName;  // "" for a flag, else shown in help: "P"
    bool repeatable = false;
    QString help;
};

struct CommandSpec {
    QString name;
    QString synopsis;             // "run <plugin> [--preset P] ..."
    QString summary;              // one line
    QString details;              // a paragraph for --help, may be empty
    QStringList positionalNames;  // for messages: {"plugin"}
    int minPositional = 0;
    int maxPositional = 0;  // -1: unlimited
    std::vector<OptionSpec> options;

    QString helpText() const;
};

class ParsedArguments {
public:
    QStringList positional;

    bool has(const QString &option) const { return options_.count(option) != 0; }
    QString value(const QString &option, const QString &fallback = {}) const;
    QStringList values(const QString &option) const;

private:
    friend ParsedArguments parseArguments(const CommandSpec &spec, const QStringList &arguments);
    std::map<QString, QStringList> options_;
};

// `arguments` are those after the command name. "--help" is reported as the option "help".
ParsedArguments parseArguments(const CommandSpec &spec, const QStringList &arguments);

}  // namespace accelscope::cli
