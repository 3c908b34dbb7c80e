#pragma once

#include "core/configurationtemplates.h"
#include "core/liveconfiguration.h"
#include "ui/shell/sections.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace ChargeDesk::Ui {

class ConfigurationCheckPanel;

// A connected station's live configuration, opened in a dock from the station's details:
// read it (every key in 1.6, the catalogue's variables in 2.0.1), see it in the
// specification's groups, change values in place and send them, read or set any other key,
// and check the values against the recommendations with a fix per finding. Everything goes
// through Core::LiveConfiguration; what is shown is what the station reported last.
class LiveConfigurationView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveConfigurationView)

public:
    LiveConfigurationView(const PageContext &context, qint64 stationId, QWidget *parent = nullptr);

    qint64 stationId() const { return m_stationId; }
    bool isBusy() const { return m_busy; }

    void readFromStation();
    void sendChanges();
    // Sends the settings one after the other, then reads the station again.
    void applyFix(const QList<Core::TemplateSetting> &settings);

private:
    static constexpr int KeyRole = Qt::UserRole;          // on column 0: the key
    static constexpr int EvseRole = Qt::UserRole + 1;     // on column 0: the EVSE, 0 for the station
    static constexpr int OriginalRole = Qt::UserRole;     // on the value column: what the station reported
    static constexpr int EditableRole = Qt::UserRole + 1; // on the value column

    struct Columns
    {
        int component = -1; // 2.0.1
        int variable = -1;  // 2.0.1
        int evse = -1;      // 2.0.1
        int key = -1;       // 1.6
        int value = 0;
        int readAt = 0;
        int answer = 0;
        int count = 0;
    };

    QWidget *buildHeader();
    QWidget *buildValues();
    QWidget *buildRawEditor();
    QTreeWidget *newTree(const QString &objectName);
    void showStored();
    void fillRow(QTreeWidgetItem *item, const QString &label, const QString &key, const Core::LiveValue *value);
    void valueEdited(QTreeWidgetItem *item, int column);
    QList<Core::TemplateSetting> pendingChanges() const;
    void updateCheck(const QList<Core::LiveValue> &values);

    // Refuses, with the reason on the status line, when no command can reach the station.
    bool canSend();
    void setBusy(bool busy, const QString &text = {});
    void showStatus(const QString &text, bool failed);
    void send(const QList<Core::TemplateSetting> &settings);
    void sendNext();
    void settingAnswered(const Core::TemplateSetting &setting, const Core::CommandResult &result);
    void forgetEdit(const Core::TemplateSetting &setting);
    void finishSending();
    void readKeys(const QStringList &keys, const QString &doneText);
    void rawRead();
    void rawSet();
    void updateConnection();

    static QString answerKey(const QString &key, int evse);

    PageContext m_context;
    qint64 m_stationId = 0;
    QString m_protocol;
    QString m_stationName;
    bool m_v16 = true;
    Columns m_cols;
    bool m_busy = false;
    bool m_filling = false;
    // The station's answer to the last change of each key (answerKey), shown beside it.
    QHash<QString, Core::SettingResult> m_answers;
    // The settings of the running send, one command each, and how the station took the others.
    QList<Core::TemplateSetting> m_queue;
    QStringList m_sentKeys;
    int m_sent = 0;
    int m_accepted = 0;
    int m_rebootRequired = 0;
    QString m_stopReason; // why the rest was not sent
    bool m_rawSetRunning = false;

    QLabel *m_connection = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_readNote = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QPushButton *m_read = nullptr;
    QPushButton *m_send = nullptr;
    QTabWidget *m_tabs = nullptr;
    QList<QTreeWidget *> m_trees;
    QTreeWidget *m_other = nullptr;
    ConfigurationCheckPanel *m_check = nullptr;
    QLineEdit *m_rawKey = nullptr;
    QSpinBox *m_rawEvse = nullptr;
    QLineEdit *m_rawValue = nullptr;
    QPushButton *m_rawRead = nullptr;
    QPushButton *m_rawSet = nullptr;
    QLabel *m_rawResult = nullptr;
};

// Opens (or raises) the live configuration of a station in a dock of the main window.
void openLiveConfiguration(const PageContext &context, qint64 stationId);

} // namespace ChargeDesk::Ui
