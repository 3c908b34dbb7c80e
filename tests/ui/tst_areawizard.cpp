#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/screenshots.h"
#include "support/testdata.h"
#include "ui/areas/areawizard.h"
#include "ui/map/locationpicker.h"
#include "ui/map/mapcanvas.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/zoneddatetimeedit.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>

using namespace ChargeDesk;
using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;
using Test::fill;

// A geocoding service on localhost that answers every request with one canned HTTP response
// and remembers what it was asked.
class FakeGeocoder : public QObject
{
public:
    FakeGeocoder(QByteArray status, QByteArray body)
        : m_status(std::move(status))
        , m_body(std::move(body))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                m_buffer += socket->readAll();
                if (!m_buffer.contains("\r\n\r\n"))
                    return;
                requests << m_buffer;
                m_buffer.clear();
                socket->write("HTTP/1.1 " + m_status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                              QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n" + m_body);
                socket->disconnectFromHost();
            });
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/search").arg(m_server.serverPort()); }

    QList<QByteArray> requests;

private:
    QTcpServer m_server;
    QByteArray m_status;
    QByteArray m_body;
    QByteArray m_buffer;
};

class TestAreaWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void create_everyPageFilled_storesAreaPeriodsAndAttributes();
    void next_missingName_isRefusedBesideTheField();
    void next_balancingWithoutLimitOrAsset_isRefusedBesideTheLimit();
    void next_minimumAboveMaximum_isRefusedBesideTheMaximum();
    void next_interval59_isRefusedBesideTheInterval();
    void next_duplicateAttributeKey_isRefusedBesideTheRow();
    void update_keepsCode_operatorSwitchWarns_andCancelChangesNothing();
    void update_operatorSwitchConfirmed_savesPeriodsAndAttributes();
    void delete_areaWithStation_isRefusedNamingIt();
    void findAddress_fillsCoordinatesFromTheService();
    void findAddress_serverError_showsMessageAndChangesNothing();
    void pickOnMap_fillsCoordinatesFromTheClick();
    void screenshots();

private:
    static void next(AreaWizard &wizard);
    static QString message(AreaWizard &wizard, const QString &name);
    static QDateTime at(int year, int month, int day, int hour);

    SystemClock m_clock;
    std::unique_ptr<Test::RepositoryFixture> m_fx;
    Repository *m_repo = nullptr;
    const Actor m_system = Actor::system();
    qint64 m_city = 0;
    qint64 m_hotel = 0;
};

void TestAreaWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestAreaWizard::init()
{
    m_fx = std::make_unique<Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_repo = m_fx->repo.get();
    QSettings().clear();
    m_city = m_repo->create(m_system, Tables::Operators, {{"code", "CITY"}, {"name", "City Parking"}}).value();
    m_hotel = m_repo->create(m_system, Tables::Operators, {{"code", "HOTEL"}, {"name", "Hotel Lipa"}}).value();
}

void TestAreaWizard::cleanup()
{
    m_repo = nullptr;
    m_fx.reset();
}

void TestAreaWizard::next(AreaWizard &wizard)
{
    wizard.button(QWizard::NextButton)->click();
}

QString TestAreaWizard::message(AreaWizard &wizard, const QString &name)
{
    auto *label = wizard.currentPage()->findChild<QLabel *>(name);
    return label && label->isVisibleTo(wizard.currentPage()) ? label->text() : QString();
}

QDateTime TestAreaWizard::at(int year, int month, int day, int hour)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt::LocalTime);
}

