#include "server/rest/router.h"

#include <QTest>

using namespace ChargeDesk::Server::Rest;
using Method = Router::Method;

// The REST route table on its own: which route takes a method and path, what it binds, and
// the 404 and 405 answers when none does.
class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void literalPath_bindsNothing();
    void parameters_areBoundByName();
    void unknownPath_is404();
    void knownPathOtherMethod_is405NamingTheMethods_data();
    void knownPathOtherMethod_is405NamingTheMethods();
    void literalBeatsParameter_whateverTheOrderOfAdding_data();
    void literalBeatsParameter_whateverTheOrderOfAdding();
    void rest_takesOneOrMoreSegments_afterEveryOtherPattern();
    void fallback_takesWhatTheMethodRoutesOfItsPatternDoNot();
    void otherMethod_fallsThroughToALessSpecificPattern();
    void unknownMethod_reachesOnlyFallbacks();

private:
    static Handler none()
    {
        return [](const Call &, const Respond &) {
        };
    }
    static QStringList path(const char *text) { return QString::fromLatin1(text).split(u'/', Qt::SkipEmptyParts); }
    static Router::Match found(const Router &router, Method method, const char *text);
    static Reply refused(const Router &router, Method method, const char *text);
};

Router::Match TestRouter::found(const Router &router, Method method, const char *text)
{
    auto result = router.match(method, path(text));
    if (!std::holds_alternative<Router::Match>(result)) {
        qWarning("no route for %s: %s", text, std::get<Reply>(result).body.toJson(QJsonDocument::Compact).constData());
        return {};
    }
    return std::get<Router::Match>(result);
}

Reply TestRouter::refused(const Router &router, Method method, const char *text)
{
    auto result = router.match(method, path(text));
    if (!std::holds_alternative<Reply>(result)) {
        qWarning("%s was routed to %s", text, qPrintable(std::get<Router::Match>(result).pattern));
        return {};
    }
    return std::get<Reply>(result);
}

void TestRouter::literalPath_bindsNothing()
{
    Router router;
    router.add(Method::Get, QStringLiteral("stations"), none());
    const Router::Match m = found(router, Method::Get, "stations");
    QCOMPARE(m.pattern, QStringLiteral("stations"));
    QVERIFY(!m.fallback);
    QVERIFY(m.params.isEmpty());
    QVERIFY(m.handler);
}

void TestRouter::parameters_areBoundByName()
{
    Router router;
    router.add(Method::Post, QStringLiteral("stations/{code}/commands/{command}"), none());
    const Router::Match m = found(router, Method::Post, "stations/ST-1/commands/reset");
    QCOMPARE(m.pattern, QStringLiteral("stations/{code}/commands/{command}"));
    QCOMPARE(m.params.size(), 2);
    QCOMPARE(m.params.value(QStringLiteral("code")), QStringLiteral("ST-1"));
    QCOMPARE(m.params.value(QStringLiteral("command")), QStringLiteral("reset"));
}

void TestRouter::unknownPath_is404()
{
    Router router;
    router.add(Method::Get, QStringLiteral("stations/{code}"), none());
    for (const char *text : {"", "areas", "stations", "stations/ST/chargers", "areas/A"}) {
        const Reply r = refused(router, Method::Get, text);
        QCOMPARE(r.status, QHttpServerResponder::StatusCode::NotFound);
        QCOMPARE(r.body.toJson(QJsonDocument::Compact),
                 QByteArray(R"({"error":{"kind":"not_found","message":"No such resource."}})"));
    }
}

void TestRouter::knownPathOtherMethod_is405NamingTheMethods_data()
{
    QTest::addColumn<QList<Method>>("methods");
    QTest::addColumn<QString>("message");
    QTest::newRow("one") << QList<Method>{Method::Get} << "Use GET.";
    QTest::newRow("two") << QList<Method>{Method::Post, Method::Get} << "Use GET or POST.";
    QTest::newRow("three, in a fixed order")
        << QList<Method>{Method::Delete, Method::Get, Method::Patch} << "Use GET, PATCH or DELETE.";
}

void TestRouter::knownPathOtherMethod_is405NamingTheMethods()
{
    QFETCH(QList<Method>, methods);
    QFETCH(QString, message);
    Router router;
    for (Method m : methods)
        router.add(m, QStringLiteral("charging-profiles/{code}"), none());
    const Reply r = refused(router, Method::Put, "charging-profiles/NIGHT");
    QCOMPARE(r.status, QHttpServerResponder::StatusCode::MethodNotAllowed);
    const QJsonObject error = r.body.object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("method_not_allowed"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), message);
}

