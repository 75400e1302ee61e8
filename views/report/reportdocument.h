#pragma once
// A report as a sequence of blocks (HTML fragments, figures, page breaks) that becomes either one
// self-contained HTML file (figures as inline SVG, styles inline, no external file) or a paginated
// PDF (QPdfWriter; fragments laid out by QTextDocument, figures drawn as vectors from their SVG).
// Fragments are trusted markup: whatever a user typed must pass through escapeHtml() first.

#include <vector>

#include <QByteArray>
#include <QSize>
#include <QString>

class QAbstractItemModel;

namespace accelscope {

// Escapes &, <, >, " and ' so any text is safe inside elements and quoted attributes.
QString escapeHtml(const QString &text);

// An HTML table of a table model's display texts (escaped), with its horizontal headers;
// right-aligned columns get class "num" and foreground colours are kept, darkened if needed so
// they read on white paper. `columns` empty: every column.
QString modelTableHtml(const QAbstractItemModel &model, const std::vector<int> &columns = {});

struct ReportFigure {
    QString id;       // the anchor in the HTML ("run-3-dataflow")
    QString title;    // plain text
    QString caption;  // plain text
    QByteArray svg;   // a complete SVG document
    QSize size;       // the drawing's size in pixels (its view box)
};

class ReportDocument {
public:
    explicit ReportDocument(QString title);

    QString title() const { return title_; }
    void addHtml(const QString &fragment);
    void addFigure(ReportFigure figure);
    // The next block starts on a new PDF page (the HTML prints it on a new page too).
    void addPageBreak();

    // The whole document as one HTML file.
    QString toHtml() const;
    // Writes HTML or PDF as `path`'s extension says (reportFormatOf). Throws InputError naming the
    // file when it cannot be written. Returns the number of pages (1 for HTML).
    int write(const QString &path) const;
    int writePdf(const QString &path) const;

private:
    struct Block {
        enum class Kind { Html, Figure, PageBreak } kind = Kind::Html;
        QString html;
        ReportFigure figure;
    };
    static QString figureHtml(const ReportFigure &figure);

    QString title_;
    std::vector<Block> blocks_;
};

}  // namespace accelscope