void TestAreaWizard::create_everyPageFilled_storesAreaPeriodsAndAttributes()
{
    const qint64 mall = Test::createArea(*m_repo, "MALL");
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));

    // Info, with two custom attributes.
    QCOMPARE(wizard.currentId(), int(AreaWizard::InfoPage));
    fill(&wizard, "name", "Hall A");
    fill(&wizard, "code", "HALL-A");
    fill(&wizard, "operator_id", "City Parking");
    fill(&wizard, "support_name", "Marta Novak");
    fill(&wizard, "support_phone", "+386 1 234 5678");
    fill(&wizard, "support_email", "marta@example.com");
    for (const auto &[key, value] : {std::pair{"parking_level", "-2"}, std::pair{"access", "Gate B"}}) {
        wizard.findChild<QPushButton *>("addAttribute")->click();
        const int row = int(wizard.findChildren<QLineEdit *>(QRegularExpression("^attributeKey_\\d+$")).size()) - 1;
        QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("attributeKey_%1").arg(row)), key);
        QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("attributeValue_%1").arg(row)), value);
    }
    next(wizard);

    QCOMPARE(wizard.currentId(), int(AreaWizard::LocationPage));
    QVERIFY(wizard.findChild<QPushButton *>("pickOnMap")->isVisible());
    fill(&wizard, "address", "Dunajska cesta 1");
    fill(&wizard, "zip", "1000");
    fill(&wizard, "city", "Ljubljana");
    fill(&wizard, "state", "Osrednjeslovenska");
    fill(&wizard, "country", "Slovenia");
    fill(&wizard, "latitude", "46.0569");
    fill(&wizard, "longitude", "14.5058");
    next(wizard);

    QCOMPARE(wizard.currentId(), int(AreaWizard::RoamingPage));
    fill(&wizard, "roaming_id", "SI-HALLA");
    fill(&wizard, "parent_id", "MALL");
    next(wizard);

    QCOMPARE(wizard.currentId(), int(AreaWizard::BalancingPage));
    QVERIFY(!wizard.findChild<QWidget *>("field_dlb_limit")->isVisibleTo(&wizard)); // off: nothing to fill
    fill(&wizard, "dlb_enabled", true);
    QVERIFY(wizard.findChild<QWidget *>("field_dlb_limit")->isVisibleTo(&wizard));
    fill(&wizard, "dlb_limit_type", "power");
    QCOMPARE(wizard.findChild<QLabel *>("suffix_dlb_limit")->text(), "W");
    fill(&wizard, "dlb_limit", "60000");
    fill(&wizard, "dlb_by_asset", true);
    fill(&wizard, "dlb_distribution", "equal");
    fill(&wizard, "dlb_fallout", "round_allocation");
    fill(&wizard, "dlb_priority_levels", true);
    QCOMPARE(wizard.findChild<QComboBox *>("field_dlb_redistribution_interval_s_unit")->currentText(),
             "minutes"); // the default, 60 s, reads as 1 minute
    fill(&wizard, "dlb_redistribution_interval_s", "2");
    fill(&wizard, "dlb_min_supply", "4000");
    fill(&wizard, "dlb_max_supply", "22000");
    wizard.findChild<QPushButton *>("addPeriod")->click();
    wizard.findChild<QComboBox *>("periodRecurrence_0")
        ->setCurrentIndex(wizard.findChild<QComboBox *>("periodRecurrence_0")->findData("weekly"));
    QVERIFY(wizard.findChild<QWidget *>("periodDay_0_0")->isVisibleTo(&wizard));
    wizard.findChild<ZonedDateTimeEdit *>("periodStart_0")->setUtcMs(at(2030, 3, 4, 8).toMSecsSinceEpoch());
    wizard.findChild<ZonedDateTimeEdit *>("periodEnd_0")->setUtcMs(at(2030, 3, 4, 18).toMSecsSinceEpoch());
    wizard.findChild<QToolButton *>("periodDay_0_0")->click(); // Monday
    wizard.findChild<QToolButton *>("periodDay_0_2")->click(); // Wednesday
    wizard.findChild<QSpinBox *>("periodLimit_0")->setValue(11000);
    QCOMPARE(wizard.findChild<QSpinBox *>("periodLimit_0")->suffix(), " W");
    next(wizard);

    QCOMPARE(wizard.currentId(), int(AreaWizard::SummaryPage));
    const QString summary = wizard.findChild<QLabel *>("summary")->text();
    for (const char *shown :
         {"Hall A", "HALL-A", "City Parking", "MALL", "SI-HALLA", "Marta Novak",
          "Dunajska cesta 1, 1000 Ljubljana, Osrednjeslovenska, Slovenia", "Equal, round allocation", "2 min",
          "4 kW – 22 kW", "60 kW, or the asset", "parking_level", "Gate B"})
        QVERIFY2(summary.contains(QString::fromUtf8(shown)), shown);
    QCOMPARE(wizard.button(QWizard::FinishButton)->text(), "&Create area");
    wizard.button(QWizard::FinishButton)->click();
    QVERIFY(!wizard.isVisible());
    QVERIFY(wizard.areaId());

    const Record area = m_repo->get(m_system, Tables::Areas, *wizard.areaId()).value();
    const Record expected{{"name", "Hall A"},
                          {"code", "HALL-A"},
                          {"operator_id", m_city},
                          {"parent_id", mall},
                          {"support_name", "Marta Novak"},
                          {"support_phone", "+386 1 234 5678"},
                          {"support_email", "marta@example.com"},
                          {"address", "Dunajska cesta 1"},
                          {"zip", "1000"},
                          {"city", "Ljubljana"},
                          {"state", "Osrednjeslovenska"},
                          {"country", "Slovenia"},
                          {"latitude", 46.0569},
                          {"longitude", 14.5058},
                          {"roaming_id", "SI-HALLA"},
                          {"dlb_enabled", true},
                          {"dlb_limit_type", "power"},
                          {"dlb_limit", 60000},
                          {"dlb_by_asset", true},
                          {"dlb_priority_levels", true},
                          {"dlb_distribution", "equal"},
                          {"dlb_fallout", "round_allocation"},
                          {"dlb_redistribution_interval_s", 120},
                          {"dlb_min_supply", 4000},
                          {"dlb_max_supply", 22000}};
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it)
        QVERIFY2(area.value(it.key()).toString() == it.value().toString(),
                 qPrintable(it.key() + ": " + area.value(it.key()).toString()));

    ListQuery ofArea;
    ofArea.filters << ListQuery::Filter{"area_id", ListQuery::Filter::Op::Equals, *wizard.areaId()};
    const QList<Record> periods = m_repo->list(m_system, Tables::AreaLimitPeriods, ofArea).value();
    QCOMPARE(periods.size(), 1);
    QCOMPARE(periods[0].value("recurrence").toString(), "weekly");
    QCOMPARE(periods[0].value("starts_at").toLongLong(), at(2030, 3, 4, 8).toMSecsSinceEpoch());
    QCOMPARE(periods[0].value("ends_at").toLongLong(), at(2030, 3, 4, 18).toMSecsSinceEpoch());
    QCOMPARE(periods[0].value("weekdays").toInt(), 0b0000101);
    QCOMPARE(periods[0].value("limit_value").toLongLong(), 11000);

    const QList<Attribute> attributes = m_repo->attributes(m_system, Tables::Areas, *wizard.areaId()).value();
    QCOMPARE(attributes, (QList<Attribute>{{"parking_level", "-2"}, {"access", "Gate B"}}));
}

