#include "ui/widgets/qrcodedialog.h"
#include "ui/widgets/tr.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

// A file name from the payload that every file system takes ("B1C1;22_kW" -> "B1C1_22_kW").
QString fileStem(const QString &payload)
{
    QString stem;
    for (const QChar c : payload)
        stem += c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') ? c : QLatin1Char('_');
    return QStringLiteral("qr-") + stem;
}

} // namespace

QrCodeDialog::QrCodeDialog(const QString &payload, const QString &subject, QWidget *parent)
    : QDialog(parent)
    , m_code(QrCode::encode(payload))
    , m_subject(subject)
{
    setObjectName(QStringLiteral("qrCodeDialog"));
    setWindowTitle(Tr::tr("QR code: %1").arg(subject));

    auto *image = new QLabel(this);
    image->setObjectName(QStringLiteral("qrImage"));
    image->setAlignment(Qt::AlignCenter);
    if (m_code.isNull()) {
        image->setText(Tr::tr("This text cannot be made into a QR code."));
    } else {
        // About 300 logical pixels, in whole device pixels per module so that edges stay sharp.
        const qreal ratio = devicePixelRatioF();
        const int module = qMax(2, qRound(300 * ratio / m_code.sizeWithQuietZone()));
        QPixmap pixmap = QPixmap::fromImage(m_code.toImage(module));
        pixmap.setDevicePixelRatio(ratio);
        image->setPixmap(pixmap);
    }

    auto *text = new QLabel(payload, this);
    text->setObjectName(QStringLiteral("qrText"));
    text->setAlignment(Qt::AlignCenter);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() * 1.4);
    mono.setBold(true);
    text->setFont(mono);

    auto *hint = new QLabel(Tr::tr("Drivers scan this code in the app to start charging here. Print it and stick it "
                                   "where they see it."),
                            this);
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    const auto addButton = [this, buttons](const char *name, const QString &label, auto slot) {
        QPushButton *button = buttons->addButton(label, QDialogButtonBox::ActionRole);
        button->setObjectName(QString::fromLatin1(name));
        button->setAutoDefault(false);
        button->setEnabled(!m_code.isNull());
        connect(button, &QPushButton::clicked, this, slot);
    };
    addButton("savePngButton", Tr::tr("Save as PNG…"), [this] { askAndSave(false); });
    addButton("saveSvgButton", Tr::tr("Save as SVG…"), [this] { askAndSave(true); });
    addButton("printButton", Tr::tr("Print…"), [this] { print(); });
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(image);
    layout->addWidget(text);
    layout->addWidget(hint);
    layout->addSpacing(6);
    layout->addWidget(buttons);
    setMinimumWidth(qMax(380, image->sizeHint().width() + 40));
}

QString QrCodeDialog::savePng(const QString &fileName)
{
    const QString error = m_code.savePng(fileName, PngModuleSize);
    if (!error.isEmpty())
        QMessageBox::warning(this, Tr::tr("Save QR code"), error);
    return error;
}

QString QrCodeDialog::saveSvg(const QString &fileName)
{
    const QString error = m_code.saveSvg(fileName, PngModuleSize);
    if (!error.isEmpty())
        QMessageBox::warning(this, Tr::tr("Save QR code"), error);
    return error;
}

void QrCodeDialog::askAndSave(bool svg)
{
    const QString fileName = QFileDialog::getSaveFileName(
        this, Tr::tr("Save QR code"), fileStem(m_code.text()) + (svg ? QStringLiteral(".svg") : QStringLiteral(".png")),
        svg ? Tr::tr("SVG images (*.svg)") : Tr::tr("PNG images (*.png)"));
    if (fileName.isEmpty())
        return;
    if (svg)
        saveSvg(fileName);
    else
        savePng(fileName);
}

void QrCodeDialog::print()
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(Tr::tr("Print QR code"));
    if (dialog.exec() == QDialog::Accepted)
        printLabel(printer);
}

void QrCodeDialog::printLabel(QPrinter &printer) const
{
    QPainter painter(&printer);
    if (!painter.isActive())
        return;
    // The painter's origin is the top left of the printable area.
    const QRect page(QPoint(0, 0), printer.pageLayout().paintRectPixels(printer.resolution()).size());
    // Six centimetres: big enough to scan from a step away, small enough for a sticker.
    const int side = qMin(page.width(), qRound(60 / 25.4 * printer.resolution()));
    const QRectF codeRect(page.center().x() - side / 2.0, page.top(), side, side);
    m_code.paint(painter, codeRect);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(14);
    mono.setBold(true);
    painter.setFont(mono);
    const QFontMetrics textMetrics(mono, &printer);
    QRectF textRect(page.left(), codeRect.bottom(), page.width(), textMetrics.height() * 1.5);
    painter.drawText(textRect, Qt::AlignHCenter | Qt::AlignTop, m_code.text());

    QFont plain = painter.font();
    plain.setFamily(QFont().family());
    plain.setBold(false);
    plain.setPointSize(10);
    painter.setFont(plain);
    painter.drawText(QRectF(page.left(), textRect.bottom(), page.width(), page.height() - textRect.bottom()),
                     Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_subject);
}

} // namespace ChargeDesk::Ui
