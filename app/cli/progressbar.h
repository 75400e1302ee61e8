#pragma once
// Progress on stderr for long commands: a single updating bar on a terminal, otherwise at most
// one "progress: N%" line per 10 %, so logs stay short. Thread-safe; stdout is never touched.

#include <mutex>

#include <QString>

namespace accelscope::cli {

class ProgressBar {
public:
    explicit ProgressBar(QString label);
    ~ProgressBar();

    void update(double fraction);
    // The same, with a short note after the percentage ("120/1000 points, 2 failed").
    void update(double fraction, const QString &detail);
    // Ends the bar's line (terminal) so later output starts on a fresh line.
    void finish();

private:
    QString label_;
    bool terminal_ = false;
    int lastPercent_ = -1;
    int lastDecile_ = 0;
    QString lastDetail_;
    bool finished_ = false;
    std::mutex mutex_;
};

}  // namespace accelscope::cli