void TestAreaWizard::next_missingName_isRefusedBesideTheField()
{
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "code", "NONAME");
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::InfoPage));
    QCOMPARE(message(wizard, "error_name"), "Name is required.");
    QVERIFY(message(wizard, "error_code").isEmpty());
}

void TestAreaWizard::next_balancingWithoutLimitOrAsset_isRefusedBesideTheLimit()
{
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Depot");
    fill(&wizard, "code", "DEPOT");
    next(wizard);
    next(wizard);
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::BalancingPage));
    fill(&wizard, "dlb_enabled", true);
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::BalancingPage));
    QCOMPARE(message(wizard, "error_dlb_limit"), "Load balancing needs an output limit or balancing by asset.");
    // Balancing by asset alone is enough.
    fill(&wizard, "dlb_by_asset", true);
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::SummaryPage));
}

void TestAreaWizard::next_minimumAboveMaximum_isRefusedBesideTheMaximum()
{
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Depot");
    fill(&wizard, "code", "DEPOT");
    next(wizard);
    next(wizard);
    next(wizard);
    fill(&wizard, "dlb_enabled", true);
    fill(&wizard, "dlb_limit_type", "current");
    QCOMPARE(wizard.findChild<QLabel *>("suffix_dlb_min_supply")->text(), "A");
    fill(&wizard, "dlb_limit", "63");
    fill(&wizard, "dlb_min_supply", "16");
    fill(&wizard, "dlb_max_supply", "10");
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::BalancingPage));
    QCOMPARE(message(wizard, "error_dlb_max_supply"), "The maximum supply must not be below the minimum supply.");
    QVERIFY(message(wizard, "error_dlb_limit").isEmpty());
}

void TestAreaWizard::next_interval59_isRefusedBesideTheInterval()
{
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Depot");
    fill(&wizard, "code", "DEPOT");
    next(wizard);
    next(wizard);
    next(wizard);
    fill(&wizard, "dlb_enabled", true);
    fill(&wizard, "dlb_limit", "50000");
    fill(&wizard, "dlb_redistribution_interval_s_unit", "seconds");
    fill(&wizard, "dlb_redistribution_interval_s", "59");
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::BalancingPage));
    QCOMPARE(message(wizard, "error_dlb_redistribution_interval_s"), "Must be at least 60.");
    fill(&wizard, "dlb_redistribution_interval_s", "60");
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::SummaryPage));
}

