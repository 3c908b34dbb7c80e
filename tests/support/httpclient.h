#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class QNetworkAccessManager;

namespace ChargeDesk::Test {

struct HttpResponse
{
    int status = 0;
    QJsonObject json; // the body, when it is a JSON object
    QByteArray raw;
};

// One request to 127.0.0.1:port with a JSON body and, unless `token` is empty, a bearer
// token; the caller's event loop keeps running until the answer is in (15 s at most).
HttpResponse httpRequest(QNetworkAccessManager &http, quint16 port, const QByteArray &method, const QString &path,
                         const QByteArray &body, const QByteArray &token);

} // namespace ChargeDesk::Test
