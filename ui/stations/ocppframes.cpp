#include "ui/stations/ocppframes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>

namespace ChargeDesk::Ui::OcppFrames {

namespace {

struct Token
{
    enum Kind { Open, Close, Comma, Colon, Key, String, Number, Literal };
    Kind kind;
    QString text;
};

// The tokens of a JSON text already known to be valid.
QList<Token> tokens(const QString &json)
{
    QList<Token> result;
    qsizetype i = 0;
    const qsizetype n = json.size();
    while (i < n) {
        const QChar c = json.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'{' || c == u'[') {
            result.append({Token::Open, QString(c)});
            ++i;
        } else if (c == u'}' || c == u']') {
            result.append({Token::Close, QString(c)});
            ++i;
        } else if (c == u',') {
            result.append({Token::Comma, QString(c)});
            ++i;
        } else if (c == u':') {
            result.append({Token::Colon, QString(c)});
            // The string before a colon is a key.
            if (result.size() >= 2 && result.at(result.size() - 2).kind == Token::String)
                result[result.size() - 2].kind = Token::Key;
            ++i;
        } else if (c == u'"') {
            qsizetype end = i + 1;
            while (end < n && json.at(end) != u'"')
                end += json.at(end) == u'\\' ? 2 : 1;
            result.append({Token::String, json.mid(i, end - i + 1)});
            i = end + 1;
        } else {
            qsizetype end = i;
            while (end < n && !json.at(end).isSpace() && !QStringLiteral("{}[],:\"").contains(json.at(end)))
                ++end;
            const QString word = json.mid(i, end - i);
            result.append({word.front().isLetter() ? Token::Literal : Token::Number, word});
            i = qMax(end, i + 1);
        }
    }
    return result;
}

bool isValid(const QByteArray &json)
{
    QJsonParseError error;
    QJsonDocument::fromJson("[" + json + "]", &error); // scalars are valid payloads too
    return error.error == QJsonParseError::NoError;
}

// Indents the tokens; `paint` turns a token's text into what is written.
template <typename Paint> QString indented(const QList<Token> &list, Paint paint)
{
    QString out;
    int depth = 0;
    const auto newline = [&out, &depth] {
        out += u'\n' + QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Token &t = list.at(i);
        switch (t.kind) {
        case Token::Open:
            out += paint(t);
            if (i + 1 < list.size() && list.at(i + 1).kind == Token::Close) {
                out += paint(list.at(++i)); // {} and [] stay on one line
                break;
            }
            ++depth;
            newline();
            break;
        case Token::Close:
            --depth;
            newline();
            out += paint(t);
            break;
        case Token::Comma:
            out += paint(t);
            newline();
            break;
        case Token::Colon: out += paint(t) + u' '; break;
        default: out += paint(t); break;
        }
    }
    return out;
}

} // namespace

QString typeName(int messageType)
{
    switch (messageType) {
    case 2: return QStringLiteral("CALL");
    case 3: return QStringLiteral("RESULT");
    case 4: return QStringLiteral("ERROR");
    default: return QString::number(messageType);
    }
}

QByteArray payloadOf(const QByteArray &frame)
{
    if (!isValid(frame))
        return frame;
    const QJsonDocument document = QJsonDocument::fromJson(frame);
    const QJsonArray array = document.array();
    if (!document.isArray() || array.isEmpty() || !array.at(0).isDouble())
        return frame;
    const int type = array.at(0).toInt();
    const qsizetype wanted = type == 2 ? 3 : type == 3 ? 2 : type == 4 ? 4 : -1;
    if (wanted < 0 || wanted >= array.size())
        return frame;
    // The element's own text: walk the top-level commas of the frame, outside strings.
    const QList<Token> list = tokens(QString::fromUtf8(frame));
    QString element;
    int depth = 0;
    qsizetype index = 0;
    for (qsizetype i = 1; i + 1 < list.size(); ++i) { // inside the outer brackets
        const Token &t = list.at(i);
        if (depth == 0 && t.kind == Token::Comma) {
            ++index;
            continue;
        }
        if (t.kind == Token::Open)
            ++depth;
        else if (t.kind == Token::Close)
            --depth;
        if (index == wanted)
            element += t.text;
    }
    return element.toUtf8();
}

QString pretty(const QByteArray &json)
{
    if (!isValid(json))
        return {};
    return indented(tokens(QString::fromUtf8(json)), [](const Token &t) { return t.text; });
}

QString prettyHtml(const QByteArray &json, bool darkPalette)
{
    if (!isValid(json))
        return {};
    const auto colour = [darkPalette](Token::Kind kind) -> QString {
        switch (kind) {
        case Token::Key: return darkPalette ? QStringLiteral("#7cb7ff") : QStringLiteral("#0b4f9c");
        case Token::String: return darkPalette ? QStringLiteral("#9ed58a") : QStringLiteral("#2a7a1a");
        case Token::Number: return darkPalette ? QStringLiteral("#f2b66d") : QStringLiteral("#a44a00");
        case Token::Literal: return darkPalette ? QStringLiteral("#d59cf0") : QStringLiteral("#7a2a9c");
        default: return {};
        }
    };
    const QString body = indented(tokens(QString::fromUtf8(json)), [&colour](const Token &t) {
        const QString c = colour(t.kind);
        return c.isEmpty() ? t.text.toHtmlEscaped()
                           : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(c, t.text.toHtmlEscaped());
    });
    return QStringLiteral("<pre style=\"margin:0\">%1</pre>").arg(body);
}

QString summary(const QByteArray &json, int maxLength)
{
    if (!isValid(json))
        return QString::fromUtf8(json).simplified().left(maxLength);
    const QList<Token> list = tokens(QString::fromUtf8(json));
    QString out;
    for (qsizetype i = 0; i < list.size() && out.size() <= maxLength; ++i) {
        const Token &t = list.at(i);
        const bool outer = i == 0 || i == list.size() - 1; // the payload's own braces
        if (t.kind == Token::Open && !outer) {
            // A nested part in short: {…} or [n]
            int inner = 0;
            int commas = 0;
            qsizetype j = i + 1;
            for (; j < list.size(); ++j) {
                const Token &u = list.at(j);
                if (u.kind == Token::Open) {
                    ++inner;
                } else if (u.kind == Token::Close) {
                    if (inner == 0)
                        break;
                    --inner;
                } else if (u.kind == Token::Comma && inner == 0) {
                    ++commas;
                }
            }
            const int members = j == i + 1 ? 0 : commas + 1;
            out += t.text == u'[' ? QStringLiteral("[%1]").arg(members) : QStringLiteral("{…}");
            i = j;
            continue;
        }
        if (outer && (t.kind == Token::Open || t.kind == Token::Close))
            continue;
        switch (t.kind) {
        case Token::Key: out += t.text.mid(1, t.text.size() - 2); break;
        case Token::Colon: out += QStringLiteral(": "); break;
        case Token::Comma: out += QStringLiteral(", "); break;
        default: out += t.text; break;
        }
    }
    if (out.isEmpty()) // an empty payload says so rather than leaving the cell blank
        return QString::fromUtf8(json).simplified();
    if (out.size() > maxLength)
        out = out.left(maxLength - 1) + u'…';
    return out;
}

} // namespace ChargeDesk::Ui::OcppFrames