void TestAreaWizard::next_duplicateAttributeKey_isRefusedBesideTheRow()
{
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Depot");
    fill(&wizard, "code", "DEPOT");
    for (int i = 0; i < 2; ++i) {
        wizard.findChild<QPushButton *>("addAttribute")->click();
        QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("attributeKey_%1").arg(i)), "gate");
        QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("attributeValue_%1").arg(i)), "B");
    }
    next(wizard);
    QCOMPARE(wizard.currentId(), int(AreaWizard::InfoPage));
    QVERIFY(message(wizard, "attributeError_0").isEmpty());
    QCOMPARE(message(wizard, "attributeError_1"), "The key “gate” is used above already.");
}

void TestAreaWizard::update_keepsCode_operatorSwitchWarns_andCancelChangesNothing()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    QVERIFY(m_repo->update(m_system, Tables::Areas, area, {{"operator_id", m_city}, {"name", "Garage"}}).ok());
    const Record before = m_repo->get(m_system, Tables::Areas, area).value();

    AreaWizard wizard(*m_repo, m_system, area);
    wizard.show();
    auto *code = wizard.findChild<QLineEdit *>("field_code");
    QCOMPARE(code->text(), "GARAGE");
    QVERIFY(code->isReadOnly());
    fill(&wizard, "name", "Garage North");
    fill(&wizard, "operator_id", "Hotel Lipa");
    QString question;
    QString details;
    Test::onModal(this, "confirmOperatorSwitch", [&](QWidget *modal) {
        auto *box = static_cast<QMessageBox *>(modal);
        question = box->text();
        details = box->informativeText();
        box->button(QMessageBox::Cancel)->click();
    });
    Test::finishWizard(&wizard); // up to the summary, then Save: the question comes first
    QCOMPARE(question, "Move this area to another operator?");
    QVERIFY2(details.contains("sessions") && details.contains("roaming") && details.contains("create a new one"),
             qPrintable(details));
    QCOMPARE(wizard.currentId(), int(AreaWizard::SummaryPage));
    QCOMPARE(wizard.button(QWizard::FinishButton)->text(), "&Save changes");
    QVERIFY(wizard.isVisible()); // still there to go back or cancel
    QCOMPARE(m_repo->get(m_system, Tables::Areas, area).value(), before);
    wizard.reject();
    QCOMPARE(m_repo->get(m_system, Tables::Areas, area).value(), before);
}

void TestAreaWizard::update_operatorSwitchConfirmed_savesPeriodsAndAttributes()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    QVERIFY(m_repo
                ->update(m_system, Tables::Areas, area,
                         {{"operator_id", m_city}, {"dlb_enabled", true}, {"dlb_limit", 40000}})
                .ok());
    QVERIFY(m_repo
                ->create(m_system, Tables::AreaLimitPeriods,
                         {{"area_id", area},
                          {"recurrence", "daily"},
                          {"starts_at", at(2030, 1, 1, 7).toMSecsSinceEpoch()},
                          {"ends_at", at(2030, 1, 1, 9).toMSecsSinceEpoch()},
                          {"limit_value", 20000}})
                .ok());
    QVERIFY(m_repo->setAttributes(m_system, Tables::Areas, area, {{"gate", "A"}}).ok());

    AreaWizard wizard(*m_repo, m_system, area);
    wizard.show();
    QCOMPARE(wizard.findChild<QLineEdit *>("attributeKey_0")->text(), "gate");
    QCOMPARE(wizard.findChild<QSpinBox *>("periodLimit_0")->value(), 20000);
    wizard.findChild<QLineEdit *>("attributeValue_0")->setText("C");
    fill(&wizard, "operator_id", "Hotel Lipa");
    wizard.findChild<QSpinBox *>("periodLimit_0")->setValue(25000);
    Test::onModal(this, "confirmOperatorSwitch",
                  [](QWidget *modal) { modal->findChild<QPushButton *>("confirmOperatorSwitchButton")->click(); });
    Test::finishWizard(&wizard);
    QTRY_VERIFY(!wizard.isVisible());

    QCOMPARE(m_repo->get(m_system, Tables::Areas, area).value().value("operator_id").toLongLong(), m_hotel);
    QCOMPARE(m_repo->attributes(m_system, Tables::Areas, area).value(), (QList<Attribute>{{"gate", "C"}}));
    ListQuery ofArea;
    ofArea.filters << ListQuery::Filter{"area_id", ListQuery::Filter::Op::Equals, area};
    const QList<Record> periods = m_repo->list(m_system, Tables::AreaLimitPeriods, ofArea).value();
    QCOMPARE(periods.size(), 1);
    QCOMPARE(periods[0].value("limit_value").toLongLong(), 25000);
    QCOMPARE(periods[0].value("recurrence").toString(), "daily");
}

