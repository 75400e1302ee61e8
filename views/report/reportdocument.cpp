#include "views/report/reportdocument.h"

#include <algorithm>
#include <cmath>

#include <QAbstractItemModel>
#include <QColor>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QTextDocument>

#include "core/api/errors.h"
#include "views/report/reportrun.h"

namespace accelscope {

namespace {

// The browser's styles: a readable column, quiet tables, verdict badges.
const char *const kHtmlStyle = R"css(
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 14px;
       color: #1d2125; background: #ffffff; margin: 0; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 6px; padding-bottom: 4px; border-bottom: 2px solid #2f6fb2; }
h3 { font-size: 16px; margin: 22px 0 6px; color: #2f6fb2; }
p { margin: 4px 0 8px; line-height: 1.45; }
.muted { color: #5c6670; }
.small { font-size: 12px; }
table.data { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 13px; }
table.data th { background: #e9eef4; text-align: left; font-weight: 600; border-bottom: 1px solid #b8c4d0; }
table.data td { border-bottom: 1px solid #e1e6eb; vertical-align: top; }
table.data th, table.data td { padding: 4px 8px; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.facts td.key { color: #5c6670; white-space: nowrap; width: 1%; }
.pass { color: #1e7e3e; font-weight: 700; }
.fail { color: #c01c28; font-weight: 700; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 1px solid #0003; }
figure { margin: 12px 0 18px; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid #e1e6eb; }
figcaption { font-size: 12px; color: #5c6670; margin-top: 4px; }
.figtitle { font-weight: 600; margin-bottom: 4px; }
.pagebreak { page-break-before: always; }
ul.toc { margin: 4px 0 8px; }
)css";

// QTextDocument understands a subset of CSS: the same look, said in what it supports.
const char *const kPdfStyle = R"css(
h1 { font-size: 22px; margin-bottom: 2px; }
h2 { font-size: 17px; color: #1d2125; margin-top: 10px; margin-bottom: 4px; }
h3 { font-size: 13px; color: #2f6fb2; margin-top: 12px; margin-bottom: 4px; }
p { margin-top: 2px; margin-bottom: 6px; }
.muted { color: #5c6670; }
.small { font-size: 9px; }
table.data { border-collapse: collapse; border-color: #d5dce3; font-size: 10px; margin-bottom: 6px; }
table.data th { background-color: #e9eef4; font-weight: bold; text-align: left; }
table.data td.num, table.data th.num { text-align: right; }
table.facts td.key { color: #5c6670; }
.pass { color: #1e7e3e; font-weight: bold; }
.fail { color: #c01c28; font-weight: bold; }
)css";

// Ids inside one SVG are unique there but not across the page: prefix them per figure.
QByteArray inlineSvg(const QByteArray &svg, const QString &prefix) {
    QString text = QString::fromUtf8(svg);
    const qsizetype start = text.indexOf(QStringLiteral("<svg"));
    if (start < 0)
        return {};
    text = text.mid(start);
    const qsizetype tagEnd = text.indexOf(QLatin1Char('>'));
    QString open = text.left(tagEnd);
    open.replace(QRegularExpression(QStringLiteral(R"re( width="[^"]*")re")), QString());
    open.replace(QRegularExpression(QStringLiteral(R"re( height="[^"]*")re")), QString());
    open += QStringLiteral(" role=\"img\"");
    text = open + text.mid(tagEnd);
    text.replace(QRegularExpression(QStringLiteral(R"re(\bid="([^"]+)")re")),
                 QStringLiteral("id=\"%1-\\1\"").arg(prefix));
    text.replace(QRegularExpression(QStringLiteral(R"re(url\(#([^)]+)\))re")),
                 QStringLiteral("url(#%1-\\1)").arg(prefix));
    text.replace(QRegularExpression(QStringLiteral(R"re(href="#([^"]+)")re")),
                 QStringLiteral("href=\"#%1-\\1\"").arg(prefix));
    return text.toUtf8();
}

QString colourCss(QColor colour) {
    // Views pick colours for the application's palette; paper is white.
    if (colour.lightness() > 150)
        colour = colour.darker(180);
    return colour.name(QColor::HexRgb);
}

}  // namespace

QString escapeHtml(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
            case '&':
                out += QStringLiteral("&amp;");
                break;
            case '<':
                out += QStringLiteral("&lt;");
                break;
            case '>':
                out += QStringLiteral("&gt;");
                break;
            case '"':
                out += QStringLiteral("&quot;");
                break;
            case '\'':
                out += QStringLiteral("&#39;");
                break;
            default:
                out += c;
        }
    }
    return out;
}

QString modelTableHtml(const QAbstractItemModel &model, const std::vector<int> &columns) {
    std::vector<int> shown = columns;
    if (shown.empty()) {
        for (int c = 0; c < model.columnCount(); ++c)
            shown.push_back(c);
    }
    auto isNumeric = [&model](int row, int column) {
        const QVariant align = model.data(model.index(row, column), Qt::TextAlignmentRole);
        return align.isValid() && (align.value<Qt::Alignment>() & Qt::AlignRight);
    };
    QString html = QStringLiteral("<table class=\"data\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
    for (const int c : shown) {
        const bool num = model.rowCount() > 0 && isNumeric(0, c);
        html += QStringLiteral("<th%1>%2</th>")
                    .arg(num ? QStringLiteral(" class=\"num\"") : QString(),
                         escapeHtml(model.headerData(c, Qt::Horizontal).toString()));
    }
    html += QStringLiteral("</tr>");
    for (int r = 0; r < model.rowCount(); ++r) {
        html += QStringLiteral("<tr>");
        for (const int c : shown) {
            const QModelIndex index = model.index(r, c);
            QString cell = escapeHtml(model.data(index).toString());
            const QVariant foreground = model.data(index, Qt::ForegroundRole);
            QColor colour;
            if (foreground.canConvert<QColor>())
                colour = foreground.value<QColor>();
            if (colour.isValid())
                cell = QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>")
                           .arg(colourCss(colour), cell);
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(isNumeric(r, c) ? QStringLiteral(" class=\"num\"") : QString(), cell);
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

ReportDocument::ReportDocument(QString title) : title_(std::move(title)) {}

void ReportDocument::addHtml(const QString &fragment) {
    blocks_.push_back({Block::Kind::Html, fragment, {}});
}

void ReportDocument::addFigure(ReportFigure figure) {
    blocks_.push_back({Block::Kind::Figure, {}, std::move(figure)});
}

void ReportDocument::addPageBreak() {
    blocks_.push_back({Block::Kind::PageBreak, {}, {}});
}

QString ReportDocument::figureHtml(const ReportFigure &figure) {
    QString html = QStringLiteral("<figure id=\"%1\">").arg(escapeHtml(figure.id));
    if (!figure.title.isEmpty())
        html += QStringLiteral("<div class=\"figtitle\">%1</div>").arg(escapeHtml(figure.title));
    html += QString::fromUtf8(inlineSvg(figure.svg, figure.id));
    if (!figure.caption.isEmpty())
        html += QStringLiteral("<figcaption>%1</figcaption>").arg(escapeHtml(figure.caption));
    return html + QStringLiteral("</figure>\n");
}

QString ReportDocument::toHtml() const {
    QString html = QStringLiteral(
                       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n<main>\n")
                       .arg(escapeHtml(title_), QLatin1String(kHtmlStyle));
    bool breakNext = false;
    for (const Block &block : blocks_) {
        switch (block.kind) {
            case Block::Kind::PageBreak:
                breakNext = true;
                continue;
            case Block::Kind::Html:
                if (breakNext)
                    html += QStringLiteral("<div class=\"pagebreak\"></div>\n");
                html += block.html + QLatin1Char('\n');
                break;
            case Block::Kind::Figure:
                if (breakNext)
                    html += QStringLiteral("<div class=\"pagebreak\"></div>\n");
                html += figureHtml(block.figure);
                break;
        }
        breakNext = false;
    }
    return html + QStringLiteral("</main>\n</body>\n</html>\n");
}

int ReportDocument::write(const QString &path) const {
    if (reportFormatOf(path) == ReportFormat::Pdf)
        return writePdf(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toHtml().toUtf8()) < 0 || !file.commit())
        throw InputError(
            QStringLiteral("cannot write the report '%1': check that its folder exists and is writable").arg(path));
    return 1;
}

namespace {

// Lays blocks out top to bottom on A4 pages, in a logical coordinate system of kPageWidth units
// across the printable width (about 96 per inch, like the HTML's pixels).
class PdfPager {
public:
    static constexpr double kPageWidth = 700;
    static constexpr double kFooter = 22;

    PdfPager(QPdfWriter &writer, QPainter &painter, QString title)
        : writer_(writer), painter_(painter), title_(std::move(title)) {
        scale_ = writer.width() / kPageWidth;
        pageHeight_ = writer.height() / scale_ - kFooter;
        painter_.scale(scale_, scale_);
    }

    double pageHeight() const { return pageHeight_; }
    double remaining() const { return pageHeight_ - y_; }
    bool atTop() const { return y_ <= 0; }
    int pages() const { return page_; }

    void newPage() {
        footer();
        writer_.newPage();
        ++page_;
        y_ = 0;
    }

    void html(const QString &fragment) {
        QTextDocument doc;
        layOut(doc, fragment);
        const double height = doc.size().height();
        if (height > remaining() && !atTop()) {
            if (height <= pageHeight_) {
                newPage();
            }
        }
        if (height <= remaining()) {
            painter_.save();
            painter_.translate(0, y_);
            doc.drawContents(&painter_);
            painter_.restore();
            y_ += height;
            return;
        }
        // Taller than what is left: let the document paginate itself (it keeps lines and table
        // rows whole) and draw it page by page, starting on the current page's remainder.
        if (remaining() < pageHeight_ * 0.25)
            newPage();
        doc.setPageSize(QSizeF(kPageWidth, pageHeight_));
        const double total = doc.size().height();
        const double firstPage = remaining();
        // The first slice fills what is left of this page; pages after it are whole.
        double offset = 0;
        double slice = firstPage;
        while (offset < total) {
            painter_.save();
            painter_.translate(0, y_ - offset);
            doc.drawContents(&painter_, QRectF(0, offset, kPageWidth, slice));
            painter_.restore();
            offset += slice;
            if (offset < total) {
                newPage();
                slice = pageHeight_;
            } else {
                y_ += slice - (offset - total);
            }
        }
    }

    void figure(const QString &titleHtml, const ReportFigure &figure, const QString &captionHtml) {
        QSvgRenderer svg(figure.svg);
        if (!svg.isValid())
            return;
        const QSizeF natural = figure.size.isValid() ? QSizeF(figure.size) : QSizeF(svg.defaultSize());
        double width = std::min(kPageWidth, natural.width());
        double height = natural.height() * width / natural.width();
        const double maxHeight = pageHeight_ * 0.8;
        if (height > maxHeight) {
            width *= maxHeight / height;
            height = maxHeight;
        }
        const double titleHeight = measure(titleHtml);
        const double captionHeight = measure(captionHtml);
        if (titleHeight + height + captionHeight + 8 > remaining() && !atTop())
            newPage();
        html(titleHtml);
        const double x = (kPageWidth - width) / 2;
        painter_.save();
        painter_.setPen(QPen(QColor(0xe1, 0xe6, 0xeb), 0.8));
        painter_.drawRect(QRectF(x, y_, width, height));
        svg.render(&painter_, QRectF(x, y_, width, height));
        painter_.restore();
        y_ += height + 4;
        html(captionHtml);
        y_ += 4;
    }

    void finish() { footer(); }

private:
    static void layOut(QTextDocument &doc, const QString &fragment) {
        doc.setDefaultStyleSheet(QLatin1String(kPdfStyle));
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(11);
        doc.setDefaultFont(font);
        doc.setDocumentMargin(2);
        doc.setHtml(fragment);
        doc.setTextWidth(kPageWidth);
    }

    double measure(const QString &fragment) const {
        if (fragment.isEmpty())
            return 0;
        QTextDocument doc;
        layOut(doc, fragment);
        return doc.size().height();
    }

    void footer() {
        painter_.save();
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(9);
        painter_.setFont(font);
        painter_.setPen(QColor(0x5c, 0x66, 0x70));
        const QRectF band(0, pageHeight_ + 6, kPageWidth, kFooter - 6);
        painter_.drawLine(QPointF(0, pageHeight_ + 4), QPointF(kPageWidth, pageHeight_ + 4));
        painter_.drawText(band, Qt::AlignLeft | Qt::AlignVCenter, title_);
        painter_.drawText(band, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("page %1").arg(page_));
        painter_.restore();
    }

    QPdfWriter &writer_;
    QPainter &painter_;
    QString title_;
    double scale_ = 1;
    double pageHeight_ = 0;
    double y_ = 0;
    int page_ = 1;
};

}  // namespace

int ReportDocument::writePdf(const QString &path) const {
    const QString cannotWrite =
        QStringLiteral("cannot write the report '%1': check that its folder exists and is writable").arg(path);
    {
        // QPdfWriter reports no error of its own; find out first whether the file can be made.
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly))
            throw InputError(cannotWrite);
    }
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(16, 14, 16, 12), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(title_);
    writer.setCreator(QStringLiteral("AccelScope"));
    QPainter painter;
    if (!painter.begin(&writer))
        throw InputError(cannotWrite);
    PdfPager pager(writer, painter, title_);
    for (const Block &block : blocks_) {
        switch (block.kind) {
            case Block::Kind::PageBreak:
                if (!pager.atTop())
                    pager.newPage();
                break;
            case Block::Kind::Html:
                pager.html(block.html);
                break;
            case Block::Kind::Figure: {
                const ReportFigure &f = block.figure;
                pager.figure(f.title.isEmpty() ? QString() : QStringLiteral("<p><b>%1</b></p>").arg(escapeHtml(f.title)),
                             f, f.caption.isEmpty() ? QString()
                                                    : QStringLiteral("<p class=\"muted small\">%1</p>")
                                                          .arg(escapeHtml(f.caption)));
                break;
            }
        }
    }
    pager.finish();
    const int pages = pager.pages();
    if (!painter.end())
        throw InputError(cannotWrite);
    return pages;
}

}  // namespace accelscope
