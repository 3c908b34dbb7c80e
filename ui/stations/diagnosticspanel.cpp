#include "ui/stations/diagnosticspanel.h"

#include "core/clock.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/commandstatus.h"
#include "ui/stations/operationsteps.h"
#include "ui/stations/transferfields.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

DiagnosticsPanel::DiagnosticsPanel(const OperatedStation &station, ConsoleState &console, const Core::Clock &clock,
                                   QWidget *parent)
    : OperationPanel(station, QStringLiteral("diagnosticsPanel"), QStringLiteral("chart"), Tr::tr("Diagnostics"),
                     Tr::tr("The station collects its logs of the period and uploads them to the address. "
                            "This console's file server receives them when it runs."),
                     parent)
    , m_console(console)
{
    buildRequest(clock);
    buildReceivedFiles();
    refreshFileServer();
}

void DiagnosticsPanel::buildRequest(const Core::Clock &clock)
{
    const qint64 now = clock.nowMs();
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_start = newDateTime(this, QStringLiteral("diagnosticsStart"), now - 24 * 3600'000);
    form->addRow(Tr::tr("From"), m_start);
    auto *stopRow = new QHBoxLayout;
    m_hasStop = new QCheckBox(this);
    m_hasStop->setObjectName(QStringLiteral("diagnosticsHasStop"));
    m_hasStop->setToolTip(Tr::tr("Without an end, the logs run up to now"));
    m_stop = newDateTime(this, QStringLiteral("diagnosticsStop"), now);
    m_stop->setEnabled(false);
    stopRow->addWidget(m_hasStop);
    stopRow->addWidget(m_stop);
    stopRow->addStretch(1);
    form->addRow(Tr::tr("Until"), stopRow);
    connect(m_hasStop, &QCheckBox::toggled, m_stop, &QWidget::setEnabled);
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("diagnosticsLocation"));
    m_location->setPlaceholderText(QStringLiteral("ftp://user:password@host:21/logs/"));
    m_locationError = newFieldError(this, QStringLiteral("diagnosticsLocationError"));
    form->addRow(Tr::tr("Upload to"), withError(this, m_location, m_locationError));
    m_retries = newSpin(this, QStringLiteral("diagnosticsRetries"), 99, 3);
    m_interval = newSpin(this, QStringLiteral("diagnosticsRetryInterval"), 86400, 60, Tr::tr(" s"));
    form->addRow(Tr::tr("Retries"), retriesRow(this, m_retries, m_interval));
    body()->addLayout(form);
    auto *row = new QHBoxLayout;
    m_requestButton = new QPushButton(Tr::tr("Request diagnostics"), this);
    m_requestButton->setObjectName(QStringLiteral("diagnosticsRequestButton"));
    row->addWidget(m_requestButton);
    m_answer = newAnswer(QStringLiteral("diagnosticsAnswer"));
    row->addWidget(m_answer, 1);
    body()->addLayout(row);
    m_steps = new OperationSteps(OperationSteps::Kind::Upload, clock, this);
    m_steps->setObjectName(QStringLiteral("diagnosticsProgress"));
    body()->addWidget(m_steps);
    connect(m_location, &QLineEdit::textChanged, this, [this] { checkLocation(m_location, m_locationError, false); });
    connect(m_requestButton, &QPushButton::clicked, this, &DiagnosticsPanel::request);
}

// What arrived in the file server's diagnostics folder, newest first.
void DiagnosticsPanel::buildReceivedFiles()
{
    m_receivedBox = new QWidget(this);
    auto *received = new QVBoxLayout(m_receivedBox);
    received->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    auto *heading = new QLabel(Tr::tr("Received files"), m_receivedBox);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    received->addWidget(heading);
    m_received = new QTreeWidget(m_receivedBox);
    m_received->setObjectName(QStringLiteral("receivedFiles"));
    m_received->setHeaderLabels({Tr::tr("Name"), Tr::tr("Size"), Tr::tr("Received")});
    m_received->setRootIsDecorated(false);
    m_received->setUniformRowHeights(true);
    m_received->setMinimumHeight(fontMetrics().height() * 6);
    m_received->setMaximumHeight(fontMetrics().height() * 12);
    m_received->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_received->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_received->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_received->header()->setStretchLastSection(false);
    received->addWidget(m_received);
    auto *buttons = new QHBoxLayout;
    auto *open = new QPushButton(Tr::tr("Open folder"), m_receivedBox);
    open->setObjectName(QStringLiteral("openDiagnosticsFolder"));
    m_saveReceived = new QPushButton(Tr::tr("Save as…"), m_receivedBox);
    m_saveReceived->setObjectName(QStringLiteral("saveDiagnosticsFile"));
    m_saveReceived->setEnabled(false);
    buttons->addWidget(open);
    buttons->addWidget(m_saveReceived);
    buttons->addStretch(1);
    received->addLayout(buttons);
    body()->addWidget(m_receivedBox);
    connect(open, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QDir(m_console.fileServerDirectory()).filePath(DiagnosticsFolder)));
    });
    connect(m_saveReceived, &QPushButton::clicked, this, &DiagnosticsPanel::saveReceivedFile);
    connect(m_received, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { m_saveReceived->setEnabled(current != nullptr); });
    connect(m_received, &QTreeWidget::itemDoubleClicked, this, [](QTreeWidgetItem *item) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(item->data(0, Qt::UserRole).toString()));
    });
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DiagnosticsPanel::refreshReceivedFiles);
}