void TestRouter::literalBeatsParameter_whateverTheOrderOfAdding_data()
{
    QTest::addColumn<bool>("genericFirst");
    QTest::newRow("generic added first") << true;
    QTest::newRow("specific added first") << false;
}

void TestRouter::literalBeatsParameter_whateverTheOrderOfAdding()
{
    QFETCH(bool, genericFirst);
    const QStringList patterns{QStringLiteral("{collection}/{key}/{sub}"), QStringLiteral("sessions/{code}/{action}"),
                               QStringLiteral("{collection}/{key}/attributes")};
    Router router;
    for (qsizetype i = 0; i < patterns.size(); ++i)
        router.add(Method::Post, patterns.at(genericFirst ? i : patterns.size() - 1 - i), none());
    // Segments compare from the left: the literal first segment wins over a later one.
    QCOMPARE(found(router, Method::Post, "sessions/S-1/attributes").pattern,
             QStringLiteral("sessions/{code}/{action}"));
    QCOMPARE(found(router, Method::Post, "areas/A/attributes").pattern,
             QStringLiteral("{collection}/{key}/attributes"));
    const Router::Match generic = found(router, Method::Post, "areas/A/chargers");
    QCOMPARE(generic.pattern, QStringLiteral("{collection}/{key}/{sub}"));
    QCOMPARE(generic.params.value(QStringLiteral("collection")), QStringLiteral("areas"));
    QCOMPARE(generic.params.value(QStringLiteral("sub")), QStringLiteral("chargers"));
}

void TestRouter::rest_takesOneOrMoreSegments_afterEveryOtherPattern()
{
    Router router;
    router.addFallback(QStringLiteral("areas/{code}/load-balancing/*"), none());
    router.add(Method::Post, QStringLiteral("areas/{code}/load-balancing/{action}"), none());
    router.add(Method::Get, QStringLiteral("areas/{code}/load-balancing"), none());
    QCOMPARE(found(router, Method::Get, "areas/A/load-balancing").pattern,
             QStringLiteral("areas/{code}/load-balancing"));
    QCOMPARE(found(router, Method::Post, "areas/A/load-balancing/redistribute").pattern,
             QStringLiteral("areas/{code}/load-balancing/{action}"));
    for (const char *text : {"areas/A/load-balancing/redistribute", "areas/A/load-balancing/x/y/z"}) {
        const Router::Match m = found(router, Method::Get, text);
        QCOMPARE(m.pattern, QStringLiteral("areas/{code}/load-balancing/*"));
        QVERIFY(m.fallback);
        QCOMPARE(m.params.value(QStringLiteral("code")), QStringLiteral("A"));
    }
    // "*" is not zero segments: the bare path belongs to its own pattern's methods.
    QCOMPARE(refused(router, Method::Post, "areas/A/load-balancing").status,
             QHttpServerResponder::StatusCode::MethodNotAllowed);
}

void TestRouter::fallback_takesWhatTheMethodRoutesOfItsPatternDoNot()
{
    Router router;
    router.addFallback(QStringLiteral("stations/{code}/credentials"), none());
    router.add(Method::Get, QStringLiteral("stations/{code}/credentials"), none());
    router.add(Method::Put, QStringLiteral("stations/{code}/credentials"), none());
    QVERIFY(!found(router, Method::Get, "stations/ST/credentials").fallback);
    QVERIFY(!found(router, Method::Put, "stations/ST/credentials").fallback);
    QVERIFY(found(router, Method::Post, "stations/ST/credentials").fallback);
    QVERIFY(found(router, Method::Delete, "stations/ST/credentials").fallback);
}

void TestRouter::otherMethod_fallsThroughToALessSpecificPattern()
{
    // Making reservations is one controller's, reading them another's.
    Router router;
    router.add(Method::Post, QStringLiteral("reservations"), none());
    router.add(Method::Get, QStringLiteral("{collection}"), none());
    router.addFallback(QStringLiteral("{collection}"), none());
    QCOMPARE(found(router, Method::Post, "reservations").pattern, QStringLiteral("reservations"));
    QCOMPARE(found(router, Method::Get, "reservations").pattern, QStringLiteral("{collection}"));
    const Router::Match put = found(router, Method::Put, "reservations");
    QCOMPARE(put.pattern, QStringLiteral("{collection}"));
    QVERIFY(put.fallback);
}

void TestRouter::unknownMethod_reachesOnlyFallbacks()
{
    Router router;
    router.add(Method::Get, QStringLiteral("stations"), none());
    QCOMPARE(refused(router, Method::Unknown, "stations").status, QHttpServerResponder::StatusCode::MethodNotAllowed);
    router.addFallback(QStringLiteral("stations"), none());
    QVERIFY(found(router, Method::Unknown, "stations").fallback);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
