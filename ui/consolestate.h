#pragma once

#include <QObject>
#include <QStringList>

namespace ChargeDesk::Ui {

// What the console knows about its own process that pages show beside the data: the URLs the
// embedded OCPP server listens on (empty while it is off). Owned by the main window.
class ConsoleState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleState)

public:
    using QObject::QObject;

    // "ws://host:port/ocpp/<identifier>", then the secure one when TLS is on; a station's own
    // URL replaces "<identifier>" with its connection identifier.
    QStringList ocppUrls() const { return m_ocppUrls; }
    void setOcppUrls(const QStringList &urls)
    {
        if (urls == m_ocppUrls)
            return;
        m_ocppUrls = urls;
        emit changed();
    }

signals:
    void changed();

private:
    QStringList m_ocppUrls;
};

} // namespace ChargeDesk::Ui