void TestAreaWizard::delete_areaWithStation_isRefusedNamingIt()
{
    const qint64 area = Test::createArea(*m_repo, "GARAGE");
    Test::createStation(*m_repo, area, "WB-1");
    const QString name = m_repo->get(m_system, Tables::Areas, area).value().value("name").toString();
    const QString stationName = m_repo->getByCode(m_system, Tables::Stations, "WB-1").value().value("name").toString();
    MainWindow window(*m_repo, m_system);
    window.show();
    QVERIFY(window.showSection("areas"));
    auto *list = window.sectionPage("areas")->findChild<ListPage *>();
    list->select(area);
    QCOMPARE(list->currentId(), area);

    QString refusal;
    QTimer boxes;
    connect(&boxes, &QTimer::timeout, this, [&refusal] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (box->objectName() == "confirmDelete") {
            box->findChild<QPushButton *>("confirmDeleteButton")->click();
            return;
        }
        refusal = box->text();
        box->accept();
    });
    boxes.start(20);
    list->findChild<QAction *>("deleteAction")->trigger();
    QTRY_VERIFY(!refusal.isEmpty());
    QCOMPARE(refusal, QStringLiteral("The area “%1” cannot be deleted because it is still used by 1 station (%2). "
                                     "Remove those references first.")
                          .arg(name, stationName));
    QVERIFY(m_repo->get(m_system, Tables::Areas, area).ok());
}

void TestAreaWizard::findAddress_fillsCoordinatesFromTheService()
{
    FakeGeocoder service("200 OK", R"([{"lat":"46.0569461","lon":"14.5057519","display_name":"Ljubljana, Slovenia"},
                                       {"lat":"45.5","lon":"13.6","display_name":"Elsewhere"}])");
    QSettings().setValue("map/geocodingUrl", service.url());
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Centre");
    fill(&wizard, "code", "CENTRE");
    next(wizard);
    wizard.findChild<QLineEdit *>("field_address")->setText("Prešernov trg 1"); // keyClicks types ASCII only
    fill(&wizard, "city", "Ljubljana");
    wizard.findChild<QPushButton *>("findAddress")->click();
    auto *latitude = wizard.findChild<QLineEdit *>("field_latitude");
    QTRY_COMPARE(latitude->text(), "46.056946");
    QCOMPARE(wizard.findChild<QLineEdit *>("field_longitude")->text(), "14.505752");
    auto *results = wizard.findChild<QListWidget *>("geocodeResults");
    QCOMPARE(results->count(), 2);
    results->setCurrentRow(1); // the user chooses the other place
    QCOMPARE(latitude->text(), "45.5");
    QCOMPARE(wizard.findChild<QLineEdit *>("field_longitude")->text(), "13.6");

    QCOMPARE(service.requests.size(), 1);
    const QByteArray request = service.requests.first();
    QVERIFY2(request.startsWith("GET /search?q=Pre%C5%A1ernov%20trg%201,%20Ljubljana&format=json&limit=5 "),
             request.constData());
    QVERIFY2(request.contains("User-Agent: ChargeDesk/"), request.constData());
}

void TestAreaWizard::pickOnMap_fillsCoordinatesFromTheClick()
{
    QSettings().setValue("map/tilesEnabled", false);
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Centre");
    fill(&wizard, "code", "CENTRE");
    next(wizard);
    fill(&wizard, "latitude", "46");
    fill(&wizard, "longitude", "14");
    auto done = std::make_shared<bool>(false);
    Test::onModal(
        &wizard, {},
        [](QWidget *window) {
            auto *picker = qobject_cast<LocationPickerDialog *>(window);
            QVERIFY(picker);
            // It starts at the coordinates already typed, and a click on the map moves them.
            QCOMPARE(*picker->location(), QPointF(46, 14));
            emit picker->canvas()->locationPicked(46.0569461, 14.5057519);
            picker->accept();
        },
        done);
    wizard.findChild<QPushButton *>("pickOnMap")->click();
    QVERIFY(*done);
    QCOMPARE(wizard.findChild<QLineEdit *>("field_latitude")->text(), "46.056946");
    QCOMPARE(wizard.findChild<QLineEdit *>("field_longitude")->text(), "14.505752");
}

