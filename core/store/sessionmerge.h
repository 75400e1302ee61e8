#pragma once
// Combines session files recorded separately (for example by the tasks of a job array, each
// running one slice of a sweep) into one: every run of every input is copied into the output with
// everything it has, under new ids, remembering where it came from. Inputs are opened read-only
// and never modified.

#include <vector>

#include <QString>
#include <QStringList>

#include "core/store/runstore.h"

namespace accelscope {

struct SessionMergeResult {
    QString output;  // absolute path
    std::vector<MergedSession> sources;
};

// Checks everything before writing anything: each input exists and is a session this build reads
// (not another file, not corrupt, not of a newer schema), no input is given twice or is the
// output, and `output` does not exist unless `append`. Then copies the inputs in order, one
// transaction each. Throws StoreError (bad input) naming the file and the problem; an output
// this call created is removed again when a copy fails.
SessionMergeResult mergeSessions(const QString &output, const QStringList &inputs, bool append);

}  // namespace accelscope
