#pragma once
// Work that must not block the UI thread: `work` runs in a new thread, then `done` runs on
// `receiver`'s thread with the message of what `work` threw ("" when nothing), unless the receiver
// is gone by then. The thread deletes itself.

#include <exception>
#include <utility>

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

namespace accelscope {

template <class Work, class Done>
void runInBackground(QObject *receiver, Work work, Done done) {
    QPointer<QObject> guard(receiver);
    QThread *worker = QThread::create([guard, work = std::move(work), done = std::move(done)]() mutable {
        QString error;
        try {
            work();
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (guard)
            QMetaObject::invokeMethod(
                guard, [done = std::move(done), error]() mutable { done(error); }, Qt::QueuedConnection);
    });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

}  // namespace accelscope
