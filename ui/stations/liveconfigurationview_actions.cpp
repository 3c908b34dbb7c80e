// The live configuration view's requests to the station: reading, sending changes one by one,
// fixes, and the any-key editor. Every request is asynchronous; the view stays usable.
#include "ui/stations/configurationcheckpanel.h"
#include "ui/stations/liveconfigurationview.h"

#include "ui/stations/commandstatus.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>

namespace ChargeDesk::Ui {

namespace {

using Core::CommandResult;
using Outcome = CommandResult::Outcome;

// Why a request got no answer, in words; empty when the station answered.
QString outcomeText(const CommandResult &r)
{
    if (r.outcome == Outcome::Answered)
        return {};
    if (r.outcome == Outcome::TimedOut) // a change may have been applied all the same
        return Tr::tr("%1 It may still have taken the request: read it again to see.").arg(describeResult(r));
    return describeResult(r);
}

// What is wrong with a key typed into the any-key editor; empty when it can be sent.
QString keyProblem(const QString &key, bool v16)
{
    if (key.isEmpty())
        return Tr::tr("Enter a key first.");
    if (!v16 &&
        (key.count(QLatin1Char('/')) != 1 || key.startsWith(QLatin1Char('/')) || key.endsWith(QLatin1Char('/'))))
        return Tr::tr("Write it as Component/Variable, for example OCPPCommCtrlr/HeartbeatInterval.");
    return {};
}

bool reached(const CommandResult &r)
{
    return r.outcome == Outcome::Answered || r.outcome == Outcome::Refused || r.outcome == Outcome::TimedOut;
}

} // namespace

bool LiveConfigurationView::canSend()
{
    updateConnection();
    if (!m_context.services.liveConfiguration || !m_context.services.gateway) {
        showStatus(Tr::tr("This console runs without its station gateway: configurations cannot be read here."), true);
        return false;
    }
    if (!m_context.services.gateway->isConnected(m_stationId)) {
        showStatus(Tr::tr("%1 is not connected, so nothing was sent. Its configuration can be read and changed only "
                          "while it is connected.")
                       .arg(m_stationName),
                   true);
        return false;
    }
    return !m_busy;
}

void LiveConfigurationView::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    m_busyBar->setVisible(busy);
    if (busy)
        showStatus(text, false);
    const bool available = m_context.services.liveConfiguration && m_context.services.gateway;
    m_read->setEnabled(!busy && available);
    m_send->setEnabled(!busy && available && !pendingChanges().isEmpty());
    m_rawRead->setEnabled(!busy && available);
    m_rawSet->setEnabled(!busy && available);
    m_check->setActionsEnabled(!busy && available);
}

void LiveConfigurationView::showStatus(const QString &text, bool failed)
{
    m_status->setText(text);
    m_status->setStyleSheet(failed ? QStringLiteral("QLabel { color: #c83a3a; }") : QString());
}

void LiveConfigurationView::updateConnection()
{
    const bool connected = m_context.services.gateway && m_context.services.gateway->isConnected(m_stationId);
    m_connection->setText(connected ? Tr::tr("● Connected") : Tr::tr("● Not connected"));
    m_connection->setStyleSheet(connected ? QStringLiteral("QLabel { color: #2e7d32; }")
                                          : QStringLiteral("QLabel { color: #8a8a8a; }"));
}

void LiveConfigurationView::readFromStation()
{
    readKeys(m_v16 ? QStringList() : Core::LiveConfiguration::keys(m_protocol), QString());
}

// Reads `keys` (all of a 1.6 station's when empty); `doneText` replaces the count of values
// read on the status line when the read follows changes.
void LiveConfigurationView::readKeys(const QStringList &keys, const QString &doneText)
{
    if (!canSend()) {
        setBusy(false);
        return;
    }
    setBusy(true, Tr::tr("Reading the configuration from the station…"));
    m_context.services.liveConfiguration->read(
        m_stationId, keys, [self = QPointer<LiveConfigurationView>(this), doneText](const CommandResult &r) {
            if (!self)
                return;
            self->setBusy(false);
            if (r.outcome != Outcome::Answered) {
                self->showStatus(outcomeText(r), true);
                return;
            }
            self->showStored();
            self->showStatus(doneText.isEmpty()
                                 ? Tr::tr("%n value(s) read from the station.", nullptr, int(r.values.size()))
                                 : doneText,
                             false);
        });
}

void LiveConfigurationView::sendChanges()
{
    send(pendingChanges());
}

void LiveConfigurationView::applyFix(const QList<Core::TemplateSetting> &settings)
{
    send(settings);
}

void LiveConfigurationView::send(const QList<Core::TemplateSetting> &settings)
{
    if (settings.isEmpty() || !canSend())
        return;
    m_queue = settings;
    m_sentKeys.clear();
    m_sent = m_accepted = m_rebootRequired = 0;
    m_stopReason.clear();
    setBusy(true, Tr::tr("Sending %n change(s) to the station…", nullptr, int(settings.size())));
    sendNext();
}

