#pragma once
// Memory banks at the cursor: for every memory of the run's topology, a grid of its banks, each
// filled from the bottom to its occupancy at ViewState::cursor() (stacked by owner when the model
// records who holds the bytes), banks whose conflict count grew in the current step outlined in
// red, and a sparkline of the memory's total occupancy over the whole run with the cursor on it.
//
// Reads the counter series documented in core/api/topology.h above MemoryInfo:
// "<memory path>/bank<i>", "<memory path>/bank<i>/<owner>" and "<memory path>/bank<i>/conflicts".

#include <optional>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "views/state/viewstate.h"

namespace accelscope {

class MemoryBankView : public QWidget {
    Q_OBJECT
public:
    explicit MemoryBankView(ViewState &state, QWidget *parent = nullptr);
    ~MemoryBankView() override;

    // What is drawn, for tests and for other front ends (memory = index into Topology::memories()).
    int memoryCount() const;
    QRectF bankRect(int memory, int bank) const;  // the cell, in widget coordinates
    QRectF sparklineRect(int memory) const;
    double bankFill(int memory, int bank) const;  // occupancy / capacity at the cursor
    // Owners recorded for any bank of any memory, in order of first appearance (colours follow it).
    const QStringList &owners() const { return owners_; }
    // Bytes per owner (in owners() order) held in a bank at the cursor; empty without owners.
    std::vector<double> ownerBytes(int memory, int bank) const;
    QColor ownerColor(int owner) const;
    QColor fillColor() const;  // the single fill colour of banks without owners
    // The bank's conflict count grew since the last finest step began (or since its previous sample).
    bool conflictHighlighted(int memory, int bank) const;
    double conflictCount(int memory, int bank) const;
    // Total occupancy of a memory over the run, as min/max per pixel column of its sparkline.
    std::vector<std::pair<double, double>> historyColumns(int memory, int columns) const;

    QSize sizeHint() const override { return {900, 520}; }
    QSize minimumSizeHint() const override { return {300, 200}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Memory;
    struct Geometry {
        QRectF section, header, grid, sparkline;
        std::vector<QRectF> cells;
    };

    void rebuild();             // series lookups and occupancy history, per run and trace growth
    void relayout() const;      // geometry for the widget's size
    void ensureLayout() const;  // relayout when the size changed (resize events may be pending)
    double bankBytes(const Memory &memory, int bank, TimePs t) const;
    double totalBytesAt(const Memory &memory, TimePs t) const;
    std::optional<TimePs> stepStartBefore(TimePs t) const;
    QRectF legendRect() const;
    QString bankTooltip(int memory, int bank) const;
    void paintMemory(QPainter &painter, int memory);
    void paintBank(QPainter &painter, int memory, int bank, const QRectF &cell);
    void paintSparkline(QPainter &painter, int memory);
    void paintLegend(QPainter &painter);
    void paintHint(QPainter &painter, const QString &text);

    ViewState &state_;
    std::vector<Memory> memories_;
    mutable std::vector<Geometry> geometry_;
    mutable QSize layoutSize_;
    QStringList owners_;
    mutable double contentHeight_ = 0;
    mutable double scroll_ = 0;
};

}  // namespace accelscope
