#pragma once

#include "core/entitydef.h"

#include <QColor>
#include <QDateTime>
#include <QTimeZone>
#include <QVariant>

namespace ChargeDesk::Ui {

// A stored value in the words a window shows: local date and time for UTC milliseconds, the
// locale's digits, Yes/No, a file's size. References are resolved by whoever knows the names.
QString formatValue(const Core::FieldDef &field, const QVariant &value);

// A number in the unit its column name gives it (see Core::Record): "_wh" -> "2.50 kWh",
// "_w" -> "7.4 kW", "_s" -> "1 h 05 min", "_minor" -> "€12.30" (in the display currency),
// "_percent" -> "37 %"; others as plain numbers.
QString formatQuantity(const QString &name, qint64 value);
// An amount in minor units of `currency` (ISO 4217) as the locale writes money, with the
// currency's decimals: "€0.48" in English, "0,48 €" in German, "¥48" for yen; without a
// currency, the bare number with the display currency's decimals.
QString formatMoney(qint64 minor, const QString &currency);
// "EUR" -> "€"; the code itself for a currency no locale uses.
QString currencySymbol(const QString &isoCode);
// The digits after the decimal point of an ISO 4217 currency: 0 for JPY, 3 for KWD, 2 for EUR
// and for a code the standard does not list.
int currencyDecimals(const QString &isoCode);
// The currency the windows show and take amounts in that carry none of their own: the site's
// (the main window sets it); none until then, which shows bare numbers with two decimals.
void setDisplayCurrency(const QString &isoCode);
QString displayCurrency();
// "42 s", "17 min", "1 h 05 min", "3 d 4 h"
QString formatDuration(qint64 seconds);

// A stored choice code in words ("ac_three_phase" -> "AC three phase"); codes technicians
// know by heart ("ocpp1.6") stay as they are.
QString choiceText(const QString &code);

// "area" -> "Area", for titles made from the catalog's entity names.
QString capitalized(QString text);

// The time zone the windows show times in: the site's, or an operator user's operator's (the
// main window sets it); the computer's until then.
void setDisplayZone(const QTimeZone &zone);
QTimeZone displayZone();
// UTC milliseconds as a date and time in the display zone.
QDateTime displayTime(qint64 utcMs);
// The display zone as a person reads it: "Europe/Ljubljana (CET)".
QString displayZoneText();

// Watts as a reading of power: kilowatts with one decimal ("41.6 kW"), however precise the
// figure it came from.
QString formatKilowatts(double watts);

// UTC milliseconds as a date and time in the display zone, short form; empty for null.
QString formatTimestamp(const QVariant &utcMs);

// The same for a file another program reads: ISO 8601 local time with its offset, plain
// numbers with a decimal point, true/false, the text of a choice.
QString exportValue(const Core::FieldDef &field, const QVariant &value);
QString exportTimestamp(const QVariant &utcMs);

// An OCPP name as the database stores it: "SuspendedEVSE" -> "suspended_evse".
QString snakeCase(const QString &ocppName);
// An OCPP status in words: "DownloadFailed" -> "Download failed".
QString ocppStatusText(const QString &status);

// The colour of a charger's or connector's stored status ("charging", "faulted"): green free,
// blue charging, amber in between, red faulted, grey unavailable, unknown or offline.
// Mid-tones, readable against light and dark windows and on a map alike.
QColor statusColor(const QString &status, bool online = true);
// The colour of a status cell of a list (a connector's, charger's, session's or reservation's
// status, a station's connection); invalid for a column that is no status.
QColor statusChipColor(const QString &table, const QString &column, const QVariant &value);

// UTC milliseconds as the time of day when it falls on `now`'s local day, as date and time
// otherwise: a list of today's sessions reads "14:05", not "7 Dec 2026, 14:05".
QString formatRecentTimestamp(const QVariant &utcMs, const QDateTime &now);

} // namespace ChargeDesk::Ui
