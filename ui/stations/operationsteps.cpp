#include "ui/stations/operationsteps.h"

#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

#include <optional>

namespace ChargeDesk::Ui {

namespace {

struct Reached
{
    int steps = 0; // how many steps the status has reached, the current one included
    bool failed = false;
};

// Where each status of the 1.6 and 2.0.1 notifications stands on the way; unknown ones
// (a newer station's) leave the steps as they were.
std::optional<Reached> reachedBy(OperationSteps::Kind kind, const QString &status)
{
    static const QHash<QString, Reached> firmware{
        {QStringLiteral("Idle"), {0, false}},
        {QStringLiteral("DownloadScheduled"), {0, false}},
        {QStringLiteral("Downloading"), {1, false}},
        {QStringLiteral("DownloadPaused"), {1, false}},
        {QStringLiteral("DownloadFailed"), {1, true}},
        {QStringLiteral("Downloaded"), {2, false}},
        {QStringLiteral("SignatureVerified"), {2, false}},
        {QStringLiteral("InstallScheduled"), {2, false}},
        {QStringLiteral("InvalidSignature"), {3, true}},
        {QStringLiteral("Installing"), {3, false}},
        {QStringLiteral("InstallRebooting"), {3, false}},
        {QStringLiteral("InstallationFailed"), {3, true}},
        {QStringLiteral("InstallVerificationFailed"), {3, true}},
        {QStringLiteral("Installed"), {4, false}},
    };
    static const QHash<QString, Reached> upload{
        {QStringLiteral("Idle"), {0, false}},
        {QStringLiteral("AcceptedCanceled"), {0, false}},
        {QStringLiteral("Uploading"), {1, false}},
        {QStringLiteral("UploadFailed"), {1, true}},
        {QStringLiteral("UploadFailure"), {1, true}},
        {QStringLiteral("BadMessage"), {1, true}},
        {QStringLiteral("PermissionDenied"), {1, true}},
        {QStringLiteral("NotSupportedOperation"), {1, true}},
        {QStringLiteral("Uploaded"), {2, false}},
    };
    const auto &table = kind == OperationSteps::Kind::Firmware ? firmware : upload;
    const auto it = table.constFind(status);
    return it == table.constEnd() ? std::nullopt : std::optional<Reached>(*it);
}

} // namespace

OperationSteps::OperationSteps(Kind kind, const Core::Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_clock(clock)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    m_names = kind == Kind::Firmware
                  ? QStringList{Tr::tr("Downloading"), Tr::tr("Downloaded"), Tr::tr("Installing"), Tr::tr("Installed")}
                  : QStringList{Tr::tr("Uploading"), Tr::tr("Uploaded")};
    for (qsizetype i = 0; i < m_names.size(); ++i) {
        if (i > 0) {
            auto *arrow = new QLabel(QStringLiteral("→"), this);
            arrow->setForegroundRole(QPalette::PlaceholderText);
            row->addWidget(arrow);
        }
        auto *step = new QLabel(m_names.at(i), this);
        step->setObjectName(QStringLiteral("step%1").arg(i));
        m_steps << step;
        row->addWidget(step);
    }
    row->addStretch(1);
    layout->addLayout(row);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setRange(0, int(m_names.size()));
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(fontMetrics().height() / 2);
    layout->addWidget(m_bar);
    m_latest = new QLabel(this);
    m_latest->setObjectName(QStringLiteral("latestStatus"));
    m_latest->setWordWrap(true);
    layout->addWidget(m_latest);
    reset();
}

void OperationSteps::reset()
{
    m_status.clear();
    m_reached = 0;
    m_failed = false;
    m_latest->setText(Tr::tr("No progress reported yet."));
    render();
}

void OperationSteps::setStatus(const QString &status)
{
    const QDateTime at = m_clock.now().toLocalTime();
    const auto reached = reachedBy(m_kind, status);
    if (reached) {
        m_reached = reached->steps;
        m_failed = reached->failed;
    }
    m_status = status;
    m_latest->setText(Tr::tr("Latest report: %1 at %2")
                          .arg(ocppStatusText(status), QLocale().toString(at.time(), QLocale::ShortFormat)));
    render();
}

QString OperationSteps::latestText() const
{
    return m_latest->text();
}

void OperationSteps::render()
{
    const QString failedStyle = QStringLiteral("color: #c62828; font-weight: bold;");
    for (int i = 0; i < m_steps.size(); ++i) {
        QLabel *step = m_steps.at(i);
        const bool current = i == m_reached - 1;
        const bool done = i < m_reached - 1 || (current && !m_failed && i == m_steps.size() - 1);
        const QString mark = current && m_failed ? QStringLiteral("✗ ") : done ? QStringLiteral("✓ ") : QString();
        step->setText(mark + m_names.at(i));
        step->setStyleSheet(QString());
        step->setForegroundRole(i < m_reached ? QPalette::WindowText : QPalette::PlaceholderText);
        QFont font = step->font();
        font.setBold(current && !done);
        step->setFont(font);
        if (current && m_failed)
            step->setStyleSheet(failedStyle);
        step->setToolTip(current && m_failed ? ocppStatusText(m_status) : QString());
        step->setProperty("state", current && m_failed ? QStringLiteral("failed")
                                   : done              ? QStringLiteral("done")
                                   : current           ? QStringLiteral("current")
                                                       : QStringLiteral("pending"));
    }
    m_bar->setValue(m_reached);
    QPalette palette = m_bar->palette();
    palette.setColor(QPalette::Highlight,
                     m_failed ? QColor(0xc6, 0x28, 0x28) : this->palette().color(QPalette::Highlight));
    m_bar->setPalette(palette);
    if (m_failed)
        m_latest->setStyleSheet(failedStyle);
    else
        m_latest->setStyleSheet(QString());
}

} // namespace ChargeDesk::Ui
