#pragma once
// Paints a TokenGrid: one small square per token coloured by its state, 3-D grids as panels side
// by side (one per frame, so merges across frames stay visible as links between panels), a line
// from each merged token to its destination, and a legend with the count of every state.

#include <optional>
#include <vector>

#include <QWidget>

#include "views/token/tokengrid.h"

namespace accelscope {

class TokenCanvas : public QWidget {
    Q_OBJECT
public:
    explicit TokenCanvas(QWidget *parent = nullptr);

    void setGrid(const TokenGrid &grid);
    // A non-empty hint replaces the grid.
    void setHint(const QString &hint);
    QString hint() const { return hint_; }
    const std::optional<TokenGrid> &grid() const { return grid_; }

    // The merges drawn, and the state counts the legend shows.
    const std::vector<TokenLink> &links() const { return links_; }
    const TokenCounts &counts() const { return counts_; }
    // The legend's entries as shown ("kept 612", ...).
    QStringList legendEntries() const;

    // Where a token is drawn (widget coordinates), and which token is at a position (-1: none).
    QRectF cellRect(int token) const;
    int tokenAt(QPointF position) const;
    int hoveredToken() const { return hovered_; }
    void setHoveredToken(int token);
    QString tooltipFor(int token) const;

    QSize sizeHint() const override { return {600, 400}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct LegendItem {
        QColor colour;
        QString text;
    };
    std::vector<LegendItem> legendItems() const;
    void layoutGrid();
    // Lays the legend out (entry positions when `positions` is given); returns its height.
    double legendLayout(std::vector<QPointF> *positions) const;
    QString summaryText() const;
    void drawLegend(QPainter &painter) const;
    void drawLinks(QPainter &painter) const;

    std::optional<TokenGrid> grid_;
    std::vector<TokenLink> links_;
    std::vector<std::vector<int>> incoming_;  // per token: the tokens merged into it
    TokenCounts counts_;
    QString hint_;
    int hovered_ = -1;

    // Layout, recomputed on resize and on a new grid.
    double legendHeight_ = 0;
    double cell_ = 0;
    double gap_ = 0;
    int panelColumns_ = 1;
    std::vector<QPointF> panelOrigins_;  // top-left of each frame's grid
    double panelTitle_ = 0;
};

}  // namespace accelscope
