#include "cli.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/api/errors.h"
#include "core/io/chrometraceimport.h"
#include "core/io/traceexport.h"
#include "core/registry/pluginerror.h"
#include "core/registry/pluginregistry.h"
#include "core/session/claimvalidator.h"
#include "core/session/paramfile.h"
#include "core/session/runner.h"
#include "core/session/sweep.h"
#include "core/store/runstore.h"
#include "core/store/sessionmerge.h"
#include "progressbar.h"
#include "texttable.h"
#include "views/report/reportbuilder.h"

namespace accelscope::cli {

namespace {

// ---- output -------------------------------------------------------------------------------

void writeOut(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeErr(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

void printJson(const QJsonObject &object) {
    writeOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

void warn(const QString &message) {
    writeErr(QStringLiteral("accelscope-cli: warning: ") + message + QLatin1Char('\n'));
}

void error(const QString &message) {
    writeErr(QStringLiteral("accelscope-cli: error: ") + message + QLatin1Char('\n'));
}

QString number(double value) {
    return QString::number(value, 'g', 6);
}

// Word-wraps prose to 100 columns, every line indented by `indent` spaces.
QString wrapText(const QString &prose, int indent) {
    constexpr int kWidth = 100;
    const QString pad(indent, QLatin1Char(' '));
    QString out;
    QString line;
    for (const QString &word : prose.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > kWidth) {
            out += pad + line + QLatin1Char('\n');
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += pad + line + QLatin1Char('\n');
    return out;
}

QString withUnit(double value, const QString &unit) {
    return unit.isEmpty() ? number(value) : number(value) + QLatin1Char(' ') + unit;
}

QJsonObject baselinesToJson(const std::vector<BaselineResult> &baselines) {
    QJsonObject object;
    for (const BaselineResult &baseline : baselines)
        object.insert(baseline.label, metricsToJson(baseline.metrics));
    return object;
}

QJsonValue runIdJson(RunId id) {
    return id > 0 ? QJsonValue(static_cast<qint64>(id)) : QJsonValue(QJsonValue::Null);
}

// ---- interruption ---------------------------------------------------------------------------

// Ctrl-C (or SIGTERM) during a run asks the engine to cancel, so the recorded run ends as
// `cancelled` instead of being cut off; a second signal ends the process at once.
std::atomic<bool> stopRequested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int) {
    stopRequested.store(true);
}

void installInterruptHandler() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

// ---- commands -----------------------------------------------------------------------------

const OptionSpec kJson{
    QStringLiteral("json"), {}, false, QStringLiteral("print one JSON document on stdout")};
const OptionSpec kPreset{QStringLiteral("preset"), QStringLiteral("P"), false,
                         QStringLiteral("start from preset P (default: paper)")};
const OptionSpec kSet{QStringLiteral("set"), QStringLiteral("KEY=VALUE"), true,
                      QStringLiteral("set a parameter, after the preset")};
const OptionSpec kParams{QStringLiteral("params"), QStringLiteral("FILE.json"), false,
                         QStringLiteral("start from a parameter file (its preset, then its values; --preset "
                                        "and --set override it)")};
const OptionSpec kTensor{QStringLiteral("tensor"), QStringLiteral("NAME=FILE[:TENSOR]"), true,
                         QStringLiteral("give the plugin input tensor NAME from a .npy or .safetensors FILE")};
const OptionSpec kSeed{QStringLiteral("seed"), QStringLiteral("N"), false,
                       QStringLiteral("seed of the synthetic data (default: 1)")};

CommandSpec command(const char *name, const char *synopsis, const char *summary, QStringList positionalNames,
                    int minPositional, int maxPositional, std::vector<OptionSpec> options,
                    const char *details = "") {
    CommandSpec spec;
    spec.name = QLatin1String(name);
    spec.synopsis = QLatin1String(synopsis);
    spec.summary = QLatin1String(summary);
    spec.details = QLatin1String(details);
    spec.positionalNames = std::move(positionalNames);
    spec.minPositional = minPositional;
    spec.maxPositional = maxPositional;
    spec.options = std::move(options);
    return spec;
}

const std::vector<CommandSpec> &commandSpecs() {
    static const std::vector<CommandSpec> specs = [] {
        const QStringList plugin{QStringLiteral("plugin")};
        const OptionSpec runDb{
            QStringLiteral("db"), QStringLiteral("FILE"), false,
            QStringLiteral("record into session FILE (default: %1)").arg(RunStore::defaultSessionPath())};
        const OptionSpec sweepDb{QStringLiteral("db"), QStringLiteral("FILE"), false,
                                 QStringLiteral("record every point into session FILE")};
        const OptionSpec vary{QStringLiteral("vary"), QStringLiteral("KEY=V1,V2,..."), true,
                              QStringLiteral("values to try for KEY")};
        const OptionSpec threads{QStringLiteral("threads"), QStringLiteral("N"), false,
                                 QStringLiteral("run N points at a time (default: one per core)")};
        const OptionSpec events{QStringLiteral("events"), {}, false,
                                QStringLiteral("record every point's full trace (default: results only)")};
        const OptionSpec slice{QStringLiteral("slice"), QStringLiteral("K/N"), false,
                               QStringLiteral("run only the points i with i mod N = K (0 <= K < N)")};
        const OptionSpec append{QStringLiteral("append"), {}, false,
                                QStringLiteral("add to OUT when it exists already")};
        const OptionSpec all{
            QStringLiteral("all"), {}, false, QStringLiteral("check every installed plugin")};
        return std::vector<CommandSpec>{
            command("plugins", "plugins [--json]",
                    "List the installed accelerator plugins, grouped by family.", {}, 0, 0, {kJson}),
            command("presets", "presets <plugin> [--json]",
                    "Show a plugin's parameters (type, unit, allowed values, default) and presets.", plugin,
                    1, 1, {kJson}),
            command("run",
                    "run <plugin> [--preset P] [--set KEY=VALUE]... [--tensor NAME=FILE[:TENSOR]]... [--seed N] "
                    "[--db FILE] [--json]",
                    "Run a model to the end, record it and print its metrics and baselines.", plugin, 1, 1,
                    {kPreset, kParams, kSet, kTensor, kSeed, runDb, kJson},
                    "The run is recorded in the default session file unless --db names another one.\n"
                    "The same plugin, parameters and seed always give the same run.\n"
                    "--tensor reads an input tensor the plugin accepts (`presets <plugin>` lists them); TENSOR\n"
                    "names one in a .safetensors file. The file's path and sha256 are recorded with the run."),
            command("validate", "validate <plugin>... | --all [--json]",
                    "Check the papers' claims against the models; exit 1 if any claim fails.", plugin, 0, -1,
                    {all, kJson}),
            command("runs", "runs <db> [--json]", "List the runs recorded in a session file.",
                    {QStringLiteral("db")}, 1, 1, {kJson}),
            command("sweep",
                    "sweep <plugin> --vary KEY=V1,V2,... [--preset P] [--set KEY=VALUE]... "
                    "[--tensor NAME=FILE[:TENSOR]]... [--seed N] [--db FILE] [--threads N] [--events] [--slice K/N] "
                    "[--json]",
                    "Run every combination of the varied parameters' values (in parallel) and tabulate the "
                    "metrics.",
                    plugin, 1, 1, {vary, kPreset, kParams, kSet, kTensor, kSeed, sweepDb, threads, events, slice, kJson},
                    "Give --vary once per varied key; points are not recorded unless --db is given.\n"
                    "Recorded points keep their results (metrics, baselines) but not their traces unless\n"
                    "--events is given. With --slice K/N only the points i with i mod N = K run, so N\n"
                    "jobs (a job array) together run the sweep once; merge their session files with\n"
                    "'accelscope-cli merge'. Exit 3 when a point failed (the others still run)."),
            command("report", "report <session> [--run ID]... [--sweep ID] --out FILE.html|FILE.pdf",
                    "Write a report (HTML or PDF) of recorded runs: paper, parameters, metrics, claims, charts.",
                    {QStringLiteral("session")}, 1, 1,
                    {{QStringLiteral("run"), QStringLiteral("ID"), true,
                      QStringLiteral("a run to report on (default: the latest complete run); give two to compare")},
                     {QStringLiteral("sweep"), QStringLiteral("ID"), false,
                      QStringLiteral("report on every point of a sweep instead (see 'runs')")},
                     {QStringLiteral("out"), QStringLiteral("FILE"), false,
                      QStringLiteral("the report file; its extension, .html or .pdf, picks the format")}},
                    "The HTML file is self-contained (charts as inline SVG); the PDF is A4.\n"
                    "With several --run the report ends with a comparison of each run against the first.\n"
                    "A sweep report charts the metrics against the varied parameters and tabulates every point."),
            command("export", "export <db> --run ID --format chrome|csv --out FILE",
                    "Export a recorded run as a Chrome trace (for Perfetto, chrome://tracing) or CSV files.",
                    {QStringLiteral("db")}, 1, 1,
                    {{QStringLiteral("run"), QStringLiteral("ID"), false, QStringLiteral("the run to export")},
                     {QStringLiteral("format"), QStringLiteral("chrome|csv"), false,
                      QStringLiteral("chrome: one JSON file; csv: FILE (events) and <base>.counters.csv, "
                                     "<base>.metrics.csv, <base>.markers.csv")},
                     {QStringLiteral("out"), QStringLiteral("FILE"), false, QStringLiteral("the file to write")}},
                    "Open a Chrome trace at https://ui.perfetto.dev (Open trace file) or in chrome://tracing.\n"
                    "The run is read block by block, so memory stays small however long it is."),
            command("import", "import <db> --chrome FILE [--json]",
                    "Import a Chrome trace JSON file into a session as a read-only run.", {QStringLiteral("db")}, 1,
                    1,
                    {{QStringLiteral("chrome"), QStringLiteral("FILE"), false,
                      QStringLiteral("the Chrome Trace Event Format file to import")},
                     kJson},
                    "Processes become devices, threads units, complete and begin/end events unit events,\n"
                    "counter events counters and instant events markers; the trace is shifted to start at 0."),
            command("merge", "merge <out.ascope> <in.ascope>... [--append] [--json]",
                    "Copy every run of several session files (e.g. a job array's slices) into one.",
                    {QStringLiteral("out"), QStringLiteral("in")}, 2, -1, {append, kJson},
                    "Runs get new ids and remember the file and id they came from; the slices of one\n"
                    "sweep become one sweep. The inputs are never modified. A run still running in an\n"
                    "input is copied as interrupted. OUT must not exist unless --append is given."),
        };
    }();
    return specs;
}

const CommandSpec *findCommand(const QString &name) {
    for (const CommandSpec &spec : commandSpecs()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QStringList commandNames() {
    QStringList names;
    for (const CommandSpec &spec : commandSpecs())
        names << spec.name;
    return names;
}

QString usage() {
    QString text = QStringLiteral(
        "Usage: accelscope-cli <command> [options]\n\n"
        "Runs, checks and records hardware-accelerator models without the desktop application.\n\n"
        "Commands:\n");
    for (const CommandSpec &spec : commandSpecs())
        text += QStringLiteral("  %1\n      %2\n").arg(spec.synopsis, spec.summary);
    text += QStringLiteral(
        "\nRun 'accelscope-cli <command> --help' for a command's options.\n"
        "Other options: --help, --version.\n\n"
        "Plugins are loaded from the installation's plugin folder and from the folders listed in\n"
        "ACCELSCOPE_PLUGIN_PATH (colon-separated).\n\n"
        "Exit codes: 0 ok, 1 a check failed, 2 bad input, 3 internal error.\n");
    return text;
}

std::uint64_t parseSeed(const ParsedArguments &args) {
    if (!args.has(QStringLiteral("seed")))
        return 1;
    const QString text = args.value(QStringLiteral("seed"));
    bool ok = false;
    // Up to 2^63 - 1: the largest seed that JSON output (a signed 64-bit integer) and the session
    // file's seed column give back unchanged.
    const qlonglong seed = text.trimmed().toLongLong(&ok);
    if (!ok || seed < 0)
        throw InputError(
            QStringLiteral("--seed: not a non-negative integer: '%1'; allowed: an integer from 0 to %2")
                .arg(text)
                .arg(std::numeric_limits<qlonglong>::max()));
    return static_cast<std::uint64_t>(seed);
}

int parseThreads(const QString &text) {
    constexpr int kMaxThreads = 1024;
    bool ok = false;
    const int threads = text.trimmed().toInt(&ok);
    if (!ok || threads < 1 || threads > kMaxThreads)
        throw InputError(QStringLiteral("--threads: '%1' is not allowed; give an integer from 1 to %2")
                             .arg(text)
                             .arg(kMaxThreads));
    return threads;
}

// A session file named on the command line, made absolute so messages and JSON name it fully;
// RunStore checks everything else (folder creatable, file writable, a session, not newer).
QString sessionPathFromOption(const QString &path) {
    if (path.isEmpty())
        throw InputError(QStringLiteral("--db: empty file name; give the path of a .ascope session file"));
    return QFileInfo(path).absoluteFilePath();
}

QString paperText(const Claim &claim) {
    if (claim.rangeLow && claim.rangeHigh)
        return QStringLiteral("%1 to %2 %3")
            .arg(number(*claim.rangeLow), number(*claim.rangeHigh), claim.unit)
            .trimmed();
    return withUnit(claim.paperValue, claim.unit);
}

QJsonObject claimResultToJson(const ClaimResult &r) {
    const Claim &c = r.claim;
    QJsonObject object{{QStringLiteral("id"), c.id},
                       {QStringLiteral("statement"), c.statement},
                       {QStringLiteral("metric"), c.metric},
                       {QStringLiteral("presets"), QJsonArray::fromStringList(c.presets)},
                       {QStringLiteral("aggregate"), toString(c.aggregate)},
                       {QStringLiteral("paper_value"), c.paperValue},
                       {QStringLiteral("tolerance"), c.tolerance},
                       {QStringLiteral("unit"), c.unit},
                       {QStringLiteral("source"), c.sourceTag},
                       {QStringLiteral("model_value"),
                        std::isfinite(r.modelValue) ? QJsonValue(r.modelValue) : QJsonValue()},
                       {QStringLiteral("relative_error"),
                        std::isfinite(r.relativeError) ? QJsonValue(r.relativeError) : QJsonValue()},
                       {QStringLiteral("pass"), r.pass},
                       {QStringLiteral("detail"), r.detail},
                       {QStringLiteral("note"), c.note}};
    if (c.rangeLow && c.rangeHigh) {
        object.insert(QStringLiteral("range_low"), *c.rangeLow);
        object.insert(QStringLiteral("range_high"), *c.rangeHigh);
    }
    return object;
}

// The plugin, preset, parameter file, assignments, tensors and seed that `run` and `sweep` share.
// Without --preset the parameter file's preset applies, then `paper`.
RunRequest requestFromArguments(const ParsedArguments &args) {
    RunRequest request;
    request.pluginId = args.positional.first();
    if (args.has(QStringLiteral("params"))) {
        auto file = std::make_shared<ParamFile>(ParamFile::read(args.value(QStringLiteral("params"))));
        file->checkPlugin(request.pluginId);
        if (!file->preset().isEmpty())
            request.preset = file->preset();
        request.paramFile = std::move(file);
    }
    request.preset = args.value(QStringLiteral("preset"), request.preset);
    request.assignments = args.values(QStringLiteral("set"));
    request.tensors = args.values(QStringLiteral("tensor"));
    request.seed = parseSeed(args);
    return request;
}

}  // namespace

Cli::Cli() = default;
Cli::~Cli() = default;

int Cli::run(const QStringList &arguments) {
    try {
        return dispatch(arguments);
    } catch (const InputError &e) {
        error(e.message());
        return kExitBadInput;
    } catch (const PluginError &e) {
        error(e.message());
        return kExitInternal;
    } catch (const RunCancelled &) {
        error(QStringLiteral("interrupted"));
        return kExitInterrupted;
    } catch (const std::exception &e) {
        error(QStringLiteral("internal error: ") + QString::fromUtf8(e.what()));
        return kExitInternal;
    } catch (...) {
        error(QStringLiteral("internal error: unknown exception"));
        return kExitInternal;
    }
}

int Cli::dispatch(const QStringList &arguments) {
    if (arguments.isEmpty()) {
        writeErr(usage());
        return kExitBadInput;
    }
    const QString command = arguments.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        writeOut(usage());
        return kExitOk;
    }
    if (command == QLatin1String("--version")) {
        writeOut(QStringLiteral("accelscope-cli %1 (plugin API %2)\n")
                     .arg(QStringLiteral(ACCELSCOPE_VERSION))
                     .arg(kPluginApiVersion));
        return kExitOk;
    }
    if (command == QLatin1String("help")) {
        if (arguments.size() > 1) {
            if (const CommandSpec *spec = findCommand(arguments[1])) {
                writeOut(spec->helpText());
                return kExitOk;
            }
            throw InputError(QStringLiteral("help: unknown command '%1'; commands: %2")
                                 .arg(arguments[1], commandNames().join(QStringLiteral(", "))));
        }
        writeOut(usage());
        return kExitOk;
    }
    const CommandSpec *spec = findCommand(command);
    if (!spec) {
        throw InputError(QStringLiteral("unknown command '%1'; commands: %2 (see accelscope-cli --help)")
                             .arg(command, commandNames().join(QStringLiteral(", "))));
    }
    const ParsedArguments args = parseArguments(*spec, arguments.mid(1));
    if (args.has(QStringLiteral("help"))) {
        writeOut(spec->helpText());
        return kExitOk;
    }
    if (command == QLatin1String("plugins"))
        return plugins(args);
    if (command == QLatin1String("presets"))
        return presets(args);
    if (command == QLatin1String("run"))
        return runModel(args);
    if (command == QLatin1String("validate"))
        return validate(args);
    if (command == QLatin1String("runs"))
        return runs(args);
    if (command == QLatin1String("report"))
        return report(args);
    if (command == QLatin1String("export"))
        return exportRun(args);
    if (command == QLatin1String("import"))
        return importTrace(args);
    if (command == QLatin1String("merge"))
        return merge(args);
    return sweep(args);
}

const PluginRegistry &Cli::registry() {
    if (!registry_) {
        registry_ = std::make_unique<PluginRegistry>();
        for (const QString &diagnostic : registry_->diagnostics())
            warn(diagnostic);
    }
    return *registry_;
}

int Cli::plugins(const ParsedArguments &args) {
    const std::vector<PluginInfo> list = registry().plugins();
    if (args.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const PluginInfo &info : list)
            array.append(info.toJson());
        printJson(
            QJsonObject{{QStringLiteral("plugins"), array},
                        {QStringLiteral("skipped"), QJsonArray::fromStringList(registry().diagnostics())}});
        return kExitOk;
    }
    if (list.empty()) {
        writeOut(QStringLiteral("No plugins found in %1.\n")
                     .arg(registry().searchDirs().join(QStringLiteral(", "))));
        return kExitOk;
    }
    QString family;
    QString text;
    for (const PluginInfo &info : list) {
        if (info.family != family) {
            family = info.family;
            text += QStringLiteral("%1%2\n").arg(text.isEmpty() ? QString() : QStringLiteral("\n"), family);
        }
        QString source = info.venue;
        if (info.year > 0)
            source += (source.isEmpty() ? QString() : QStringLiteral(" ")) + QString::number(info.year);
        text += QStringLiteral("  %1  %2 — %3%4\n")
                    .arg(info.id, -12)
                    .arg(info.name, info.paperTitle,
                         source.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(source));
    }
    writeOut(text);
    return kExitOk;
}

int Cli::presets(const ParsedArguments &args) {
    const QString id = args.positional.first();
    const PluginInfo &info = registry().info(id);
    const AcceleratorPlugin &plugin = registry().plugin(id);
    const ParamSchema schema = plugin.schema();
    const std::vector<Preset> presets = plugin.presets();

    if (args.has(QStringLiteral("json"))) {
        QJsonArray specs;
        for (const ParamSpec &spec : schema.specs()) {
            QJsonObject object{{QStringLiteral("key"), spec.key},
                               {QStringLiteral("label"), spec.label},
                               {QStringLiteral("type"), toString(spec.type)},
                               {QStringLiteral("group"), toString(spec.group)},
                               {QStringLiteral("unit"), spec.unit},
                               {QStringLiteral("default"), toJson(spec.defaultValue)},
                               {QStringLiteral("allowed"), spec.allowed()},
                               {QStringLiteral("doc"), spec.doc}};
            if (spec.type == ParamType::Int || spec.type == ParamType::Double)
                object.insert(QStringLiteral("range"), QJsonArray{spec.minimum, spec.maximum});
            if (spec.type == ParamType::Enum)
                object.insert(QStringLiteral("choices"), QJsonArray::fromStringList(spec.choices));
            specs.append(object);
        }
        QJsonArray presetArray;
        for (const Preset &preset : presets) {
            QJsonObject overrides;
            for (const auto &[key, value] : preset.values)
                overrides.insert(key, toJson(value));
            presetArray.append(
                QJsonObject{{QStringLiteral("name"), preset.name},
                            {QStringLiteral("description"), preset.description},
                            {QStringLiteral("overrides"), overrides},
                            {QStringLiteral("values"), ParamSet::fromPreset(schema, preset).toJson()}});
        }
        QJsonArray tensors;
        for (const TensorSpec &tensor : schema.tensors())
            tensors.append(QJsonObject{{QStringLiteral("name"), tensor.name},
                                       {QStringLiteral("allowed"), tensor.allowed()},
                                       {QStringLiteral("doc"), tensor.doc}});
        printJson(QJsonObject{{QStringLiteral("plugin"), info.id},
                              {QStringLiteral("schema"), specs},
                              {QStringLiteral("tensors"), tensors},
                              {QStringLiteral("presets"), presetArray}});
        return kExitOk;
    }

    QString text = QStringLiteral("%1 — %2\n\nParameters\n").arg(info.id, info.name);
    TextTable table({QStringLiteral("KEY"), QStringLiteral("GROUP"), QStringLiteral("DEFAULT"),
                     QStringLiteral("ALLOWED"), QStringLiteral("DESCRIPTION")});
    for (const ParamSpec &spec : schema.specs()) {
        table.addRow({spec.key, toString(spec.group),
                      formatValue(spec.defaultValue) +
                          (spec.unit.isEmpty() ? QString() : QLatin1Char(' ') + spec.unit),
                      spec.allowed(), spec.doc});
    }
    text += table.render();
    if (!schema.tensors().empty()) {
        text += QStringLiteral("\nInput tensors (run --tensor NAME=FILE[:TENSOR])\n");
        TextTable tensors({QStringLiteral("NAME"), QStringLiteral("ALLOWED"), QStringLiteral("DESCRIPTION")});
        for (const TensorSpec &tensor : schema.tensors())
            tensors.addRow({tensor.name, tensor.allowed(), tensor.doc});
        text += tensors.render();
    }
    text += QStringLiteral("\nPresets\n");
    TextTable presetTable(
        {QStringLiteral("PRESET"), QStringLiteral("SETTINGS"), QStringLiteral("DESCRIPTION")});
    for (const Preset &preset : presets) {
        QStringList overrides;
        for (const auto &[key, value] : preset.values)
            overrides << key + QLatin1Char('=') + formatValue(value);
        presetTable.addRow({preset.name, overrides.join(QLatin1Char(' ')), preset.description});
    }
    text += presetTable.render();
    writeOut(text);
    return kExitOk;
}

int Cli::runModel(const ParsedArguments &args) {
    RunRequest request = requestFromArguments(args);
    request.sessionPath = args.has(QStringLiteral("db"))
                              ? sessionPathFromOption(args.value(QStringLiteral("db")))
                              : RunStore::defaultSessionPath();
    request.stop = &stopRequested;
    const PluginInfo &info = registry().info(request.pluginId);
    const AcceleratorPlugin &plugin = registry().plugin(request.pluginId);

    installInterruptHandler();
    ProgressBar bar(QStringLiteral("run %1/%2").arg(request.pluginId, request.preset));
    const RunOutcome outcome = runToCompletion(info, plugin, request, [&bar](double f) { bar.update(f); });
    bar.finish();

    if (args.has(QStringLiteral("json"))) {
        QJsonObject object{{QStringLiteral("run_id"), runIdJson(outcome.runId)},
                           {QStringLiteral("plugin"), outcome.pluginId},
                           {QStringLiteral("preset"), outcome.preset},
                           {QStringLiteral("params"), outcome.params.toJson()},
                           {QStringLiteral("seed"), static_cast<qint64>(outcome.seed)},
                           {QStringLiteral("metrics"), metricsToJson(outcome.metrics)},
                           {QStringLiteral("baselines"), baselinesToJson(outcome.baselines)},
                           {QStringLiteral("events"), static_cast<qint64>(outcome.eventCount)},
                           {QStringLiteral("db"), outcome.sessionPath},
                           {QStringLiteral("status"), toString(outcome.status)},
                           {QStringLiteral("data_source"), outcome.dataSource}};
        if (!outcome.ok())
            object.insert(QStringLiteral("error"), outcome.error);
        printJson(object);
    } else if (outcome.ok()) {
        QString text = QStringLiteral("%1 — preset %2, seed %3\nData: %4\n\nMetrics\n")
                           .arg(info.name, outcome.preset)
                           .arg(outcome.seed)
                           .arg(outcome.dataSource);
        TextTable metrics({QStringLiteral("METRIC"), QStringLiteral("VALUE"), QStringLiteral("UNIT"),
                           QStringLiteral("MEANING")});
        for (const Metric &m : outcome.metrics)
            metrics.addRow({m.name, number(m.value), m.unit, m.doc});
        text += metrics.render();
        if (!outcome.baselines.empty()) {
            text += QStringLiteral("\nBaselines (same workload)\n");
            TextTable baselines({QStringLiteral("DEVICE"), QStringLiteral("METRIC"), QStringLiteral("VALUE"),
                                 QStringLiteral("UNIT")});
            for (const BaselineResult &b : outcome.baselines) {
                for (const Metric &m : b.metrics)
                    baselines.addRow({b.label, m.name, number(m.value), m.unit});
            }
            text += baselines.render();
        }
        text += QStringLiteral("\nRecorded run %1 (%2 events) in %3\n")
                    .arg(outcome.runId)
                    .arg(outcome.eventCount)
                    .arg(outcome.sessionPath);
        text +=
            QStringLiteral(
                "Count its events: sqlite3 '%1' 'SELECT sum(count) FROM event_chunks WHERE run_id = %2;'\n")
                .arg(outcome.sessionPath)
                .arg(outcome.runId);
        writeOut(text);
    }
    if (outcome.status == RunStatus::Cancelled) {
        error(QStringLiteral("interrupted%1")
                  .arg(outcome.runId > 0 ? QStringLiteral("; run %1 in %2 is marked cancelled")
                                               .arg(outcome.runId)
                                               .arg(outcome.sessionPath)
                                         : QString()));
        return kExitInterrupted;
    }
    if (!outcome.ok()) {
        error(QStringLiteral("%1%2").arg(outcome.failureMessage(),
                                         outcome.runId > 0
                                             ? QStringLiteral("; run %1 in %2 is marked %3")
                                                   .arg(outcome.runId)
                                                   .arg(outcome.sessionPath, toString(outcome.status))
                                             : QString()));
        return kExitInternal;
    }
    return kExitOk;
}

int Cli::validate(const ParsedArguments &args) {
    const bool all = args.has(QStringLiteral("all"));
    if (all && !args.positional.isEmpty())
        throw InputError(QStringLiteral("validate: give plugin ids or --all, not both"));
    if (!all && args.positional.isEmpty())
        throw InputError(QStringLiteral(
            "validate: missing <plugin>; usage: accelscope-cli validate <plugin>... | --all [--json]"));
    QStringList ids = all ? registry().ids() : args.positional;
    if (ids.isEmpty()) {
        // Checking nothing must not look like every claim passed (a CI job would go green).
        throw InputError(QStringLiteral("validate --all: no plugins found in %1; install plugins there or "
                                        "list their folders in ACCELSCOPE_PLUGIN_PATH")
                             .arg(registry().searchDirs().join(QStringLiteral(", "))));
    }
    for (const QString &id : ids)
        registry().info(id);  // every id is checked before anything runs

    bool anyFailed = false;
    bool anyInternal = false;
    QJsonArray jsonPlugins;
    QString text;
    for (const QString &id : ids) {
        const PluginInfo &info = registry().info(id);
        ClaimValidation validation;
        try {
            const AcceleratorPlugin &plugin = registry().plugin(id);
            ProgressBar bar(QStringLiteral("validate %1").arg(id));
            ValidationOptions options;
            options.stop = &stopRequested;
            installInterruptHandler();
            validation = validateClaims(info, plugin, options, [&bar](double f) { bar.update(f); });
        } catch (const PluginError &e) {
            // One broken plugin must not hide the others' results.
            error(e.message());
            anyInternal = true;
            jsonPlugins.append(
                QJsonObject{{QStringLiteral("plugin"), id}, {QStringLiteral("error"), e.message()}});
            text += QStringLiteral("%1%2 — %3\n  not checked: the plugin failed (see the error above)\n")
                        .arg(text.isEmpty() ? QString() : QStringLiteral("\n"), id, info.name);
            continue;
        }
        QJsonArray claims;
        TextTable table({QStringLiteral("CLAIM"), QStringLiteral("PAPER"), QStringLiteral("MODEL"),
                         QStringLiteral("ERROR"), QStringLiteral("RESULT")});
        int passed = 0;
        for (const ClaimResult &r : validation.results) {
            claims.append(claimResultToJson(r));
            passed += r.pass ? 1 : 0;
            const QString errorText = std::isfinite(r.relativeError)
                                          ? QStringLiteral("%1%2%")
                                                .arg(r.relativeError >= 0 ? QStringLiteral("+") : QString())
                                                .arg(r.relativeError * 100.0, 0, 'f', 1)
                                          : QStringLiteral("n/a");
            table.addRow({r.claim.id, paperText(r.claim), withUnit(r.modelValue, r.claim.unit), errorText,
                          r.pass ? QStringLiteral("PASS") : QStringLiteral("FAIL")});
        }
        const int failed = static_cast<int>(validation.results.size()) - passed;
        anyFailed = anyFailed || failed > 0;
        jsonPlugins.append(QJsonObject{{QStringLiteral("plugin"), id},
                                       {QStringLiteral("claims"), claims},
                                       {QStringLiteral("pass"), failed == 0}});
        text += QStringLiteral("%1%2 — %3\n")
                    .arg(text.isEmpty() ? QString() : QStringLiteral("\n"), id, info.name);
        if (validation.results.empty()) {
            text += QStringLiteral("  (no claims)\n");
            continue;
        }
        text += table.render();
        // Statements, per-preset values and notes are long prose: one wrapped block per claim.
        for (const ClaimResult &r : validation.results) {
            text += QStringLiteral("\n  %1\n").arg(r.claim.id);
            text += wrapText(
                QStringLiteral("paper: ") + r.claim.statement + QLatin1Char(' ') + r.claim.sourceTag, 4);
            if (!r.detail.isEmpty())
                text += wrapText(QStringLiteral("model: ") + r.detail, 4);
            if (!r.claim.note.isEmpty())
                text += wrapText(QStringLiteral("note: ") + r.claim.note, 4);
        }
        text += QLatin1Char('\n');
        text += QStringLiteral("  %1 claims: %2 PASS, %3 FAIL\n")
                    .arg(validation.results.size())
                    .arg(passed)
                    .arg(failed);
    }
    if (args.has(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("plugins"), jsonPlugins},
                              {QStringLiteral("pass"), !anyFailed && !anyInternal}});
    else
        writeOut(text);
    if (anyInternal)
        return kExitInternal;
    return anyFailed ? kExitCheckFailed : kExitOk;
}

int Cli::runs(const ParsedArguments &args) {
    const QString path = args.positional.first();
    if (!QFileInfo::exists(path))
        throw InputError(QStringLiteral("session file '%1' does not exist").arg(path));
    const RunStore store(path, RunStore::Mode::ReadOnly);
    const std::vector<RunInfo> list = store.runs();
    if (args.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const RunInfo &run : list) {
            array.append(QJsonObject{
                {QStringLiteral("run_id"), static_cast<qint64>(run.id)},
                {QStringLiteral("plugin"), run.pluginId},
                {QStringLiteral("plugin_version"), run.pluginVersion},
                {QStringLiteral("preset"), run.preset},
                {QStringLiteral("params"), run.params},
                {QStringLiteral("seed"), static_cast<qint64>(run.seed)},
                {QStringLiteral("status"), toString(run.status)},
                {QStringLiteral("error"), run.error},
                {QStringLiteral("events"), static_cast<qint64>(run.eventCount)},
                {QStringLiteral("simulated_end_ps"), static_cast<qint64>(run.simulatedEndPs)},
                {QStringLiteral("data_source"), run.dataSource},
                {QStringLiteral("imported_from"), run.importedFrom},
                {QStringLiteral("trace_recorded"), run.traceRecorded},
                {QStringLiteral("sweep_id"), run.sweepId > 0 ? QJsonValue(static_cast<qint64>(run.sweepId)) : QJsonValue()},
                {QStringLiteral("sweep_point"), run.sweepId > 0 ? QJsonValue(run.sweepPoint) : QJsonValue()},
                {QStringLiteral("started_at"), run.startedAt.toString(Qt::ISODateWithMs)},
                {QStringLiteral("finished_at"), run.finishedAt.isValid()
                                                    ? QJsonValue(run.finishedAt.toString(Qt::ISODateWithMs))
                                                    : QJsonValue()},
            });
        }
        printJson(QJsonObject{{QStringLiteral("db"), QFileInfo(path).absoluteFilePath()},
                              {QStringLiteral("runs"), array}});
        return kExitOk;
    }
    if (list.empty()) {
        writeOut(QStringLiteral("No runs in %1.\n").arg(path));
        return kExitOk;
    }
    TextTable table({QStringLiteral("ID"), QStringLiteral("PLUGIN"), QStringLiteral("PRESET"),
                     QStringLiteral("SEED"), QStringLiteral("STATUS"), QStringLiteral("EVENTS"),
                     QStringLiteral("SWEEP/POINT"), QStringLiteral("STARTED (UTC)"), QStringLiteral("ERROR")});
    for (const RunInfo &run : list) {
        table.addRow({QString::number(run.id), run.pluginId, run.preset, QString::number(run.seed),
                      run.isImported() ? toString(run.status) + QStringLiteral(" (imported)") : toString(run.status),
                      run.traceRecorded ? QString::number(run.eventCount) : QStringLiteral("metrics only"),
                      run.sweepId > 0 ? QStringLiteral("%1/%2").arg(run.sweepId).arg(run.sweepPoint) : QStringLiteral("—"),
                      run.startedAt.toUTC().toString(Qt::ISODate), run.error});
    }
    writeOut(table.render(0));
    return kExitOk;
}

int Cli::sweep(const ParsedArguments &args) {
    SweepRequest request;
    request.base = requestFromArguments(args);  // the same tensors at every point
    if (args.has(QStringLiteral("db")))
        request.base.sessionPath = sessionPathFromOption(args.value(QStringLiteral("db")));
    const QStringList varies = args.values(QStringLiteral("vary"));
    if (varies.isEmpty())
        throw InputError(QStringLiteral("sweep: missing --vary KEY=V1,V2,...; give one per key to vary"));
    for (const QString &vary : varies)
        request.axes.push_back(SweepAxis::parse(vary));
    if (args.has(QStringLiteral("threads")))
        request.maxThreads = parseThreads(args.value(QStringLiteral("threads")));
    request.recordEvents = args.has(QStringLiteral("events"));
    if (args.has(QStringLiteral("slice")))
        request.slice = SweepSlice::parse(args.value(QStringLiteral("slice")));
    if (request.recordEvents && request.base.sessionPath.isEmpty())
        throw InputError(QStringLiteral("sweep: --events records traces, so it needs --db FILE"));

    const PluginInfo &info = registry().info(request.base.pluginId);
    const AcceleratorPlugin &plugin = registry().plugin(request.base.pluginId);
    const std::size_t pointCount = sweepRequests(plugin, request).size();  // checks every value first
    request.base.stop = &stopRequested;
    installInterruptHandler();

    const std::size_t slicePoints =
        (pointCount + static_cast<std::size_t>(request.slice.count - request.slice.index - 1)) /
        static_cast<std::size_t>(request.slice.count);
    const QString sliceText = QStringLiteral("%1/%2").arg(request.slice.index).arg(request.slice.count);
    ProgressBar bar(request.slice.whole()
                        ? QStringLiteral("sweep %1 (%2 points)").arg(info.id).arg(pointCount)
                        : QStringLiteral("sweep %1 slice %2 (%3 of %4 points)")
                              .arg(info.id, sliceText)
                              .arg(slicePoints)
                              .arg(pointCount));
    const SweepResult result = runSweep(info, plugin, request, [&bar](const SweepProgress &p) {
        bar.update(p.fraction, QStringLiteral("%1/%2 points%3")
                                   .arg(p.done)
                                   .arg(p.total)
                                   .arg(p.failed > 0 ? QStringLiteral(", %1 failed").arg(p.failed) : QString()));
    });
    bar.finish();
    const std::vector<SweepPoint> &points = result.points;

    std::size_t failed = 0;
    bool anyCancelled = false;
    for (const SweepPoint &point : points) {
        anyCancelled = anyCancelled || point.outcome.status == RunStatus::Cancelled;
        failed += (!point.outcome.ok() && point.outcome.status != RunStatus::Cancelled) ? 1 : 0;
    }

    if (args.has(QStringLiteral("json"))) {
        const SweepInfo described = describeSweep(plugin, request);
        QJsonObject vary;
        for (const SweepAxis &axis : request.axes)
            vary.insert(axis.key, described.axes.value(axis.key));
        QJsonArray array;
        for (const SweepPoint &point : points) {
            QJsonObject varied;
            for (const auto &[key, value] : point.coordinates)
                varied.insert(key, toJson(point.outcome.params.value(key)));
            QJsonObject object{{QStringLiteral("point"), static_cast<qint64>(point.index)},
                               {QStringLiteral("varied"), varied},
                               {QStringLiteral("params"), point.outcome.params.toJson()},
                               {QStringLiteral("status"), toString(point.outcome.status)},
                               {QStringLiteral("run_id"), runIdJson(point.outcome.runId)},
                               {QStringLiteral("events"), static_cast<qint64>(point.outcome.eventCount)},
                               {QStringLiteral("metrics"), metricsToJson(point.outcome.metrics)}};
            if (!point.outcome.ok())
                object.insert(QStringLiteral("error"), point.outcome.error);
            array.append(object);
        }
        printJson(QJsonObject{
            {QStringLiteral("plugin"), info.id},
            {QStringLiteral("preset"), request.base.preset},
            {QStringLiteral("seed"), static_cast<qint64>(request.base.seed)},
            {QStringLiteral("vary"), vary},
            {QStringLiteral("total_points"), static_cast<qint64>(result.totalPoints)},
            {QStringLiteral("slice"), sliceText},
            {QStringLiteral("trace_recorded"), request.recordEvents},
            {QStringLiteral("failed"), static_cast<qint64>(failed)},
            {QStringLiteral("db"),
             request.base.sessionPath.isEmpty() ? QJsonValue() : QJsonValue(request.base.sessionPath)},
            {QStringLiteral("sweep_id"), runIdJson(result.sweepId)},
            {QStringLiteral("points"), array}});
    } else {
        QStringList header{QStringLiteral("POINT")};
        for (const SweepAxis &axis : request.axes)
            header << axis.key;
        std::vector<Metric> columns;
        for (const SweepPoint &point : points) {
            if (point.outcome.ok()) {
                columns = point.outcome.metrics;
                break;
            }
        }
        for (const Metric &m : columns)
            header << (m.unit.isEmpty() ? m.name : QStringLiteral("%1 [%2]").arg(m.name, m.unit));
        header << QStringLiteral("STATUS");
        TextTable table(header);
        for (const SweepPoint &point : points) {
            QStringList row{QString::number(point.index)};
            for (const auto &[key, value] : point.coordinates)
                row << formatValue(point.outcome.params.value(key));
            for (const Metric &column : columns) {
                const Metric *m = findMetric(point.outcome.metrics, column.name);
                row << (m ? number(m->value) : QStringLiteral("-"));
            }
            row << toString(point.outcome.status);
            table.addRow(row);
        }
        QString text = QStringLiteral("%1 — sweep from preset %2, seed %3, %4 points")
                           .arg(info.name, request.base.preset)
                           .arg(request.base.seed)
                           .arg(result.totalPoints);
        if (!request.slice.whole())
            text += QStringLiteral(", slice %1: %2 of them").arg(sliceText).arg(points.size());
        text += QLatin1Char('\n') + table.render();
        if (!request.base.sessionPath.isEmpty())
            text += QStringLiteral("Recorded as sweep %1 in %2 (%3)\n")
                        .arg(result.sweepId)
                        .arg(request.base.sessionPath,
                             request.recordEvents ? QStringLiteral("with every point's trace")
                                                  : QStringLiteral("metrics only; --events records traces"));
        writeOut(text);
    }
    if (failed > 0) {
        for (const SweepPoint &point : points) {
            if (!point.outcome.ok() && point.outcome.status != RunStatus::Cancelled)
                error(QStringLiteral("point %1: %2").arg(point.index).arg(point.outcome.failureMessage()));
        }
        error(QStringLiteral("%1 of %2 points failed%3")
                  .arg(failed)
                  .arg(points.size())
                  .arg(request.base.sessionPath.isEmpty() ? QString()
                                                          : QStringLiteral("; they are recorded as failed")));
        return kExitInternal;
    }
    if (anyCancelled) {
        error(QStringLiteral("interrupted; the points not finished are marked cancelled"));
        return kExitInterrupted;
    }
    return kExitOk;
}

int Cli::report(const ParsedArguments &args) {
    const QString session = args.positional.first();
    if (!args.has(QStringLiteral("out")))
        throw InputError(QStringLiteral("report: missing --out FILE.html|FILE.pdf"));
    const QString out = QFileInfo(args.value(QStringLiteral("out"))).absoluteFilePath();
    std::vector<RunId> ids;
    for (const QString &text : args.values(QStringLiteral("run"))) {
        bool ok = false;
        const qlonglong id = text.trimmed().toLongLong(&ok);
        if (!ok || id <= 0)
            throw InputError(QStringLiteral("--run: not a run id: '%1'; give a positive integer (see "
                                            "'accelscope-cli runs %2')")
                                 .arg(text, session));
        ids.push_back(id);
    }
    std::int64_t sweep = 0;
    if (args.has(QStringLiteral("sweep"))) {
        if (!ids.empty())
            throw InputError(QStringLiteral("report: give either --run or --sweep, not both"));
        bool ok = false;
        const QString text = args.value(QStringLiteral("sweep"));
        sweep = text.trimmed().toLongLong(&ok);
        if (!ok || sweep <= 0)
            throw InputError(QStringLiteral("--sweep: not a sweep id: '%1'; give a positive integer (see "
                                            "'accelscope-cli runs %2')")
                                 .arg(text, session));
    }
    const int pages = writeReport(session, ids, out, &registry(), sweep);
    writeOut(pages > 1 ? QStringLiteral("Wrote %1 (%2 pages)\n").arg(out).arg(pages)
                       : QStringLiteral("Wrote %1\n").arg(out));
    return kExitOk;
}

}  // namespace accelscope::cli

namespace accelscope::cli {

namespace {
// A required option's value, or an InputError naming the command and the option.
QString requiredOption(const ParsedArguments &args, const char *command, const char *option, const char *what) {
    const QString value = args.value(QLatin1String(option));
    if (!args.has(QLatin1String(option)) || value.isEmpty())
        throw InputError(QStringLiteral("%1: --%2 is required (%3)")
                             .arg(QLatin1String(command), QLatin1String(option), QLatin1String(what)));
    return value;
}
}  // namespace

int Cli::exportRun(const ParsedArguments &args) {
    const QString path = args.positional.first();
    if (!QFileInfo::exists(path))
        throw InputError(QStringLiteral("session file '%1' does not exist").arg(path));
    const QString runText = requiredOption(args, "export", "run", "a run id; `accelscope-cli runs DB` lists them");
    bool ok = false;
    const qlonglong run = runText.toLongLong(&ok);
    if (!ok || run <= 0)
        throw InputError(QStringLiteral("--run: not a run id: '%1'; allowed: a positive integer that "
                                        "`accelscope-cli runs %2` lists")
                             .arg(runText, path));
    const TraceFormat format = traceFormatFromString(requiredOption(args, "export", "format", "chrome or csv"));
    const QString out = QFileInfo(requiredOption(args, "export", "out", "the file to write")).absoluteFilePath();
    const TraceBlockReader reader(path);
    const TraceExportSummary summary = exportTrace(reader, run, format, out);
    if (summary.skippedCounters > 0)
        warn(QStringLiteral("%1 counter samples that are not finite numbers were left out (JSON cannot hold them)")
                 .arg(summary.skippedCounters));
    QString text = QStringLiteral("Exported run %1: %2 events, %3 counter samples, %4 markers\n")
                       .arg(run)
                       .arg(summary.events)
                       .arg(summary.counters)
                       .arg(summary.markers);
    for (const QString &file : summary.files)
        text += QStringLiteral("  %1\n").arg(file);
    if (format == TraceFormat::Chrome)
        text += QStringLiteral("%1 tracks. Open the file at https://ui.perfetto.dev (Open trace file) or in "
                               "chrome://tracing.\n")
                    .arg(summary.tracks);
    writeOut(text);
    return kExitOk;
}

int Cli::importTrace(const ParsedArguments &args) {
    const QString db = sessionPathFromOption(args.positional.first());
    const QString file = requiredOption(args, "import", "chrome", "the Chrome trace JSON file to import");
    RunStore store(db);
    QStringList warnings;
    const RunId run = importChromeTrace(store, file, &warnings);
    for (const QString &warning : warnings)
        warn(QStringLiteral("%1: %2").arg(file, warning));
    const RunRecord record = store.loadRun(run);
    if (args.has(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("run_id"), runIdJson(run)},
                              {QStringLiteral("db"), db},
                              {QStringLiteral("imported_from"), record.info.importedFrom},
                              {QStringLiteral("events"), static_cast<qint64>(record.info.eventCount)},
                              {QStringLiteral("units"), static_cast<qint64>(record.topology.units().size())},
                              {QStringLiteral("simulated_end_ps"), static_cast<qint64>(record.info.simulatedEndPs)},
                              {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}});
        return kExitOk;
    }
    writeOut(QStringLiteral("Imported %1 as run %2 of %3 (read-only): %4 events on %5 units, %6 long.\n")
                 .arg(record.info.importedFrom)
                 .arg(run)
                 .arg(db)
                 .arg(record.info.eventCount)
                 .arg(record.topology.units().size())
                 .arg(QStringLiteral("%1 µs").arg(static_cast<double>(record.info.simulatedEndPs) / 1e6, 0, 'g', 6)));
    return kExitOk;
}

