#include "ui/stations/firmwarepanel.h"

#include "core/clock.h"
#include "ui/shell/consolestate.h"
#include "ui/stations/commandstatus.h"
#include "ui/stations/operationsteps.h"
#include "ui/stations/transferfields.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

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

} // namespace

FirmwarePanel::FirmwarePanel(const OperatedStation &station, ConsoleState &console, const Core::Clock &clock,
                             QWidget *parent)
    : OperationPanel(station, QStringLiteral("firmwarePanel"), QStringLiteral("export"), Tr::tr("Firmware update"),
                     Tr::tr("The station downloads the file from the address at the time given, installs it "
                            "and restarts. If the download fails it tries again."),
                     parent)
    , m_console(console)
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("firmwareLocation"));
    m_location->setPlaceholderText(QStringLiteral("ftp://user:password@host:21/firmware.bin"));
    m_locationError = newFieldError(this, QStringLiteral("firmwareLocationError"));
    m_fileButton = new QPushButton(Tr::tr("Use a file from this computer…"), this);
    m_fileButton->setObjectName(QStringLiteral("firmwareFileButton"));
    form->addRow(Tr::tr("Location", "file address"), withError(this, m_location, m_locationError, m_fileButton));
    m_retrieveAt = newDateTime(this, QStringLiteral("firmwareRetrieveAt"), clock.nowMs());
    form->addRow(Tr::tr("Retrieve at"), m_retrieveAt);
    // OCPP 2.0.1 can install later than it downloads (out of business hours); 1.6 installs at once.
    m_hasInstallAt = new QCheckBox(this);
    m_hasInstallAt->setObjectName(QStringLiteral("firmwareHasInstallAt"));
    m_installAt = newDateTime(this, QStringLiteral("firmwareInstallAt"), clock.nowMs() + 3600'000);
    m_installAt->setEnabled(false);
    connect(m_hasInstallAt, &QCheckBox::toggled, m_installAt, &QWidget::setEnabled);
    auto *installRow = new QHBoxLayout;
    installRow->addWidget(m_hasInstallAt);
    installRow->addWidget(m_installAt, 1);
    form->addRow(Tr::tr("Install at"), installRow);
    m_hasInstallAt->setToolTip(Tr::tr("OCPP 2.0.1 stations only: 1.6 stations install as soon as the download "
                                      "is done."));
    m_retries = newSpin(this, QStringLiteral("firmwareRetries"), 99, 3);
    m_interval = newSpin(this, QStringLiteral("firmwareRetryInterval"), 86400, 60, Tr::tr(" s"));
    form->addRow(Tr::tr("Retries"), retriesRow(this, m_retries, m_interval));
    body()->addLayout(form);
    auto *row = new QHBoxLayout;
    m_requestButton = new QPushButton(Tr::tr("Request the update"), this);
    m_requestButton->setObjectName(QStringLiteral("firmwareRequestButton"));
    row->addWidget(m_requestButton);
    m_answer = newAnswer(QStringLiteral("firmwareAnswer"));
    row->addWidget(m_answer, 1);
    body()->addLayout(row);
    m_steps = new OperationSteps(OperationSteps::Kind::Firmware, clock, this);
    m_steps->setObjectName(QStringLiteral("firmwareProgress"));
    body()->addWidget(m_steps);
    connect(m_location, &QLineEdit::textChanged, this, [this] { checkLocation(m_location, m_locationError, true); });
    connect(m_fileButton, &QPushButton::clicked, this, &FirmwarePanel::chooseFile);
    connect(m_requestButton, &QPushButton::clicked, this, &FirmwarePanel::request);
    refreshFileServer();
}

void FirmwarePanel::request()
{
    if (const QString problem = locationProblem(m_location->text(), true); !problem.isEmpty()) {
        m_locationError->setText(problem);
        m_locationError->show();
        return;
    }
    Core::Command command{Core::Command::Kind::UpdateFirmware,
                          {{QStringLiteral("location"), m_location->text().trimmed()},
                           {QStringLiteral("retrieveAt"), m_retrieveAt->utcMs()},
                           {QStringLiteral("retries"), m_retries->value()},
                           {QStringLiteral("retryInterval"), m_interval->value()}}};
    if (m_hasInstallAt->isChecked()) {
        if (station().isV16()) {
            m_answer->showProblem(Tr::tr("OCPP 1.6 stations install as soon as the download is done."));
            return;
        }
        if (m_installAt->utcMs() < m_retrieveAt->utcMs()) {
            m_answer->showProblem(Tr::tr("The installation cannot be before the download."));
            return;
        }
        command.args.insert(QStringLiteral("installAt"), m_installAt->utcMs());
    }
    // Before sending: the station may report progress as soon as it has answered.
    if (station().isConnected())
        m_steps->reset();
    send(m_requestButton, m_answer, command);
}

void FirmwarePanel::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, Tr::tr("Firmware for the station"), QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    if (!path.isEmpty())
        useFirmwareFile(path);
}

bool FirmwarePanel::useFirmwareFile(const QString &path)
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
        m_locationError->setText(
            Tr::tr("The file could not be copied to %1.").arg(QDir::toNativeSeparators(folder.path())));
        m_locationError->show();
        return false;
    }
    QUrl url = server;
    url.setPath(server.path() + FirmwareFolder + QLatin1Char('/') + name);
    m_location->setText(url.toString(QUrl::FullyEncoded));
    return true;
}

void FirmwarePanel::refreshFileServer()
{
    const bool on = !m_console.fileServerUrl().isEmpty() && !m_console.fileServerDirectory().isEmpty();
    m_fileButton->setEnabled(on);
    m_fileButton->setToolTip(on ? Tr::tr("Copies the file into this console's file server and fills in its address")
                                : Tr::tr("This console's file server is off, so it cannot serve a file"));
}

void FirmwarePanel::showProgress(const QString &status)
{
    m_steps->setStatus(status);
}

} // namespace ChargeDesk::Ui
