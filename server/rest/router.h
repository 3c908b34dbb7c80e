#pragma once

#include "server/rest/restserver.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace ChargeDesk::Server::Rest {

// Which handler answers a request under /api/v1/: each controller adds its routes (a method,
// a pattern, a handler) and RestServer hands every authenticated request to route().
// A pattern is the path's segments: a literal ("stations"), a parameter ("{code}", given to the
// handler as call.param("code")) or, last, "*" for one or more further segments.
// The rule: of the routes whose pattern matches the path, the most specific one that takes the
// request's method answers. Patterns compare segment by segment from the left: a literal is more
// specific than a parameter, a parameter than "*"; at one pattern, a route for a method comes
// before the fallback for every method. No matching pattern is a 404; patterns that match only
// with other methods are a 405 that names them.
class Router
{
public:
    using Method = QHttpServerRequest::Method;

    void add(Method method, const QString &pattern, Handler handler);
    // Answers every method that no route of the same pattern takes: a controller's own 405
    // (or 404) where a plain one would say less or check less.
    void addFallback(const QString &pattern, Handler handler);
    // A fallback that answers 405 with the controller's own words.
    static Handler refusal(const QString &message);

    // The route that takes a request: the pattern it was added with, whether it is that
    // pattern's fallback, its handler and the parameters; or the 404 or 405 answer.
    struct Match
    {
        QString pattern;
        bool fallback = false;
        Handler handler;
        QHash<QString, QString> params;
    };
    std::variant<Match, Reply> match(Method method, const QStringList &path) const;
    void route(const Call &call, const Respond &respond) const;

private:
    struct Segment
    {
        enum class Kind { Literal, Parameter, Rest };
        Kind kind;
        QString text; // the literal, or the parameter's name
    };
    struct Route
    {
        std::optional<Method> method; // none: the pattern's fallback
        QString text;
        QList<Segment> pattern;
        Handler handler;
    };

    void insert(Route route);
    static QList<Segment> parse(const QString &pattern);
    static bool precedes(const Route &a, const Route &b);
    static bool samePattern(const Route &a, const Route &b);
    static std::optional<QHash<QString, QString>> bind(const QList<Segment> &pattern, const QStringList &path);

    QList<Route> m_routes; // most specific first
};

} // namespace ChargeDesk::Server::Rest
