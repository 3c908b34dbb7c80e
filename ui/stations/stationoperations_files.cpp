// The two operations that move files: a firmware update the station downloads, and the
// diagnostics it uploads; both can use the console's own file server.
#include "ui/shell/consolestate.h"
#include "ui/stations/commandstatus.h"
#include "ui/stations/operationsteps.h"
#include "ui/stations/stationoperations.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDateTimeEdit>
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
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

using Kind = Core::Command::Kind;

// The file server's folders and URL paths (server/filedepot.h).
const QString FirmwareFolder = QStringLiteral("firmware");
const QString DiagnosticsFolder = QStringLiteral("diagnostics");

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(StationOperations)
};

// Why a station could not use `text` as a location, or empty. OCPP names FTP and HTTP
// (ftp://user:password@host:port/path, http://host:port/path); chargers also know their secure forms.
QString locationProblem(const QString &text, bool needsFile)
{
    static const QStringList schemes{QStringLiteral("ftp"), QStringLiteral("ftps"), QStringLiteral("sftp"),
                                     QStringLiteral("http"), QStringLiteral("https")};
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return needsFile ? Tr::tr("Enter the address the station downloads the firmware from.")
                         : Tr::tr("Enter the address the station uploads its diagnostics to.");
    if (!url.isValid() || !schemes.contains(url.scheme().toLower()) || url.host().isEmpty())
        return Tr::tr("Use an address like ftp://user:password@host:21/path or https://host/path.");
    if (needsFile && (url.path().isEmpty() || url.path().endsWith(QLatin1Char('/'))))
        return Tr::tr("The address must name the firmware file, not a folder.");
    return {};
}

// A firmware file's name as the file server serves it: its rule allows letters, digits and a
// few marks, and no leading dot.
QString servableName(const QString &name)
{
    static const QRegularExpression odd(QStringLiteral("[^A-Za-z0-9 ._()+@=,-]"));
    QString safe = QString(name).replace(odd, QStringLiteral("_")).left(200);
    while (safe.startsWith(QLatin1Char('.')) || safe.startsWith(QLatin1Char(' ')))
        safe.remove(0, 1);
    while (safe.endsWith(QLatin1Char('.')) || safe.endsWith(QLatin1Char(' ')))
        safe.chop(1);
    return safe.isEmpty() ? QStringLiteral("firmware.bin") : safe;
}

bool sameContent(const QString &a, const QString &b)
{
    QFile fa(a);
    QFile fb(b);
    if (fa.size() != fb.size() || !fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly))
        return false;
    while (!fa.atEnd())
        if (fa.read(1 << 20) != fb.read(1 << 20))
            return false;
    return true;
}

QDateTimeEdit *newDateTime(QWidget *parent, const QString &name, const QDateTime &value)
{
    auto *edit = new QDateTimeEdit(value, parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
    return edit;
}

QSpinBox *newSpin(QWidget *parent, const QString &name, int max, int value, const QString &suffix = {})
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0, max);
    spin->setValue(value);
    spin->setSuffix(suffix);
    return spin;
}

QLabel *newFieldError(QWidget *parent, const QString &name)
{
    auto *error = new QLabel(parent);
    error->setObjectName(name);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c62828;"));
    error->hide();
    return error;
}

// The field with its message below it, as one row of a form.
QWidget *withError(QWidget *parent, QWidget *field, QLabel *error, QWidget *below = nullptr)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    if (below) {
        auto *row = new QHBoxLayout;
        row->addWidget(below);
        row->addStretch(1);
        layout->addLayout(row);
    }
    return box;
}

QHBoxLayout *retriesRow(QWidget *parent, QSpinBox *retries, QSpinBox *interval)
{
    auto *row = new QHBoxLayout;
    row->addWidget(retries);
    row->addWidget(new QLabel(Tr::tr("times, every"), parent));
    row->addWidget(interval);
    row->addStretch(1);
    return row;
}

void validate(QLineEdit *field, QLabel *error, bool needsFile)
{
    const QString problem = locationProblem(field->text(), needsFile);
    error->setText(problem);
    error->setVisible(!problem.isEmpty() && !field->text().isEmpty());
}

} // namespace

