#pragma once

#include "core/configurationcheck.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace ChargeDesk::Ui {

// The findings of the configuration check as cards: the setting, what the station has, what
// is recommended and why, with a button that asks for the fix and one for all of them.
class ConfigurationCheckPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigurationCheckPanel)

public:
    explicit ConfigurationCheckPanel(QWidget *parent = nullptr);

    // `labels` names the catalogue's parameters for people; `anythingRead` tells an empty
    // list after a read (all fine) from one before it (nothing known).
    void setFindings(const QList<Core::ConfigurationFinding> &findings, const QHash<QString, QString> &labels,
                     bool anythingRead);
    void setActionsEnabled(bool enabled);
    const QList<Core::ConfigurationFinding> &findings() const { return m_findings; }

signals:
    void fixRequested(const QList<Core::TemplateSetting> &settings);

private:
    QWidget *card(const Core::ConfigurationFinding &finding, const QString &label);

    QList<Core::ConfigurationFinding> m_findings;
    QLabel *m_summary = nullptr;
    QPushButton *m_fixAll = nullptr;
    QVBoxLayout *m_cards = nullptr;
    QList<QPushButton *> m_fixButtons;
    bool m_enabled = true;
};

} // namespace ChargeDesk::Ui