int Cli::merge(const ParsedArguments &args) {
    const QString out = args.positional.first();
    const QStringList inputs = args.positional.mid(1);
    const SessionMergeResult result = mergeSessions(out, inputs, args.has(QStringLiteral("append")));
    if (args.has(QStringLiteral("json"))) {
        QJsonArray sources;
        for (const MergedSession &merged : result.sources) {
            QJsonArray ids;
            for (const auto &[from, to] : merged.runIds)
                ids.append(QJsonObject{{QStringLiteral("from"), static_cast<qint64>(from)},
                                       {QStringLiteral("to"), static_cast<qint64>(to)}});
            sources.append(QJsonObject{{QStringLiteral("file"), merged.source},
                                       {QStringLiteral("runs"), ids},
                                       {QStringLiteral("interrupted"), merged.interrupted},
                                       {QStringLiteral("sweeps_added"), merged.sweepsAdded},
                                       {QStringLiteral("sweeps_joined"), merged.sweepsJoined}});
        }
        printJson(QJsonObject{{QStringLiteral("db"), result.output}, {QStringLiteral("inputs"), sources}});
    } else {
        QString text;
        int runs = 0;
        for (const MergedSession &merged : result.sources) {
            runs += static_cast<int>(merged.runIds.size());
            text += QStringLiteral("%1: %2 runs").arg(merged.source).arg(merged.runIds.size());
            if (merged.sweepsAdded + merged.sweepsJoined > 0)
                text += QStringLiteral(", %1 sweeps (%2 joined one already merged)")
                            .arg(merged.sweepsAdded + merged.sweepsJoined)
                            .arg(merged.sweepsJoined);
            if (merged.interrupted > 0)
                text += QStringLiteral(", %1 still running there, copied as interrupted").arg(merged.interrupted);
            text += QLatin1Char('\n');
        }
        text += QStringLiteral("Merged %1 runs into %2\n").arg(runs).arg(result.output);
        writeOut(text);
    }
    for (const MergedSession &merged : result.sources) {
        if (merged.interrupted > 0)
            warn(QStringLiteral("%1 run(s) of %2 were still running; they are copied as interrupted")
                     .arg(merged.interrupted)
                     .arg(merged.source));
    }
    return kExitOk;
}

}  // namespace accelscope::cli