void StationOperations::buildFirmware(QVBoxLayout *column)
{
    QVBoxLayout *panel =
        addPanel(column, QStringLiteral("firmwarePanel"), QStringLiteral("export"), tr("Firmware update"),
                 tr("The station downloads the file from the address at the time given, installs it "
                    "and restarts. If the download fails it tries again."));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_firmwareUrl = new QLineEdit(this);
    m_firmwareUrl->setObjectName(QStringLiteral("firmwareLocation"));
    m_firmwareUrl->setPlaceholderText(QStringLiteral("ftp://user:password@host:21/firmware.bin"));
    m_firmwareUrlError = newFieldError(this, QStringLiteral("firmwareLocationError"));
    m_firmwareFile = new QPushButton(tr("Use a file from this computer…"), this);
    m_firmwareFile->setObjectName(QStringLiteral("firmwareFileButton"));
    form->addRow(tr("Location"), withError(this, m_firmwareUrl, m_firmwareUrlError, m_firmwareFile));
    m_retrieveAt = newDateTime(this, QStringLiteral("firmwareRetrieveAt"), QDateTime::currentDateTime());
    form->addRow(tr("Retrieve at"), m_retrieveAt);
    m_firmwareRetries = newSpin(this, QStringLiteral("firmwareRetries"), 99, 3);
    m_firmwareInterval = newSpin(this, QStringLiteral("firmwareRetryInterval"), 86400, 60, tr(" s"));
    form->addRow(tr("Retries"), retriesRow(this, m_firmwareRetries, m_firmwareInterval));
    panel->addLayout(form);
    auto *row = new QHBoxLayout;
    auto *request = new QPushButton(tr("Request the update"), this);
    request->setObjectName(QStringLiteral("firmwareRequestButton"));
    row->addWidget(request);
    m_firmwareAnswer = newAnswer(QStringLiteral("firmwareAnswer"));
    row->addWidget(m_firmwareAnswer, 1);
    panel->addLayout(row);
    m_firmwareSteps = new OperationSteps(OperationSteps::Kind::Firmware, this);
    m_firmwareSteps->setObjectName(QStringLiteral("firmwareProgress"));
    panel->addWidget(m_firmwareSteps);
    connect(m_firmwareUrl, &QLineEdit::textChanged, this,
            [this] { validate(m_firmwareUrl, m_firmwareUrlError, true); });
    connect(m_firmwareFile, &QPushButton::clicked, this, &StationOperations::chooseFirmwareFile);
    connect(request, &QPushButton::clicked, this, &StationOperations::requestFirmware);
}

void StationOperations::requestFirmware()
{
    if (const QString problem = locationProblem(m_firmwareUrl->text(), true); !problem.isEmpty()) {
        m_firmwareUrlError->setText(problem);
        m_firmwareUrlError->show();
        return;
    }
    const Core::Command command{Kind::UpdateFirmware,
                                {{QStringLiteral("location"), m_firmwareUrl->text().trimmed()},
                                 {QStringLiteral("retrieveAt"), m_retrieveAt->dateTime().toMSecsSinceEpoch()},
                                 {QStringLiteral("retries"), m_firmwareRetries->value()},
                                 {QStringLiteral("retryInterval"), m_firmwareInterval->value()}}};
    // Before sending: the station may report progress as soon as it has answered.
    if (m_gateway && m_gateway->isConnected(m_stationId))
        m_firmwareSteps->reset();
    send(findChild<QPushButton *>(QStringLiteral("firmwareRequestButton")), m_firmwareAnswer, command);
}

void StationOperations::chooseFirmwareFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Firmware for the station"), QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    if (!path.isEmpty())
        useFirmwareFile(path);
}

bool StationOperations::useFirmwareFile(const QString &path)
{
    const QUrl server = m_console.fileServerUrl();
    if (server.isEmpty() || m_console.fileServerDirectory().isEmpty())
        return false;
    const QDir folder(QDir(m_console.fileServerDirectory()).filePath(FirmwareFolder));
    QString name = servableName(QFileInfo(path).fileName());
    // The same file again keeps its address; another one of that name gets a new one.
    const QFileInfo info(name);
    for (int n = 2; folder.exists(name) && !sameContent(path, folder.filePath(name)); ++n)
        name = QStringLiteral("%1 (%2).%3").arg(info.baseName()).arg(n).arg(info.completeSuffix());
    if (!folder.exists(name) && (!QDir().mkpath(folder.path()) || !QFile::copy(path, folder.filePath(name)))) {
        m_firmwareUrlError->setText(
            tr("The file could not be copied to %1.").arg(QDir::toNativeSeparators(folder.path())));
        m_firmwareUrlError->show();
        return false;
    }
    QUrl url = server;
    url.setPath(server.path() + FirmwareFolder + QLatin1Char('/') + name);
    m_firmwareUrl->setText(url.toString(QUrl::FullyEncoded));
    return true;
}