void TestAreaWizard::findAddress_serverError_showsMessageAndChangesNothing()
{
    FakeGeocoder service("500 Internal Server Error", "oops");
    QSettings().setValue("map/geocodingUrl", service.url());
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    fill(&wizard, "name", "Centre");
    fill(&wizard, "code", "CENTRE");
    next(wizard);
    fill(&wizard, "city", "Ljubljana");
    fill(&wizard, "latitude", "46");
    wizard.findChild<QPushButton *>("findAddress")->click();
    auto *status = wizard.findChild<QLabel *>("geocodeStatus");
    QTRY_COMPARE(status->text(), "The address search answered with HTTP status 500.");
    QCOMPARE(wizard.findChild<QLineEdit *>("field_latitude")->text(), "46");
    QVERIFY(wizard.findChild<QLineEdit *>("field_longitude")->text().isEmpty());
    QVERIFY(!wizard.findChild<QListWidget *>("geocodeResults")->isVisible());
    QVERIFY(wizard.findChild<QPushButton *>("findAddress")->isEnabled());
}

// Pictures of every page and of the details pane for people to look at (screenshots.h).
void TestAreaWizard::screenshots()
{
    if (!Test::takingScreenshots())
        return;
    const qint64 mall = Test::createArea(*m_repo, "MALL");
    QVERIFY(m_repo->update(m_system, Tables::Areas, mall, {{"name", "Shopping centre"}}).ok());
    AreaWizard wizard(*m_repo, m_system);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    const auto shot = [&](const QString &name) {
        Test::screenshot(&wizard, "areawizard-" + name);
    };
    fill(&wizard, "name", "Hall A");
    fill(&wizard, "code", "HALL-A");
    fill(&wizard, "operator_id", "City Parking");
    fill(&wizard, "support_name", "Marta Novak");
    fill(&wizard, "support_phone", "+386 1 234 5678");
    wizard.findChild<QPushButton *>("addAttribute")->click();
    QTest::keyClicks(wizard.findChild<QLineEdit *>("attributeKey_0"), "parking_level");
    QTest::keyClicks(wizard.findChild<QLineEdit *>("attributeValue_0"), "-2");
    shot("1-info");
    next(wizard);
    fill(&wizard, "address", "Dunajska cesta 1");
    fill(&wizard, "zip", "1000");
    fill(&wizard, "city", "Ljubljana");
    fill(&wizard, "country", "Slovenia");
    fill(&wizard, "latitude", "46.0569");
    fill(&wizard, "longitude", "14.5058");
    shot("2-location");
    next(wizard);
    fill(&wizard, "parent_id", "Shopping centre");
    shot("3-roaming");
    next(wizard);
    shot("4-balancing-off");
    fill(&wizard, "dlb_enabled", true);
    fill(&wizard, "dlb_limit", "60000");
    fill(&wizard, "dlb_fallout", "round_allocation");
    fill(&wizard, "dlb_min_supply", "4000");
    fill(&wizard, "dlb_max_supply", "22000");
    wizard.findChild<QPushButton *>("addPeriod")->click();
    wizard.findChild<QComboBox *>("periodRecurrence_0")->setCurrentIndex(2);
    wizard.findChild<QToolButton *>("periodDay_0_0")->click();
    wizard.findChild<QSpinBox *>("periodLimit_0")->setValue(11000);
    shot("5-balancing-on");
    fill(&wizard, "dlb_redistribution_interval_s_unit", "seconds");
    fill(&wizard, "dlb_redistribution_interval_s", "59");
    next(wizard);
    shot("6-balancing-error");
    fill(&wizard, "dlb_redistribution_interval_s", "60");
    next(wizard);
    shot("7-summary");
    wizard.button(QWizard::FinishButton)->click();
    QVERIFY(wizard.areaId());
    Test::createStation(*m_repo, *wizard.areaId(), "WB-1");

    MainWindow window(*m_repo, m_system);
    window.resize(1400, 860);
    window.show();
    QVERIFY(window.showSection("areas"));
    auto *list = window.sectionPage("areas")->findChild<ListPage *>();
    list->select(*wizard.areaId());
    Test::screenshot(&window, "areawizard-8-details");
}

QTEST_MAIN(TestAreaWizard)
#include "tst_areawizard.moc"