void DiagnosticsPanel::request()
{
    if (const QString problem = locationProblem(m_location->text(), false); !problem.isEmpty()) {
        m_locationError->setText(problem);
        m_locationError->show();
        return;
    }
    if (m_hasStop->isChecked() && m_stop->utcMs() <= m_start->utcMs()) {
        m_answer->showProblem(Tr::tr("The end of the period must come after its start."));
        return;
    }
    QVariantMap args{{QStringLiteral("location"), m_location->text().trimmed()},
                     {QStringLiteral("start"), m_start->utcMs()},
                     {QStringLiteral("retries"), m_retries->value()},
                     {QStringLiteral("retryInterval"), m_interval->value()}};
    if (m_hasStop->isChecked())
        args.insert(QStringLiteral("stop"), m_stop->utcMs());
    if (station().isConnected())
        m_steps->reset();
    send(m_requestButton, m_answer, Core::Command{Core::Command::Kind::UploadDiagnostics, args},
         [this](const Core::CommandResult &r) {
             if (r.outcome != Core::CommandResult::Outcome::Answered)
                 return;
             // 1.6 answers with the file's name only, 2.0.1 with a status and the name.
             const QString file =
                 r.response.value(QStringLiteral("fileName"), r.response.value(QStringLiteral("filename"))).toString();
             if (!file.isEmpty() && (r.status.isEmpty() || r.status == QLatin1String("Accepted")))
                 m_answer->setText(Tr::tr("The station will upload %1.").arg(file));
         });
}

void DiagnosticsPanel::refreshFileServer()
{
    const bool on = !m_console.fileServerUrl().isEmpty() && !m_console.fileServerDirectory().isEmpty();
    QString defaultLocation;
    if (on) {
        QUrl url = m_console.fileServerUrl();
        url.setPath(url.path() + DiagnosticsFolder + QLatin1Char('/'));
        defaultLocation = url.toString(QUrl::FullyEncoded);
    }
    if (m_location->text().isEmpty() || m_location->text() == m_autoLocation)
        m_location->setText(defaultLocation);
    m_autoLocation = defaultLocation;
    m_receivedBox->setVisible(on);
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (on) {
        const QString folder = QDir(m_console.fileServerDirectory()).filePath(DiagnosticsFolder);
        QDir().mkpath(folder);
        m_watcher->addPath(folder);
    }
    refreshReceivedFiles();
}

void DiagnosticsPanel::refreshReceivedFiles()
{
    m_received->clear();
    if (m_console.fileServerDirectory().isEmpty())
        return;
    const QDir folder(QDir(m_console.fileServerDirectory()).filePath(DiagnosticsFolder));
    const QLocale locale;
    for (const QFileInfo &file : folder.entryInfoList(QDir::Files, QDir::Time)) {
        auto *item = new QTreeWidgetItem(m_received, {file.fileName(), locale.formattedDataSize(file.size()),
                                                      locale.toString(file.lastModified(), QLocale::ShortFormat)});
        item->setData(0, Qt::UserRole, file.absoluteFilePath());
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_saveReceived->setEnabled(m_received->currentItem() != nullptr);
}

void DiagnosticsPanel::saveReceivedFile()
{
    const QTreeWidgetItem *item = m_received->currentItem();
    if (!item)
        return;
    const QString from = item->data(0, Qt::UserRole).toString();
    const QString to = QFileDialog::getSaveFileName(
        this, Tr::tr("Save the diagnostics file"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(item->text(0)));
    if (to.isEmpty())
        return;
    QFile::remove(to); // the dialog asked before replacing it
    if (!QFile::copy(from, to))
        m_answer->showProblem(Tr::tr("The file could not be saved to %1.").arg(QDir::toNativeSeparators(to)));
}

void DiagnosticsPanel::showProgress(const QString &status)
{
    m_steps->setStatus(status);
    if (status == QLatin1String("Uploaded"))
        refreshReceivedFiles();
}

} // namespace ChargeDesk::Ui
