#pragma once
// Frame names are paths ("layer3/head0/attention", "block2/ffn_mask", "step/keep"). Segments that
// end in a number ("layer3", "head0") become selectors of their own, so a run with 24 layers and
// 16 heads gets a layer and a head selector instead of 384 names in one list; the rest of the
// path ("attention") is the 'what'. Names without numbered segments keep a plain name selector.

#include <QList>
#include <QString>
#include <QStringList>

namespace accelscope {

struct FrameNameParts {
    QStringList keys;    // "layer", "head": the numbered segments' words, in path order
    QList<int> indices;  // 3, 0: their numbers
    QString what;        // the other segments joined by '/'; the whole name when keys is empty
    bool isIndexed() const { return !keys.isEmpty(); }
    // Names with the same keys form a family ("layer/head"); unindexed names share the empty one.
    QString family() const { return keys.join(QLatin1Char('/')); }
};

FrameNameParts parseFrameName(const QString &name);

// The names of one frame kind grouped into families, with the values each selector offers.
class FrameNameCatalog {
public:
    void setNames(const QStringList &names);
    const QStringList &names() const { return names_; }
    bool isEmpty() const { return names_.isEmpty(); }

    QStringList families() const { return families_; }  // in order of first appearance
    QStringList keys(const QString &family) const;      // empty for the unindexed family
    // The numbers present for keys(family)[keyPosition], ascending.
    QList<int> indices(const QString &family, int keyPosition) const;
    QStringList whats(const QString &family) const;  // in order of first appearance
    const FrameNameParts &parts(const QString &name) const;

    // The name with exactly these parts; empty when the run has none.
    QString nameFor(const QString &family, const QList<int> &indices, const QString &what) const;
    // The name of `family` that keeps keys(family)[keyPosition] (or the 'what' when keyPosition
    // is -1) at the requested value and matches the most other requested parts: what a selector
    // change should show when the exact combination does not exist.
    QString closestName(const QString &family, const QList<int> &indices, const QString &what,
                        int keyPosition) const;

private:
    QStringList names_;
    QStringList families_;
    QList<FrameNameParts> parts_;  // parallel to names_
};

// "layer · head" for a family, "name" for the unindexed one.
QString familyLabel(const QString &family);

}  // namespace accelscope
