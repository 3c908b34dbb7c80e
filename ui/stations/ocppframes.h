#pragma once

#include <QByteArray>
#include <QString>

namespace ChargeDesk::Ui::OcppFrames {

// How the OCPP log shows a stored frame ([2, id, action, payload], [3, id, payload] or
// [4, id, code, description, details]). The JSON is re-indented from its own text rather than
// through QJsonObject, so that fields keep the order the sender wrote them in.

// "CALL", "RESULT", "ERROR": the protocol's own words, which technicians search for.
QString typeName(int messageType);

// The part of the frame worth reading: a call's or result's payload, an error's details.
// A text that is no OCPP frame is returned whole.
QByteArray payloadOf(const QByteArray &frame);

// The JSON indented by two spaces per level, one member per line; empty containers stay "{}"
// and "[]". Null when the text is not valid JSON.
QString pretty(const QByteArray &json);

// The same as HTML for a rich text view: keys, strings, numbers and true/false/null coloured
// (darker or lighter colours for a light or a dark palette).
QString prettyHtml(const QByteArray &json, bool darkPalette);

// One line for the table: `key: value` pairs of the payload, nested parts as {…} and [n],
// cut with an ellipsis after `maxLength` characters.
QString summary(const QByteArray &json, int maxLength = 160);

} // namespace ChargeDesk::Ui::OcppFrames
