#include "ui/sessions/findingspanel.h"

#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

// Notes rather than warnings: the session is fine, only small or unpaid.
bool isNote(Core::Malfunction malfunction)
{
    return malfunction == Core::Malfunction::Inadequate || malfunction == Core::Malfunction::DidNotStart;
}

} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findings"));
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    hide();
}

void FindingsPanel::setFindings(const QList<Core::Finding> &findings)
{
    const auto sameAs = [](const Core::Finding &a, const Core::Finding &b) {
        return a.code == b.code && a.summary == b.summary && a.advice == b.advice;
    };
    if (std::equal(findings.cbegin(), findings.cend(), m_findings.cbegin(), m_findings.cend(), sameAs))
        return; // live refreshes do not rebuild what did not change
    m_findings = findings;
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const Core::Finding &finding : findings) {
        auto *badge = new QFrame(this);
        badge->setObjectName(QStringLiteral("finding_") + finding.code);
        const bool note = isNote(finding.malfunction);
        // A tinted box with a coloured edge reads as a badge in light and dark palettes alike.
        badge->setStyleSheet(
            QStringLiteral("QFrame#%1 { border-left: 4px solid %2; background: %3; "
                           "border-radius: 3px; }")
                .arg(badge->objectName(), note ? QStringLiteral("#5c7cba") : QStringLiteral("#d08a00"),
                     note ? QStringLiteral("rgba(92, 124, 186, 40)") : QStringLiteral("rgba(208, 138, 0, 40)")));
        auto *layout = new QVBoxLayout(badge);
        layout->setContentsMargins(10, 6, 8, 6);
        layout->setSpacing(2);
        auto *summary = new QLabel(finding.summary, badge);
        summary->setObjectName(QStringLiteral("summary"));
        summary->setWordWrap(true);
        QFont bold = summary->font();
        bold.setBold(true);
        summary->setFont(bold);
        auto *advice = new QLabel(finding.advice, badge);
        advice->setObjectName(QStringLiteral("advice"));
        advice->setWordWrap(true);
        layout->addWidget(summary);
        layout->addWidget(advice);
        m_layout->addWidget(badge);
    }
    setVisible(!findings.isEmpty());
}

} // namespace ChargeDesk::Ui
