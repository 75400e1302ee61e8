#include "views/mask/framenames.h"

#include <algorithm>

#include <QRegularExpression>

namespace accelscope {

FrameNameParts parseFrameName(const QString &name) {
    // A word followed by a number, optionally joined by '_' or '-': "layer3", "head_0", "block-2".
    static const QRegularExpression numbered(QStringLiteral("^([A-Za-z][A-Za-z_]*?)[_-]?([0-9]+)$"));
    FrameNameParts parts;
    QStringList rest;
    const QStringList segments = name.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        const QRegularExpressionMatch m = numbered.match(segment);
        bool ok = false;
        const int index = m.hasMatch() ? m.captured(2).toInt(&ok) : 0;
        if (ok && !parts.keys.contains(m.captured(1))) {
            parts.keys.append(m.captured(1));
            parts.indices.append(index);
        } else {
            rest.append(segment);
        }
    }
    if (parts.keys.isEmpty() || rest.isEmpty()) {
        // Nothing numbered, or nothing but numbers ("layer3/head0"): one name, no 'what' to pick.
        if (rest.isEmpty() && !parts.keys.isEmpty())
            return parts;
        return FrameNameParts{{}, {}, name};
    }
    parts.what = rest.join(QLatin1Char('/'));
    return parts;
}

void FrameNameCatalog::setNames(const QStringList &names) {
    names_ = names;
    families_.clear();
    parts_.clear();
    for (const QString &name : names) {
        parts_.append(parseFrameName(name));
        const QString family = parts_.back().family();
        if (!families_.contains(family))
            families_.append(family);
    }
}

QStringList FrameNameCatalog::keys(const QString &family) const {
    return family.isEmpty() ? QStringList{} : family.split(QLatin1Char('/'));
}

QList<int> FrameNameCatalog::indices(const QString &family, int keyPosition) const {
    QList<int> values;
    for (const FrameNameParts &p : parts_)
        if (p.family() == family && keyPosition >= 0 && keyPosition < p.indices.size() &&
            !values.contains(p.indices[keyPosition]))
            values.append(p.indices[keyPosition]);
    std::sort(values.begin(), values.end());
    return values;
}

QStringList FrameNameCatalog::whats(const QString &family) const {
    QStringList values;
    for (const FrameNameParts &p : parts_)
        if (p.family() == family && !values.contains(p.what))
            values.append(p.what);
    return values;
}

const FrameNameParts &FrameNameCatalog::parts(const QString &name) const {
    static const FrameNameParts none;
    const auto i = names_.indexOf(name);
    return i < 0 ? none : parts_[i];
}

QString FrameNameCatalog::nameFor(const QString &family, const QList<int> &indices,
                                  const QString &what) const {
    for (qsizetype i = 0; i < names_.size(); ++i) {
        const FrameNameParts &p = parts_[i];
        if (p.family() == family && p.indices == indices && p.what == what)
            return names_[i];
    }
    return {};
}

QString FrameNameCatalog::closestName(const QString &family, const QList<int> &indices, const QString &what,
                                      int keyPosition) const {
    QString best;
    int bestScore = -1;
    for (qsizetype i = 0; i < names_.size(); ++i) {
        const FrameNameParts &p = parts_[i];
        if (p.family() != family)
            continue;
        const bool keepsChanged = keyPosition < 0
                                      ? p.what == what
                                      : keyPosition < p.indices.size() && keyPosition < indices.size() &&
                                            p.indices[keyPosition] == indices[keyPosition];
        if (!keepsChanged)
            continue;
        int score = p.what == what ? 1 : 0;
        for (qsizetype k = 0; k < p.indices.size() && k < indices.size(); ++k)
            score += p.indices[k] == indices[k] ? 1 : 0;
        if (score > bestScore) {
            bestScore = score;
            best = names_[i];
        }
    }
    return best;
}

QString familyLabel(const QString &family) {
    if (family.isEmpty())
        return QStringLiteral("name");
    return family.split(QLatin1Char('/')).join(QStringLiteral(" · "));
}

}  // namespace accelscope