void StationOperations::buildDiagnostics(QVBoxLayout *column)
{
    QVBoxLayout *panel =
        addPanel(column, QStringLiteral("diagnosticsPanel"), QStringLiteral("chart"), tr("Diagnostics"),
                 tr("The station collects its logs of the period and uploads them to the address. "
                    "This console's file server receives them when it runs."));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const QDateTime now = QDateTime::currentDateTime();
    m_diagnosticsStart = newDateTime(this, QStringLiteral("diagnosticsStart"), now.addDays(-1));
    form->addRow(tr("From"), m_diagnosticsStart);
    auto *stopRow = new QHBoxLayout;
    m_diagnosticsHasStop = new QCheckBox(this);
    m_diagnosticsHasStop->setObjectName(QStringLiteral("diagnosticsHasStop"));
    m_diagnosticsHasStop->setToolTip(tr("Without an end, the logs run up to now"));
    m_diagnosticsStop = newDateTime(this, QStringLiteral("diagnosticsStop"), now);
    m_diagnosticsStop->setEnabled(false);
    stopRow->addWidget(m_diagnosticsHasStop);
    stopRow->addWidget(m_diagnosticsStop);
    stopRow->addStretch(1);
    form->addRow(tr("Until"), stopRow);
    connect(m_diagnosticsHasStop, &QCheckBox::toggled, m_diagnosticsStop, &QWidget::setEnabled);
    m_diagnosticsUrl = new QLineEdit(this);
    m_diagnosticsUrl->setObjectName(QStringLiteral("diagnosticsLocation"));
    m_diagnosticsUrl->setPlaceholderText(QStringLiteral("ftp://user:password@host:21/logs/"));
    m_diagnosticsUrlError = newFieldError(this, QStringLiteral("diagnosticsLocationError"));
    form->addRow(tr("Upload to"), withError(this, m_diagnosticsUrl, m_diagnosticsUrlError));
    m_diagnosticsRetries = newSpin(this, QStringLiteral("diagnosticsRetries"), 99, 3);
    m_diagnosticsInterval = newSpin(this, QStringLiteral("diagnosticsRetryInterval"), 86400, 60, tr(" s"));
    form->addRow(tr("Retries"), retriesRow(this, m_diagnosticsRetries, m_diagnosticsInterval));
    panel->addLayout(form);
    auto *row = new QHBoxLayout;
    auto *request = new QPushButton(tr("Request diagnostics"), this);
    request->setObjectName(QStringLiteral("diagnosticsRequestButton"));
    row->addWidget(request);
    m_diagnosticsAnswer = newAnswer(QStringLiteral("diagnosticsAnswer"));
    row->addWidget(m_diagnosticsAnswer, 1);
    panel->addLayout(row);
    m_diagnosticsSteps = new OperationSteps(OperationSteps::Kind::Upload, this);
    m_diagnosticsSteps->setObjectName(QStringLiteral("diagnosticsProgress"));
    panel->addWidget(m_diagnosticsSteps);
    connect(m_diagnosticsUrl, &QLineEdit::textChanged, this,
            [this] { validate(m_diagnosticsUrl, m_diagnosticsUrlError, false); });
    connect(request, &QPushButton::clicked, this, &StationOperations::requestDiagnostics);

    // What arrived in the file server's diagnostics folder, newest first.
    m_receivedBox = new QWidget(this);
    auto *received = new QVBoxLayout(m_receivedBox);
    received->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    auto *heading = new QLabel(tr("Received files"), m_receivedBox);
    QFont font = heading->font();
    font.setBold(true);
    heading->setFont(font);
    received->addWidget(heading);
    m_received = new QTreeWidget(m_receivedBox);
    m_received->setObjectName(QStringLiteral("receivedFiles"));
    m_received->setHeaderLabels({tr("Name"), tr("Size"), tr("Received")});
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
    auto *open = new QPushButton(tr("Open folder"), m_receivedBox);
    open->setObjectName(QStringLiteral("openDiagnosticsFolder"));
    m_saveReceived = new QPushButton(tr("Save as…"), m_receivedBox);
    m_saveReceived->setObjectName(QStringLiteral("saveDiagnosticsFile"));
    m_saveReceived->setEnabled(false);
    buttons->addWidget(open);
    buttons->addWidget(m_saveReceived);
    buttons->addStretch(1);
    received->addLayout(buttons);
    panel->addWidget(m_receivedBox);
    connect(open, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QDir(m_console.fileServerDirectory()).filePath(DiagnosticsFolder)));
    });
    connect(m_saveReceived, &QPushButton::clicked, this, &StationOperations::saveReceivedFile);
    connect(m_received, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { m_saveReceived->setEnabled(current != nullptr); });
    connect(m_received, &QTreeWidget::itemDoubleClicked, this, [](QTreeWidgetItem *item) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(item->data(0, Qt::UserRole).toString()));
    });
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &StationOperations::refreshReceivedFiles);
}

