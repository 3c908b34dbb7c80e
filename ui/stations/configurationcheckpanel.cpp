#include "ui/stations/configurationcheckpanel.h"

#include "ui/widgets/icons.h"
#include "ui/widgets/tr.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>

namespace ChargeDesk::Ui {

ConfigurationCheckPanel::ConfigurationCheckPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configurationCheck"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *head = new QHBoxLayout;
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setWordWrap(true);
    m_fixAll = new QPushButton(Icons::get(QStringLiteral("settings")), Tr::tr("Fix all"));
    m_fixAll->setObjectName(QStringLiteral("fixAllButton"));
    m_fixAll->setToolTip(Tr::tr("Send every recommended value, then read the station again."));
    connect(m_fixAll, &QPushButton::clicked, this, [this] {
        QList<Core::TemplateSetting> all;
        for (const Core::ConfigurationFinding &f : std::as_const(m_findings))
            all << f.fix;
        if (!all.isEmpty())
            emit fixRequested(all);
    });
    head->addWidget(m_summary, 1);
    head->addWidget(m_fixAll, 0, Qt::AlignTop);
    layout->addLayout(head);

    auto *content = new QWidget;
    m_cards = new QVBoxLayout(content);
    m_cards->setContentsMargins(0, 0, 0, 0);
    m_cards->addStretch();
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);
    setFindings({}, {}, false);
}

void ConfigurationCheckPanel::setFindings(const QList<Core::ConfigurationFinding> &findings,
                                          const QHash<QString, QString> &labels, bool anythingRead)
{
    m_findings = findings;
    m_fixButtons.clear();
    while (m_cards->count() > 1) {
        // A card's button may be the one whose click got here: delete it once that is over.
        QLayoutItem *item = m_cards->takeAt(0);
        item->widget()->setParent(nullptr);
        item->widget()->deleteLater();
        delete item;
    }
    for (qsizetype i = 0; i < findings.size(); ++i)
        m_cards->insertWidget(int(i), card(findings.at(i), labels.value(findings.at(i).parameter)));

    if (!anythingRead)
        m_summary->setText(Tr::tr("Read the configuration from the station to check it against the recommendations."));
    else if (findings.isEmpty())
        m_summary->setText(Tr::tr("Every setting that was read follows the recommendations."));
    else
        m_summary->setText(Tr::tr("%n setting(s) differ from the recommendations.", nullptr, int(findings.size())));
    bool fixable = false;
    for (const Core::ConfigurationFinding &f : findings)
        fixable = fixable || !f.fix.isEmpty();
    m_fixAll->setVisible(findings.size() > 1 && fixable);
    setActionsEnabled(m_enabled);
}

void ConfigurationCheckPanel::setActionsEnabled(bool enabled)
{
    m_enabled = enabled;
    m_fixAll->setEnabled(enabled);
    for (QPushButton *b : std::as_const(m_fixButtons))
        b->setEnabled(enabled);
}

QWidget *ConfigurationCheckPanel::card(const Core::ConfigurationFinding &f, const QString &label)
{
    auto *frame = new QFrame;
    frame->setObjectName(QStringLiteral("finding_") + f.key);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(frame);
    grid->setColumnStretch(1, 1);

    auto *title = new QLabel(label.isEmpty() ? f.key : label);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *key = new QLabel(f.key);
    key->setForegroundRole(QPalette::PlaceholderText);
    key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Lists are shown with a space after each comma so that a long one wraps.
    const auto shown = [none = Tr::tr("(empty)")](const QString &value) {
        return value.isEmpty() ? none : QString(value).replace(QLatin1Char(','), QStringLiteral(", ")).toHtmlEscaped();
    };
    auto *change = new QLabel(
        Tr::tr("Station: <b>%1</b> &nbsp;→&nbsp; recommended: <b>%2</b>").arg(shown(f.current), shown(f.recommended)));
    change->setObjectName(QStringLiteral("findingChange"));
    change->setWordWrap(true);
    auto *why = new QLabel(f.why);
    why->setObjectName(QStringLiteral("findingWhy"));
    why->setWordWrap(true);

    grid->addWidget(title, 0, 0);
    grid->addWidget(key, 0, 1);
    grid->addWidget(change, 1, 0, 1, 2);
    grid->addWidget(why, 2, 0, 1, 2);
    if (f.fix.isEmpty()) {
        auto *readonly = new QLabel(Tr::tr("Read-only on the station"));
        readonly->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(readonly, 0, 2, Qt::AlignRight);
    } else {
        auto *fix = new QPushButton(Tr::tr("Fix"));
        fix->setObjectName(QStringLiteral("fixButton"));
        fix->setToolTip(Tr::tr("Send %1 = %2 to the station, then read it again.").arg(f.key, f.recommended));
        const QList<Core::TemplateSetting> settings = f.fix;
        connect(fix, &QPushButton::clicked, this, [this, settings] { emit fixRequested(settings); });
        grid->addWidget(fix, 0, 2, Qt::AlignRight);
        m_fixButtons << fix;
    }
    return frame;
}

} // namespace ChargeDesk::Ui
