#include "views/plugins/pluginpicker.h"

#include <functional>

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

#include "views/common/theme.h"
#include "views/plugins/pluginlistmodel.h"

namespace accelscope {

namespace {

QString viewLabel(const QString &view) {
    return view.left(1).toUpper() + view.mid(1);
}

// Enter in the filter box chooses the highlighted plugin, arrows move through the list, so the
// picker works from the keyboard alone.
class FilterKeys : public QObject {
public:
    FilterKeys(QTreeView *view, std::function<void()> choose, QObject *parent)
        : QObject(parent), view_(view), choose_(std::move(choose)) {}

protected:
    bool eventFilter(QObject *, QEvent *event) override {
        if (event->type() != QEvent::KeyPress)
            return false;
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
            case Qt::Key_Return:
            case Qt::Key_Enter:
                choose_();
                return true;
            case Qt::Key_Down:
            case Qt::Key_Up:
            case Qt::Key_PageDown:
            case Qt::Key_PageUp:
                QCoreApplication::sendEvent(view_, event);
                return true;
            default:
                return false;
        }
    }

private:
    QTreeView *view_;
    std::function<void()> choose_;
};

}  // namespace

PluginPicker::PluginPicker(QWidget *parent)
    : QWidget(parent),
      model_(new PluginListModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      filter_(new QLineEdit(this)),
      view_(new QTreeView(this)),
      details_(new QTextBrowser(this)),
      useButton_(new QPushButton(QStringLiteral("Use this plugin"), this)) {
    proxy_->setSourceModel(model_);
    proxy_->setRecursiveFilteringEnabled(true);
    proxy_->setAutoAcceptChildRows(true);  // a family that matches shows all its plugins
    proxy_->setFilterRole(PluginListModel::SearchTextRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    filter_->setPlaceholderText(QStringLiteral("Filter by name, paper, author, venue…"));
    filter_->setClearButtonEnabled(true);
    filter_->installEventFilter(new FilterKeys(
        view_, [this] { chooseCurrent(); }, this));

    view_->setModel(proxy_);
    view_->setHeaderHidden(false);
    view_->setUniformRowHeights(true);
    view_->setAllColumnsShowFocus(true);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->header()->setStretchLastSection(false);
    view_->header()->setSectionResizeMode(PluginListModel::NameColumn, QHeaderView::Stretch);
    view_->header()->setSectionResizeMode(PluginListModel::PaperColumn, QHeaderView::ResizeToContents);

    details_->setOpenLinks(false);
    details_->setFrameShape(QFrame::NoFrame);
    details_->document()->setDocumentMargin(10);

    useButton_->setEnabled(false);
    useButton_->setDefault(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(filter_);
    leftLayout->addWidget(view_, 1);
    skippedLabel_ = new QLabel(left);
    skippedLabel_->setWordWrap(true);
    skippedLabel_->setTextFormat(Qt::PlainText);
    skippedLabel_->setVisible(false);
    leftLayout->addWidget(skippedLabel_);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(4);
    auto *detailsFrame = new QFrame(right);
    detailsFrame->setFrameShape(QFrame::StyledPanel);
    auto *frameLayout = new QVBoxLayout(detailsFrame);
    frameLayout->setContentsMargins(1, 1, 1, 1);
    frameLayout->addWidget(details_);
    rightLayout->addWidget(detailsFrame, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(useButton_);
    rightLayout->addLayout(buttons);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->addWidget(left);
    splitter_->addWidget(right);
    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 3);
    splitter_->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter_);

    connect(filter_, &QLineEdit::textChanged, this, &PluginPicker::applyFilter);
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &PluginPicker::showCurrent);
    connect(view_, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (model_->pluginAt(proxy_->mapToSource(index)))
            chooseCurrent();
    });
    connect(useButton_, &QPushButton::clicked, this, &PluginPicker::chooseCurrent);
    showCurrent();
}

void PluginPicker::setPlugins(std::vector<PluginInfo> plugins) {
    const QString current = currentPlugin();
    model_->setPlugins(std::move(plugins));
    view_->expandAll();
    setCurrentPlugin(current);
    showCurrent();
}

void PluginPicker::setCurrentPlugin(const QString &id) {
    QModelIndex source = model_->indexOf(id);
    if (source.isValid() && !proxy_->mapFromSource(source).isValid())
        filter_->clear();  // the filter hid it
    const QModelIndex shown = proxy_->mapFromSource(source);
    if (shown.isValid()) {
        view_->setCurrentIndex(shown);
        view_->scrollTo(shown);
    } else {
        view_->selectionModel()->clear();
        showCurrent();
    }
}

