#pragma once

#include "ui/widgets/qrcode.h"

#include <QDialog>

class QPrinter;

namespace ChargeDesk::Ui {

// Shows the QR code a driver scans to start charging, with its text under it, and saves it
// as PNG or SVG or prints it as a label to stick on the charger.
class QrCodeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrCodeDialog)

public:
    // Pixels per module in a saved PNG: a 25-module code makes a 396-pixel image, sharp on a
    // printed sticker of a few centimetres.
    static constexpr int PngModuleSize = 12;

    // `payload` is what the code holds ("B1C1" or "B1C1;22_kW"); `subject` names what it is
    // for in the title and on the printed label ("Charger Left, station Wallbox one").
    QrCodeDialog(const QString &payload, const QString &subject, QWidget *parent = nullptr);

    const QrCode &code() const { return m_code; }

    // Write the code to a file; an empty string on success, else why not (also shown).
    QString savePng(const QString &fileName);
    QString saveSvg(const QString &fileName);
    // The label: the code, its text under it and the subject, centred at the top of the page.
    void printLabel(QPrinter &printer) const;

private:
    void askAndSave(bool svg);
    void print();

    QrCode m_code;
    QString m_subject;
};

} // namespace ChargeDesk::Ui