void StationOperations::requestDiagnostics()
{
    if (const QString problem = locationProblem(m_diagnosticsUrl->text(), false); !problem.isEmpty()) {
        m_diagnosticsUrlError->setText(problem);
        m_diagnosticsUrlError->show();
        return;
    }
    if (m_diagnosticsHasStop->isChecked() && m_diagnosticsStop->dateTime() <= m_diagnosticsStart->dateTime()) {
        m_diagnosticsAnswer->showProblem(tr("The end of the period must come after its start."));
        return;
    }
    QVariantMap args{{QStringLiteral("location"), m_diagnosticsUrl->text().trimmed()},
                     {QStringLiteral("start"), m_diagnosticsStart->dateTime().toMSecsSinceEpoch()},
                     {QStringLiteral("retries"), m_diagnosticsRetries->value()},
                     {QStringLiteral("retryInterval"), m_diagnosticsInterval->value()}};
    if (m_diagnosticsHasStop->isChecked())
        args.insert(QStringLiteral("stop"), m_diagnosticsStop->dateTime().toMSecsSinceEpoch());
    if (m_gateway && m_gateway->isConnected(m_stationId))
        m_diagnosticsSteps->reset();
    send(findChild<QPushButton *>(QStringLiteral("diagnosticsRequestButton")), m_diagnosticsAnswer,
         Core::Command{Kind::UploadDiagnostics, args}, [this](const Core::CommandResult &r) {
             if (r.outcome != Core::CommandResult::Outcome::Answered)
                 return;
             // 1.6 answers with the file's name only, 2.0.1 with a status and the name.
             const QString file =
                 r.response.value(QStringLiteral("fileName"), r.response.value(QStringLiteral("filename"))).toString();
             if (!file.isEmpty() && (r.status.isEmpty() || r.status == QLatin1String("Accepted")))
                 m_diagnosticsAnswer->setText(tr("The station will upload %1.").arg(file));
         });
}

void StationOperations::refreshFileServer()
{
    const bool on = !m_console.fileServerUrl().isEmpty() && !m_console.fileServerDirectory().isEmpty();
    m_firmwareFile->setEnabled(on);
    m_firmwareFile->setToolTip(on ? tr("Copies the file into this console's file server and fills in its address")
                                  : tr("This console's file server is off, so it cannot serve a file"));
    QString defaultUrl;
    if (on) {
        QUrl url = m_console.fileServerUrl();
        url.setPath(url.path() + DiagnosticsFolder + QLatin1Char('/'));
        defaultUrl = url.toString(QUrl::FullyEncoded);
    }
    if (m_diagnosticsUrl->text().isEmpty() || m_diagnosticsUrl->text() == m_autoDiagnosticsUrl)
        m_diagnosticsUrl->setText(defaultUrl);
    m_autoDiagnosticsUrl = defaultUrl;
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

void StationOperations::refreshReceivedFiles()
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

void StationOperations::saveReceivedFile()
{
    const QTreeWidgetItem *item = m_received->currentItem();
    if (!item)
        return;
    const QString from = item->data(0, Qt::UserRole).toString();
    const QString to = QFileDialog::getSaveFileName(
        this, tr("Save the diagnostics file"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(item->text(0)));
    if (to.isEmpty())
        return;
    QFile::remove(to); // the dialog asked before replacing it
    if (!QFile::copy(from, to))
        m_diagnosticsAnswer->showProblem(tr("The file could not be saved to %1.").arg(QDir::toNativeSeparators(to)));
}

void StationOperations::onProgress(qint64 stationId, const QString &operation, const QString &status)
{
    if (stationId != m_stationId)
        return;
    if (operation == QLatin1String("firmware")) {
        m_firmwareSteps->setStatus(status);
    } else if (operation == QLatin1String("diagnostics") || operation == QLatin1String("log")) {
        m_diagnosticsSteps->setStatus(status);
        if (status == QLatin1String("Uploaded"))
            refreshReceivedFiles();
    }
}

} // namespace ChargeDesk::Ui