void PluginPicker::setSkipped(const QStringList &diagnostics) {
    skipped_ = diagnostics;
    skippedLabel_->setVisible(!diagnostics.isEmpty());
    if (diagnostics.isEmpty())
        return;
    skippedLabel_->setText(diagnostics.size() == 1
                               ? QStringLiteral("⚠ 1 plugin could not be loaded: ") + diagnostics.front()
                               : QStringLiteral("⚠ %1 plugins could not be loaded (hover for the reasons)")
                                     .arg(diagnostics.size()));
    skippedLabel_->setToolTip(diagnostics.join(QLatin1Char('\n')));
}

QString PluginPicker::currentPlugin() const {
    const PluginInfo *info = model_->pluginAt(proxy_->mapToSource(view_->currentIndex()));
    return info ? info->id : QString();
}

void PluginPicker::applyFilter(const QString &text) {
    const QString previous = currentPlugin();
    proxy_->setFilterFixedString(text.trimmed());
    view_->expandAll();
    // Keep the selection if it still shows; otherwise highlight the first match, so Enter in the
    // filter box picks it.
    const QModelIndex kept = proxy_->mapFromSource(model_->indexOf(previous));
    if (kept.isValid()) {
        view_->setCurrentIndex(kept);
        return;
    }
    for (int f = 0; f < proxy_->rowCount(); ++f) {
        const QModelIndex family = proxy_->index(f, 0);
        if (proxy_->rowCount(family) > 0) {
            view_->setCurrentIndex(proxy_->index(0, 0, family));
            return;
        }
    }
    view_->selectionModel()->clear();
    showCurrent();
}

void PluginPicker::chooseCurrent() {
    const QString id = currentPlugin();
    if (!id.isEmpty())
        Q_EMIT pluginChosen(id);
}

QString PluginPicker::detailsHtml(const PluginInfo &info) {
    const QString muted = theme::mutedText().name();
    QString html;
    html += QStringLiteral("<h2 style='margin-bottom:2px'>%1</h2>").arg(info.name.toHtmlEscaped());
    html += QStringLiteral("<p style='margin-top:0; color:%1'>%2</p>")
                .arg(muted, PluginListModel::familyLabel(info.family).toHtmlEscaped());
    if (!info.paperTitle.isEmpty())
        html +=
            QStringLiteral("<p style='margin-bottom:4px'><i>%1</i></p>").arg(info.paperTitle.toHtmlEscaped());
    QStringList byline;
    if (!info.authors.isEmpty())
        byline << info.authors.join(QStringLiteral(", ")).toHtmlEscaped();
    QString where = info.venue.toHtmlEscaped();
    if (info.year > 0)
        where += (where.isEmpty() ? QString() : QStringLiteral(" ")) + QString::number(info.year);
    if (!where.isEmpty())
        byline << QStringLiteral("<b>%1</b>").arg(where);
    if (!byline.isEmpty())
        html += QStringLiteral("<p style='margin-top:0'>%1</p>").arg(byline.join(QStringLiteral(" · ")));
    if (!info.summary.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(info.summary.toHtmlEscaped());
    if (!info.views.isEmpty()) {
        QStringList views;
        for (const QString &view : info.views)
            views << viewLabel(view).toHtmlEscaped();
        html +=
            QStringLiteral("<p style='color:%1'>Feeds: %2</p>").arg(muted, views.join(QStringLiteral(" · ")));
    }
    return html;
}

void PluginPicker::showCurrent() {
    const PluginInfo *info = model_->pluginAt(proxy_->mapToSource(view_->currentIndex()));
    useButton_->setEnabled(info != nullptr);
    if (info) {
        details_->setHtml(detailsHtml(*info));
        return;
    }
    const QString hint = model_->plugins().empty() ? QStringLiteral("No accelerator plugins are installed.")
                         : proxy_->rowCount() == 0
                             ? QStringLiteral("No plugin matches the filter.")
                             : QStringLiteral("Choose an accelerator to read about its paper.");
    details_->setHtml(QStringLiteral("<p style='color:%1; margin-top:40px' align='center'>%2</p>")
                          .arg(theme::mutedText().name(), hint.toHtmlEscaped()));
}

void PluginPicker::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    // Side by side where there is room; in a narrow dock the list goes above the paper's details,
    // so neither the names nor the summary are squeezed into a sliver.
    const Qt::Orientation orientation = width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (splitter_->orientation() != orientation)
        splitter_->setOrientation(orientation);
}

}  // namespace accelscope
