// What a user types or a session recorded for parameters (core/api/param, core/session/sweep):
// each line of the input is applied as a --set KEY=VALUE assignment, parsed as a --sweep
// KEY=V1,V2,... axis (each value checked against the schema) and as a --slice K/N; the whole
// input, when it is a JSON object, is read back as a recorded ParamSet, and the whole input is
// read as a parameter file (--params) and applied to the schema. The schema has a
// parameter of every type, with ranges that reach the limits of each.

#include <limits>

#include <QJsonDocument>
#include <QJsonObject>

#include "core/api/param.h"
#include "core/session/paramfile.h"
#include "core/session/sweep.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace accelscope;

namespace {

const ParamSchema &schema() {
    static const ParamSchema kSchema({
        ParamSpec::integer(QStringLiteral("batch"), QStringLiteral("Batch"), ParamGroup::Workload, 1, 1, 4096,
                           {}, QStringLiteral("requests per step")),
        ParamSpec::integer(QStringLiteral("offset"), QStringLiteral("Offset"), ParamGroup::Workload, 0,
                           std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                           QStringLiteral("B"), QStringLiteral("any integer")),
        ParamSpec::real(QStringLiteral("clock_ghz"), QStringLiteral("Clock"), ParamGroup::Hardware, 1.0, 1e-3, 10.0,
                        QStringLiteral("GHz"), QStringLiteral("core clock")),
        ParamSpec::real(QStringLiteral("scale"), QStringLiteral("Scale"), ParamGroup::Workload, 0.0,
                        -std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), {},
                        QStringLiteral("any finite number")),
        ParamSpec::choice(QStringLiteral("model"), QStringLiteral("Model"), ParamGroup::Workload,
                          QStringLiteral("gpt2-345m"), {QStringLiteral("gpt2-345m"), QStringLiteral("opt-6.7b")},
                          QStringLiteral("the transformer")),
        ParamSpec::flag(QStringLiteral("overlap"), QStringLiteral("Overlap"), ParamGroup::Hardware, true,
                        QStringLiteral("overlap loads with compute")),
    });
    return kSchema;
}

void applyLine(const QString &line) {
    ParamSet params(schema());
    // Messages name the assignment's key (an unknown key is named and the known ones listed).
    fuzz::readOrRefuse({}, [&] { params.assign(line); });
    fuzz::readOrRefuse({}, [&] {
        const SweepAxis axis = SweepAxis::parse(line);
        const ParamSpec &spec = schema().at(axis.key);
        for (const QString &value : axis.values)
            fuzz::readOrRefuse(axis.key, [&] { spec.parse(value); });
    });
    fuzz::readOrRefuse({}, [&] { SweepSlice::parse(line); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray bytes = fuzz::bytesOf(data, size);
    for (const QByteArray &line : bytes.split('\n'))
        applyLine(QString::fromUtf8(line));

    const QString fileName = QStringLiteral("point.json");
    fuzz::readOrRefuse(fileName, [&] {
        const ParamFile file = ParamFile::parse(bytes, fileName);
        ParamSet params(schema());
        file.applyTo(params);
    });

    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (document.isObject()) {
        QJsonObject recorded = document.object();
        // Recorded tensors name files to read again; a fuzzer must not go reading the disk.
        recorded.remove(ParamSet::kTensorsKey);
        fuzz::readOrRefuse({}, [&] {
            const ParamSet params = ParamSet::fromJson(schema(), recorded);
            if (ParamSet::fromJson(schema(), params.toJson()).toJson() != params.toJson())
                fuzz::finding(QStringLiteral("a ParamSet does not read back as itself"));
        });
    }
    return 0;
}
