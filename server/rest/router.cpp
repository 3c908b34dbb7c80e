#include "server/rest/router.h"

#include <algorithm>

namespace ChargeDesk::Server::Rest {

namespace {

// The order in which a 405 names the methods a path takes: "Use GET, PATCH or DELETE.".
constexpr std::pair<Router::Method, const char *> MethodNames[] = {
    {Router::Method::Get, "GET"},         {Router::Method::Post, "POST"},       {Router::Method::Put, "PUT"},
    {Router::Method::Patch, "PATCH"},     {Router::Method::Delete, "DELETE"},   {Router::Method::Head, "HEAD"},
    {Router::Method::Options, "OPTIONS"}, {Router::Method::Connect, "CONNECT"}, {Router::Method::Trace, "TRACE"},
};

QString useMethods(QHttpServerRequest::Methods methods)
{
    QStringList names;
    for (const auto &[method, name] : MethodNames) {
        if (methods.testFlag(method))
            names << QString::fromLatin1(name);
    }
    const QString last = names.takeLast();
    return names.isEmpty() ? QStringLiteral("Use %1.").arg(last)
                           : QStringLiteral("Use %1 or %2.").arg(names.join(QStringLiteral(", ")), last);
}

} // namespace

void Router::add(Method method, const QString &pattern, Handler handler)
{
    insert({method, pattern, parse(pattern), std::move(handler)});
}

void Router::addFallback(const QString &pattern, Handler handler)
{
    insert({std::nullopt, pattern, parse(pattern), std::move(handler)});
}

Handler Router::refusal(const QString &message)
{
    return [message](const Call &, const Respond &respond) {
        respond(methodNotAllowed(message));
    };
}

void Router::insert(Route route)
{
    Q_ASSERT_X(std::none_of(m_routes.cbegin(), m_routes.cend(),
                            [&](const Route &r) { return r.method == route.method && samePattern(r, route); }),
               "Router::add", "two routes for one method and pattern");
    // After every route that precedes it, so that routes of equal rank keep their order.
    const auto at = std::upper_bound(m_routes.begin(), m_routes.end(), route, precedes);
    m_routes.insert(at, std::move(route));
}

QList<Router::Segment> Router::parse(const QString &pattern)
{
    QList<Segment> segments;
    for (const QString &part : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("*"))
            segments << Segment{Segment::Kind::Rest, QString()};
        else if (part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}')))
            segments << Segment{Segment::Kind::Parameter, part.mid(1, part.size() - 2)};
        else
            segments << Segment{Segment::Kind::Literal, part};
    }
    Q_ASSERT_X(std::none_of(segments.cbegin(), segments.cend() - (segments.isEmpty() ? 0 : 1),
                            [](const Segment &s) { return s.kind == Segment::Kind::Rest; }),
               "Router::add", "\"*\" is only the last segment");
    return segments;
}

bool Router::precedes(const Route &a, const Route &b)
{
    const qsizetype common = std::min(a.pattern.size(), b.pattern.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (a.pattern.at(i).kind != b.pattern.at(i).kind)
            return a.pattern.at(i).kind < b.pattern.at(i).kind;
    }
    // Patterns that agree as far as both go but differ in length never match one path.
    if (a.pattern.size() != b.pattern.size())
        return a.pattern.size() < b.pattern.size();
    return a.method.has_value() && !b.method.has_value();
}

bool Router::samePattern(const Route &a, const Route &b)
{
    return std::equal(a.pattern.cbegin(), a.pattern.cend(), b.pattern.cbegin(), b.pattern.cend(),
                      [](const Segment &x, const Segment &y) {
                          return x.kind == y.kind && (x.kind != Segment::Kind::Literal || x.text == y.text);
                      });
}

std::optional<QHash<QString, QString>> Router::bind(const QList<Segment> &pattern, const QStringList &path)
{
    QHash<QString, QString> params;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const Segment &s = pattern.at(i);
        if (s.kind == Segment::Kind::Rest)
            return i < path.size() ? std::optional(params) : std::nullopt;
        if (i >= path.size() || (s.kind == Segment::Kind::Literal && path.at(i) != s.text))
            return std::nullopt;
        if (s.kind == Segment::Kind::Parameter)
            params.insert(s.text, path.at(i));
    }
    return pattern.size() == path.size() ? std::optional(params) : std::nullopt;
}

std::variant<Router::Match, Reply> Router::match(Method method, const QStringList &path) const
{
    QHttpServerRequest::Methods others;
    for (const Route &r : m_routes) {
        auto params = bind(r.pattern, path);
        if (!params)
            continue;
        if (r.method && *r.method != method) {
            others |= *r.method;
            continue;
        }
        return Match{r.text, !r.method, r.handler, std::move(*params)};
    }
    if (!others)
        return noSuchResource();
    return methodNotAllowed(useMethods(others));
}

void Router::route(const Call &call, const Respond &respond) const
{
    auto found = match(call.request.method(), call.path);
    if (const Reply *refusal = std::get_if<Reply>(&found))
        return respond(*refusal);
    Match &m = std::get<Match>(found);
    Call routed = call;
    routed.params = std::move(m.params);
    m.handler(routed, respond);
}

} // namespace ChargeDesk::Server::Rest
