#pragma once

#include "server/simulator/protocol.h"

#include <QHash>

namespace ChargeDesk::Server::Simulator {

// OCPP 1.6J: the station's messages and its answers to the central system's calls.
class Ocpp16 final : public Protocol
{
public:
    using Protocol::Protocol;

    Ocpp::Version version() const override { return Ocpp::Version::V16; }
    OutgoingCall bootNotification(const QString &reason) const override;
    QList<OutgoingCall> statusChanged(int n, std::optional<ConnectorStatus> from, ConnectorStatus to) override;
    OutgoingCall authorize(const QString &idTag) const override;
    AuthorizationResult authorization(const QJsonObject &response) const override;
    OutgoingCall transactionStarted(int n) override;
    OutgoingCall meterValues(int n, const QString &trigger) override;
    OutgoingCall transactionEnded(int n, Transaction &ended, StopReason reason) override;
    OutgoingCall firmwareStatus(const QString &status, int requestId) const override;
    OutgoingCall logStatus(const QString &status, int requestId) const override;
    void prepare(OutgoingCall &call) const override;
    void answered(const OutgoingCall &call, const QJsonObject &response) override;
    Answer handle(const QString &action, const QJsonObject &payload) override;

private:
    QJsonObject meterValue(int n, const QStringList &measurands, const QString &context) const;
    Answer remoteStart(const QJsonObject &p);
    Answer remoteStop(const QJsonObject &p);
    Answer changeAvailability(const QJsonObject &p);
    Answer unlock(const QJsonObject &p);
    Answer trigger(const QJsonObject &p);
    Answer getConfiguration(const QJsonObject &p) const;
    Answer changeConfiguration(const QJsonObject &p);
    Answer sendLocalList(const QJsonObject &p);
    Answer setChargingProfile(const QJsonObject &p);
    Answer clearChargingProfile(const QJsonObject &p);
    Answer compositeSchedule(const QJsonObject &p) const;

    QHash<int, qint64> m_transactionIds; // local transaction number -> the CSMS's transactionId
};

} // namespace ChargeDesk::Server::Simulator
