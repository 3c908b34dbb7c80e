#pragma once

#include "server/simulator/protocol.h"

#include <QHash>

namespace ChargeDesk::Server::Simulator {

// OCPP 2.0.1: the station's messages and its answers to the CSMS's calls. Each connector
// of the model is an EVSE of its own with connector 1.
class Ocpp201 final : public Protocol
{
public:
    using Protocol::Protocol;

    Ocpp::Version version() const override { return Ocpp::Version::V201; }
    OutgoingCall bootNotification(const QString &reason) const override;
    QList<OutgoingCall> statusChanged(int n, std::optional<ConnectorStatus> from, ConnectorStatus to) override;
    OutgoingCall authorize(const QString &idTag) const override;
    AuthorizationResult authorization(const QJsonObject &response) const override;
    OutgoingCall transactionStarted(int n) override;
    OutgoingCall meterValues(int n, const QString &trigger) override;
    OutgoingCall transactionEnded(int n, Transaction &ended, StopReason reason) override;
    OutgoingCall firmwareStatus(const QString &status, int requestId) const override;
    OutgoingCall logStatus(const QString &status, int requestId) const override;
    void answered(const OutgoingCall &call, const QJsonObject &response) override;
    Answer handle(const QString &action, const QJsonObject &payload) override;

private:
    static QJsonObject idToken(const QString &idTag);
    QJsonObject meterValue(int n, const QStringList &measurands, const QString &context) const;
    QJsonObject transactionEvent(const QString &type, const QString &trigger, int n, Transaction &tx) const;
    Answer requestStart(const QJsonObject &p);
    Answer requestStop(const QJsonObject &p);
    Answer changeAvailability(const QJsonObject &p);
    Answer trigger(const QJsonObject &p);
    Answer getVariables(const QJsonObject &p) const;
    Answer setVariables(const QJsonObject &p);
    Answer sendLocalList(const QJsonObject &p);
    Answer setChargingProfile(const QJsonObject &p);
    Answer clearChargingProfile(const QJsonObject &p);
    Answer compositeSchedule(const QJsonObject &p) const;

    QHash<int, int> m_remoteStartIds; // connector -> remoteStartId of the start it waits for
};

} // namespace ChargeDesk::Server::Simulator