void LiveConfigurationView::sendNext()
{
    if (m_queue.isEmpty())
        return finishSending();
    const Core::TemplateSetting setting = m_queue.takeFirst();
    m_context.services.liveConfiguration->change(
        m_stationId, setting, [self = QPointer<LiveConfigurationView>(this), setting](const CommandResult &r) {
            if (!self)
                return;
            self->settingAnswered(setting, r);
            self->sendNext();
        });
}

void LiveConfigurationView::settingAnswered(const Core::TemplateSetting &setting, const CommandResult &r)
{
    Core::SettingResult answer =
        r.settings.isEmpty() ? Core::SettingResult{r.outcomeName(), outcomeText(r)} : r.settings.first();
    if (r.outcome != Outcome::Answered && answer.detail.isEmpty())
        answer.detail = outcomeText(r);
    m_answers.insert(answerKey(setting.key, setting.evse), answer);
    if (reached(r)) {
        forgetEdit(setting);
        ++m_sent;
        if (!m_sentKeys.contains(setting.key))
            m_sentKeys << setting.key;
    }
    if (answer.status == QLatin1String("accepted"))
        ++m_accepted;
    else if (answer.status == QLatin1String("reboot_required"))
        ++m_rebootRequired;
    // A station that went away takes none of the rest either.
    if (r.outcome == Outcome::NotConnected) {
        m_stopReason = outcomeText(r);
        m_queue.clear();
    }
}

// A sent edit is no longer pending: the next read shows what the station made of it.
void LiveConfigurationView::forgetEdit(const Core::TemplateSetting &setting)
{
    for (QTreeWidget *tree : m_trees + QList<QTreeWidget *>{m_other}) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            if (item->data(0, KeyRole).toString() == setting.key && item->data(0, EvseRole).toInt() == setting.evse)
                item->setData(m_cols.value, OriginalRole, item->text(m_cols.value));
        }
    }
}

void LiveConfigurationView::finishSending()
{
    QString text;
    const int taken = m_accepted + m_rebootRequired;
    if (!m_stopReason.isEmpty())
        text = m_stopReason;
    else if (taken == m_sent)
        text = Tr::tr("The station accepted %n change(s).", nullptr, taken);
    else
        text = Tr::tr("The station accepted %1 of %2 changes; its answer is beside each key.").arg(taken).arg(m_sent);
    if (m_rebootRequired > 0)
        text += QLatin1Char(' ') +
                Tr::tr("%n change(s) take effect after the station restarts.", nullptr, m_rebootRequired);
    if (m_rawSetRunning) {
        m_rawSetRunning = false;
        const auto answer =
            m_answers.constFind(answerKey(m_rawKey->text().trimmed(), m_rawEvse ? m_rawEvse->value() : 0));
        if (answer != m_answers.cend())
            m_rawResult->setText(answer->detail.isEmpty()
                                     ? choiceText(answer->status)
                                     : Tr::tr("%1: %2").arg(choiceText(answer->status), answer->detail));
    }
    setBusy(false);
    // What the station holds now is what it reports, not what was asked for.
    if (m_sent > 0 && m_context.services.gateway->isConnected(m_stationId)) {
        readKeys(m_sentKeys, text);
        return;
    }
    showStored();
    showStatus(text, !m_stopReason.isEmpty() || taken < m_sent);
}

void LiveConfigurationView::rawRead()
{
    const QString key = m_rawKey->text().trimmed();
    if (const QString problem = keyProblem(key, m_v16); !problem.isEmpty()) {
        m_rawResult->setText(problem);
        return;
    }
    if (!canSend())
        return;
    setBusy(true, Tr::tr("Reading %1 from the station…").arg(key));
    m_rawResult->clear();
    m_context.services.liveConfiguration->read(
        m_stationId, {key}, [self = QPointer<LiveConfigurationView>(this), key](const CommandResult &r) {
            if (!self)
                return;
            self->setBusy(false);
            if (r.outcome != Outcome::Answered) {
                self->m_rawResult->setText(outcomeText(r));
                self->showStatus(outcomeText(r), true);
                return;
            }
            QString text = Tr::tr("The station did not mention %1.").arg(key);
            for (const Core::ConfigurationValue &v : r.values) {
                if (v.key != key)
                    continue;
                if (v.status == QLatin1String("accepted")) {
                    text = v.readonly ? Tr::tr("%1 = %2 (read-only)").arg(key, v.value)
                                      : Tr::tr("%1 = %2").arg(key, v.value);
                    self->m_rawValue->setText(v.value);
                } else {
                    text = Tr::tr("The station has no value for %1: %2").arg(key, choiceText(v.status));
                }
            }
            self->m_rawResult->setText(text);
            self->showStored();
            self->showStatus(text, false);
        });
}

void LiveConfigurationView::rawSet()
{
    const QString key = m_rawKey->text().trimmed();
    if (const QString problem = keyProblem(key, m_v16); !problem.isEmpty()) {
        m_rawResult->setText(problem);
        return;
    }
    if (!canSend())
        return;
    m_rawResult->clear();
    m_rawSetRunning = true;
    send({Core::TemplateSetting{0, key, m_rawValue->text(), m_rawEvse ? m_rawEvse->value() : 0, 0}});
}

} // namespace ChargeDesk::Ui
