#pragma once
// accelscope-cli: the headless front end. Each command is one method; run() dispatches and turns
// errors into exit codes (see ExitCode). Output for people goes to stdout, or exactly one JSON
// document with --json; warnings, errors and progress go to stderr.

#include <memory>

#include <QStringList>

#include "commandline.h"

namespace accelscope {
class PluginRegistry;
}

namespace accelscope::cli {

// 130 for an interrupted command follows the shell convention (128 + SIGINT).
enum ExitCode {
    kExitOk = 0,
    kExitCheckFailed = 1,
    kExitBadInput = 2,
    kExitInternal = 3,
    kExitInterrupted = 130
};

class Cli {
public:
    Cli();
    ~Cli();

    // `arguments` without the program name. Never throws.
    int run(const QStringList &arguments);

private:
    int dispatch(const QStringList &arguments);
    const PluginRegistry &registry();

    int plugins(const ParsedArguments &args);
    int presets(const ParsedArguments &args);
    int runModel(const ParsedArguments &args);
    int validate(const ParsedArguments &args);
    int runs(const ParsedArguments &args);
    int sweep(const ParsedArguments &args);
    int report(const ParsedArguments &args);  // needs a QApplication (see main.cpp)
    int exportRun(const ParsedArguments &args);
    int importTrace(const ParsedArguments &args);
    int merge(const ParsedArguments &args);

    std::unique_ptr<PluginRegistry> registry_;
};

}  // namespace accelscope::cli
