#include "core/catalog.h"
#include "core/repository.h"
#include "support/formdriver.h"
#include "support/repositoryfixture.h"
#include "support/screenshots.h"
#include "support/testdatabase.h"
#include "ui/shell/language.h"
#include "ui/widgets/entitydialog.h"
#include "ui/widgets/entityform.h"
#include "ui/widgets/valueformat.h"

#include "ui/widgets/zoneddatetimeedit.h"
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>

#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace ChargeDesk::Core;
using namespace ChargeDesk::Ui;

// The form driven as a user drives it, by object name, against a real migrated database.
class TestEntityForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void stationMovedToAnotherArea_warnsBesideTheField();
    void chargerDialog_editsCustomAttributes();

    void create_operator_isStoredWithTypedAndDefaultValues();
    void load_operator_codeIsReadOnlyAndNameIsUpdated();
    void save_invalidEmail_showsCoresMessageAndWritesNothing();
    void save_missingRequiredField_showsCoresMessageAndWritesNothing();
    void remove_referencedOperator_namesTheAreaAndKeepsTheRow();
    void remove_unreferencedOperator_deletesAndCloses();
    void referenceCombo_operatorUser_listsOnlyOwnRows();
    void writeOnlyField_leftEmpty_keepsStoredValue();
    void update_clearedNumber_storesNull();
    void timestamp_keptUnlessChangedAndClearedByItsCheckBox();
    void load_station_showsReportedFieldsReadOnly();
    void create_station_proposesIdentifierFromCodeAndDefaultsConnectivity();
    void referencePicker_new_addsTheRowAndChoosesIt();
    void rating_moneyEnergyAndDuration_enteredInTheUnitsPeopleUse_data();
    void rating_moneyEnergyAndDuration_enteredInTheUnitsPeopleUse();
    void rating_unreadableOrTooPreciseInput_saysWhyBesideTheFieldAndStoresNothing();
    void money_yenSite_hasNoDecimals();
    void duration_shownInTheLargestWholeUnit();

private:
    qint64 mustCreate(const QString &table, const Record &values);
    QString storedPassword(qint64 site) const;
    // Clicks `buttonName` in the next message box that opens (confirmations run modally).
    void answerNextMessageBox(const QString &buttonName);

    template <typename T> static T *field(const QWidget &root, const QString &name)
    {
        return root.findChild<T *>(QStringLiteral("field_") + name);
    }
    static QPushButton *button(const QWidget &root, const QString &name) { return root.findChild<QPushButton *>(name); }
    static void replaceText(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
    }

    QLocale m_locale; // the locale the test started in, back after tests that switch it
    FakeClock m_clock{QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC)};
    std::unique_ptr<ChargeDesk::Test::RepositoryFixture> m_fx;
    Database *m_db = nullptr;
    Repository *m_repo = nullptr;
    const Actor m_admin{1, QStringLiteral("admin@example.com"), true, 0};
};

void TestEntityForm::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qInfo("storage backend: %s", qPrintable(ChargeDesk::Test::backend()));
}

void TestEntityForm::init()
{
    m_fx = std::make_unique<ChargeDesk::Test::RepositoryFixture>(m_clock);
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error));
    m_db = m_fx->db.get();
    m_repo = m_fx->repo.get();
}

void TestEntityForm::cleanup()
{
    QLocale::setDefault(m_locale);
    setDisplayCurrency(QString());
    m_repo = nullptr;
    m_db = nullptr;
    m_fx.reset();
}

qint64 TestEntityForm::mustCreate(const QString &table, const Record &values)
{
    auto r = m_repo->create(Actor::system(), table, values);
    if (!r)
        qWarning("create %s failed: %s", qPrintable(table), qPrintable(r.error().message()));
    return r ? r.value() : 0;
}

QString TestEntityForm::storedPassword(qint64 site) const
{
    auto stored = m_db->exec("SELECT smtp_password FROM site_settings WHERE id = ?", {site});
    return stored.ok() && stored.value().next() ? stored.value().value(0).toString() : QStringLiteral("<none>");
}

void TestEntityForm::answerNextMessageBox(const QString &buttonName)
{
    auto *timer = new QTimer(this);
    timer->setInterval(10);
    connect(timer, &QTimer::timeout, timer, [timer, buttonName] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        timer->deleteLater();
        timer->stop();
        if (auto *answer = box->findChild<QPushButton *>(buttonName))
            answer->click();
        else
            box->reject();
    });
    timer->start();
}

void TestEntityForm::create_operator_isStoredWithTypedAndDefaultValues()
{
    EntityDialog dialog(*m_repo, m_admin, Tables::Operators);
    dialog.form().startCreate();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("New operator[*]"));
    QVERIFY(!button(dialog, "deleteButton")->isVisible());
    QVERIFY(!field<QLineEdit>(dialog, "code")->isReadOnly());

    QTest::keyClicks(field<QLineEdit>(dialog, "code"), "CITY");
    QTest::keyClicks(field<QLineEdit>(dialog, "name"), "City Power");
    QTest::keyClicks(field<QLineEdit>(dialog, "time_zone"), "Europe/Ljubljana");
    QTest::keyClicks(field<QLineEdit>(dialog, "email"), "ops@city.example");
    QTest::keyClicks(field<QLineEdit>(dialog, "share_basis_points"), "2500");
    QVERIFY(dialog.form().isModified());
    QSignalSpy saved(&dialog.form(), &EntityForm::saved);
    QTest::mouseClick(button(dialog, "saveButton"), Qt::LeftButton);

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    auto row = m_repo->getByCode(m_admin, Tables::Operators, "CITY");
    QVERIFY2(row.ok(), row.ok() ? "" : qPrintable(row.error().message()));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toLongLong(), row.value().value("id").toLongLong());
    QCOMPARE(row.value().value("name").toString(), QStringLiteral("City Power"));
    QCOMPARE(row.value().value("time_zone").toString(), QStringLiteral("Europe/Ljubljana"));
    QCOMPARE(row.value().value("email").toString(), QStringLiteral("ops@city.example"));
    QCOMPARE(row.value().value("share_basis_points").toLongLong(), 2500);
    QCOMPARE(row.value().value("status").toString(), QStringLiteral("active")); // catalog default, untouched
    QVERIFY(row.value().value("phone").isNull());                               // empty editors store NULL, not ""
}

void TestEntityForm::load_operator_codeIsReadOnlyAndNameIsUpdated()
{
    const qint64 op = mustCreate(Tables::Operators, {{"code", "CITY"}, {"name", "City Power"}});
    EntityDialog dialog(*m_repo, m_admin, Tables::Operators);
    QVERIFY(dialog.form().load(op));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Operator City Power[*]"));
    QVERIFY(field<QLineEdit>(dialog, "code")->isReadOnly());
    QCOMPARE(field<QLineEdit>(dialog, "code")->text(), QStringLiteral("CITY"));
    QVERIFY(button(dialog, "deleteButton")->isVisible());
    QVERIFY(!button(dialog, "saveButton")->isEnabled()); // nothing to save yet

    QSignalSpy modified(&dialog.form(), &EntityForm::modifiedChanged);
    replaceText(field<QLineEdit>(dialog, "name"), "Riverside Power");
    QCOMPARE(modified.count(), 1);
    QVERIFY(button(dialog, "saveButton")->isEnabled());
    QTest::mouseClick(button(dialog, "saveButton"), Qt::LeftButton);

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Record row = m_repo->get(m_admin, Tables::Operators, op).value();
    QCOMPARE(row.value("name").toString(), QStringLiteral("Riverside Power"));
    QCOMPARE(row.value("code").toString(), QStringLiteral("CITY"));
}

void TestEntityForm::save_invalidEmail_showsCoresMessageAndWritesNothing()
{
    const Record typed{{"email", "not-an-email"}, {"first_name", "Ana"}, {"last_name", "Novak"}, {"power_user", true}};
    const auto expected = m_repo->create(m_admin, Tables::Users, typed);
    QVERIFY(!expected.ok());
    const QString coreMessage = expected.error().fieldMessage("email").value_or(QString());
    QVERIFY(!coreMessage.isEmpty());

    EntityForm form(*m_repo, m_admin, Tables::Users);
    form.startCreate();
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    QTest::keyClicks(field<QLineEdit>(form, "email"), "not-an-email");
    QTest::keyClicks(field<QLineEdit>(form, "first_name"), "Ana");
    QTest::keyClicks(field<QLineEdit>(form, "last_name"), "Novak");
    QTest::keyClick(field<QCheckBox>(form, "power_user"), Qt::Key_Space);

    QVERIFY(!form.save());
    auto *error = form.findChild<QLabel *>("error_email");
    QVERIFY(error->isVisibleTo(&form));
    QCOMPARE(error->text(), coreMessage);
    QCOMPARE(form.focusWidget(), field<QLineEdit>(form, "email"));
    QVERIFY(!form.findChild<QLabel *>("formError")->isVisibleTo(&form));
    QCOMPARE(m_repo->count(m_admin, Tables::Users).value(), 0);

    // Correcting the value clears the message and saves.
    replaceText(field<QLineEdit>(form, "email"), "ana@example.com");
    QVERIFY(form.save());
    QVERIFY(!error->isVisibleTo(&form));
    QCOMPARE(m_repo->count(m_admin, Tables::Users).value(), 1);
}

void TestEntityForm::save_missingRequiredField_showsCoresMessageAndWritesNothing()
{
    const auto expected = m_repo->create(m_admin, Tables::Operators, {{"code", "CITY"}});
    QVERIFY(!expected.ok());

    EntityForm form(*m_repo, m_admin, Tables::Operators);
    form.startCreate();
    form.show();
    QTest::keyClicks(field<QLineEdit>(form, "code"), "CITY");
    QVERIFY(!form.save());
    QCOMPARE(form.findChild<QLabel *>("error_name")->text(), expected.error().fieldMessage("name").value());
    QVERIFY(form.findChild<QLabel *>("error_name")->isVisibleTo(&form));
    QVERIFY(!form.findChild<QLabel *>("error_code")->isVisibleTo(&form));
    QCOMPARE(m_repo->count(m_admin, Tables::Operators).value(), 0);
}

void TestEntityForm::remove_referencedOperator_namesTheAreaAndKeepsTheRow()
{
    const qint64 op = mustCreate(Tables::Operators, {{"code", "CITY"}, {"name", "City Power"}});
    mustCreate(Tables::Areas, {{"code", "CENTRAL"}, {"name", "Central"}, {"operator_id", op}});
    EntityDialog dialog(*m_repo, m_admin, Tables::Operators);
    QVERIFY(dialog.form().load(op));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy removed(&dialog.form(), &EntityForm::removed);

    answerNextMessageBox("confirmDeleteButton");
    QTest::mouseClick(button(dialog, "deleteButton"), Qt::LeftButton);

    auto *banner = dialog.findChild<QLabel *>("formError");
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains("Central"), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains("area"), qPrintable(banner->text()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(removed.count(), 0);
    QVERIFY(m_repo->get(m_admin, Tables::Operators, op).ok());
}

void TestEntityForm::remove_unreferencedOperator_deletesAndCloses()
{
    const qint64 op = mustCreate(Tables::Operators, {{"code", "CITY"}, {"name", "City Power"}});
    EntityDialog dialog(*m_repo, m_admin, Tables::Operators);
    QVERIFY(dialog.form().load(op));
    dialog.show();
    QSignalSpy removed(&dialog.form(), &EntityForm::removed);

    // Cancelling the confirmation changes nothing.
    answerNextMessageBox("none");
    QTest::mouseClick(button(dialog, "deleteButton"), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(m_repo->get(m_admin, Tables::Operators, op).ok());

    answerNextMessageBox("confirmDeleteButton");
    QTest::mouseClick(button(dialog, "deleteButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_repo->get(m_admin, Tables::Operators, op).error().kind(), Error::Kind::NotFound);
}

void TestEntityForm::referenceCombo_operatorUser_listsOnlyOwnRows()
{
    const qint64 alpha = mustCreate(Tables::Operators, {{"code", "ALPHA"}, {"name", "Alpha"}});
    const qint64 beta = mustCreate(Tables::Operators, {{"code", "BETA"}, {"name", "Beta"}});
    const qint64 north = mustCreate(Tables::Areas, {{"code", "NORTH"}, {"name", "North"}, {"operator_id", alpha}});
    mustCreate(Tables::Areas, {{"code", "SOUTH"}, {"name", "South"}, {"operator_id", beta}});
    const Actor alphaUser{7, QStringLiteral("ops@alpha.example"), false, alpha};

    EntityForm stationForm(*m_repo, alphaUser, Tables::Stations);
    stationForm.startCreate();
    auto *areas = field<QComboBox>(stationForm, "area_id");
    QCOMPARE(areas->count(), 1); // required: no empty entry, and only Alpha's area
    QCOMPARE(areas->itemData(0).toLongLong(), north);
    QCOMPARE(areas->itemText(0), QStringLiteral("North (NORTH)"));
    QCOMPARE(areas->currentIndex(), -1); // nothing chosen for the user

    EntityForm areaForm(*m_repo, alphaUser, Tables::Areas);
    areaForm.startCreate();
    auto *operators = field<QComboBox>(areaForm, "operator_id");
    QStringList shown;
    for (int i = 0; i < operators->count(); ++i)
        shown << operators->itemText(i);
    QCOMPARE(shown, QStringList({QString(), "Alpha (ALPHA)"}));
    QCOMPARE(operators->currentData().toLongLong(), alpha); // their own operator, preselected

    // And the operator user can create a station in their area through the form.
    areas->setCurrentIndex(0);
    QTest::keyClicks(field<QLineEdit>(stationForm, "code"), "ST-1");
    QTest::keyClicks(field<QLineEdit>(stationForm, "name"), "Lobby");
    QTest::keyClicks(field<QLineEdit>(stationForm, "connection_identifier"), "lobby-01");
    auto *protocol = field<QComboBox>(stationForm, "protocol");
    protocol->setCurrentIndex(protocol->findData("ocpp1.6"));
    auto *policy = field<QComboBox>(stationForm, "connection_policy");
    policy->setCurrentIndex(policy->findData("wss_basic"));
    const auto id = stationForm.save();
    QVERIFY2(id, qPrintable(stationForm.findChild<QLabel *>("formError")->text()));
    QCOMPARE(m_repo->get(alphaUser, Tables::Stations, *id).value().value("area_id").toLongLong(), north);
}

void TestEntityForm::writeOnlyField_leftEmpty_keepsStoredValue()
{
    const qint64 site = mustCreate(Tables::SiteSettings,
                                   {{"name", "Site"}, {"smtp_host", "mail.example.com"}, {"smtp_password", "s3cret"}});
    EntityForm form(*m_repo, m_admin, Tables::SiteSettings);
    QVERIFY(form.load(site));
    auto *password = field<QLineEdit>(form, "smtp_password");
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(password->text().isEmpty());
    QCOMPARE(password->placeholderText(), QStringLiteral("unchanged"));

    replaceText(field<QLineEdit>(form, "smtp_host"), "smtp.example.com");
    QVERIFY(form.save());
    QCOMPARE(m_repo->get(m_admin, Tables::SiteSettings, site).value().value("smtp_host").toString(),
             QStringLiteral("smtp.example.com"));
    QCOMPARE(storedPassword(site), QStringLiteral("s3cret"));

    QTest::keyClicks(password, "n3w-secret");
    QVERIFY(form.isModified());
    QVERIFY(form.save());
    QCOMPARE(storedPassword(site), QStringLiteral("n3w-secret"));
    QVERIFY(password->text().isEmpty()); // never shown back
}

void TestEntityForm::update_clearedNumber_storesNull()
{
    const qint64 op =
        mustCreate(Tables::Operators, {{"code", "CITY"}, {"name", "City Power"}, {"share_basis_points", 2500}});
    EntityForm form(*m_repo, m_admin, Tables::Operators);
    QVERIFY(form.load(op));
    auto *share = field<QLineEdit>(form, "share_basis_points");
    QCOMPARE(share->text(), QStringLiteral("2500"));
    share->selectAll();
    QTest::keyClick(share, Qt::Key_Delete);
    QVERIFY(form.save());
    QVERIFY(m_repo->get(m_admin, Tables::Operators, op).value().value("share_basis_points").isNull());
}

void TestEntityForm::timestamp_keptUnlessChangedAndClearedByItsCheckBox()
{
    const qint64 type = mustCreate(Tables::IdDeviceTypes, {{"code", "CARD"}, {"name", "RFID card"}});
    const qint64 expires = QDateTime(QDate(2027, 3, 31), QTime(22, 0, 15, 120), Qt::UTC).toMSecsSinceEpoch();
    const qint64 card = mustCreate(
        Tables::IdDevices,
        {{"code", "C1"}, {"name", "Card 1"}, {"type_id", type}, {"identifier", "04A1B2C3"}, {"expires_at", expires}});
    EntityForm form(*m_repo, m_admin, Tables::IdDevices);
    QVERIFY(form.load(card));
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(field<ZonedDateTimeEdit>(form, "expires_at")->utcMs(), Qt::UTC),
             QDateTime::fromMSecsSinceEpoch(expires, Qt::UTC));

    // Milliseconds the editor does not show survive an unrelated change.
    replaceText(field<QLineEdit>(form, "name"), "Card one");
    QVERIFY(form.save());
    QCOMPARE(m_repo->get(m_admin, Tables::IdDevices, card).value().value("expires_at").toLongLong(), expires);

    QTest::keyClick(form.findChild<QCheckBox *>("field_expires_at_set"), Qt::Key_Space);
    QVERIFY(form.isModified());
    QVERIFY(form.save());
    QVERIFY(m_repo->get(m_admin, Tables::IdDevices, card).value().value("expires_at").isNull());
}

void TestEntityForm::stationMovedToAnotherArea_warnsBesideTheField()
{
    const qint64 garage = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Hotel garage"}});
    mustCreate(Tables::Areas, {{"code", "YARD"}, {"name", "Depot yard"}});
    const qint64 station = mustCreate(Tables::Stations, {{"code", "G1"},
                                                         {"name", "Garage 1"},
                                                         {"area_id", garage},
                                                         {"protocol", "ocpp1.6"},
                                                         {"connection_identifier", "g1"},
                                                         {"connection_policy", "ws"}});
    EntityDialog dialog(*m_repo, m_admin, Tables::Stations);
    dialog.form().setSections({{tr("General"), {"code", "name", "area_id"}}});
    QVERIFY(dialog.form().load(station));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *warning = dialog.findChild<QLabel *>("warning_area_id");
    QVERIFY(warning && !warning->isVisible());
    // Load balancing and roaming go with the area: said before the user saves, not after.
    ChargeDesk::Test::fill(&dialog, "area_id", "Depot yard");
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains("load balancing"));
    ChargeDesk::Test::fill(&dialog, "area_id", "Hotel garage");
    QVERIFY(!warning->isVisible());

    // A new station has nowhere to move from.
    EntityDialog create(*m_repo, m_admin, Tables::Stations);
    create.form().setSections({{tr("General"), {"code", "name", "area_id"}}});
    create.form().startCreate();
    create.show();
    ChargeDesk::Test::fill(&create, "area_id", "Depot yard");
    QVERIFY(!create.findChild<QLabel *>("warning_area_id")->isVisible());
}

void TestEntityForm::chargerDialog_editsCustomAttributes()
{
    const qint64 area = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Hotel garage"}});
    const qint64 station = mustCreate(Tables::Stations, {{"code", "G1"},
                                                         {"name", "Garage 1"},
                                                         {"area_id", area},
                                                         {"protocol", "ocpp1.6"},
                                                         {"connection_identifier", "g1"},
                                                         {"connection_policy", "ws"}});
    const qint64 charger =
        mustCreate(Tables::Chargers,
                   {{"code", "G1-1"}, {"name", "Left"}, {"station_id", station}, {"current_type", "ac_three_phase"}});
    const auto open = [&](EntityDialog &dialog) {
        QVERIFY(dialog.form().load(charger));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    };
    {
        EntityDialog dialog(*m_repo, m_admin, Tables::Chargers);
        open(dialog);
        // The area wizard's editor, under the fields of any entity that has attributes.
        QTest::mouseClick(dialog.findChild<QPushButton *>("addAttribute"), Qt::LeftButton);
        dialog.findChild<QLineEdit *>("attributeKey_0")->setText("cable_length");
        dialog.findChild<QLineEdit *>("attributeValue_0")->setText("5 m");
        QTest::mouseClick(dialog.findChild<QPushButton *>("addAttribute"), Qt::LeftButton);
        dialog.findChild<QLineEdit *>("attributeKey_1")->setText("cable_length");
        QVERIFY(!dialog.form().save()); // a key twice is refused beside the row, nothing stored
        QVERIFY(m_repo->attributes(m_admin, Tables::Chargers, charger).value().isEmpty());
        QTest::mouseClick(dialog.findChild<QPushButton *>("removeAttribute_1"), Qt::LeftButton);
        QVERIFY(dialog.form().isModified());
        QVERIFY(dialog.form().save());
    }
    QCOMPARE(m_repo->attributes(m_admin, Tables::Chargers, charger).value(),
             (QList<Attribute>{{"cable_length", "5 m"}}));
    EntityDialog again(*m_repo, m_admin, Tables::Chargers);
    open(again);
    QCOMPARE(again.findChild<QLineEdit *>("attributeValue_0")->text(), QStringLiteral("5 m"));
    QVERIFY(!again.form().isModified());
}

void TestEntityForm::load_station_showsReportedFieldsReadOnly()
{
    const qint64 op = mustCreate(Tables::Operators, {{"code", "CITY"}, {"name", "City Power"}});
    const qint64 area = mustCreate(Tables::Areas, {{"code", "GARAGE"}, {"name", "Hotel garage"}, {"operator_id", op}});
    const qint64 heartbeat = QDateTime(QDate(2026, 1, 1), QTime(7, 58), Qt::UTC).toMSecsSinceEpoch();
    const qint64 station = mustCreate(Tables::Stations, {{"code", "GARAGE-01"},
                                                         {"name", "Garage entrance"},
                                                         {"area_id", area},
                                                         {"protocol", "ocpp1.6"},
                                                         {"connection_identifier", "garage-01"},
                                                         {"connection_policy", "wss_basic"},
                                                         {"auth_username", "garage-01"},
                                                         {"vendor", "Alfen"},
                                                         {"model", "Eve Double Pro-line"},
                                                         {"serial_number", "ACE0123456"},
                                                         {"firmware_version", "6.4.0-4151"},
                                                         {"connected", true},
                                                         {"last_heartbeat_at", heartbeat}});

    EntityDialog dialog(*m_repo, m_admin, Tables::Stations);
    dialog.form().setSections(
        {{tr("General"), {"code", "name", "area_id", "visible"}},
         {tr("Connection"), {"protocol", "connection_identifier", "connection_policy", "auth_username", "mac"}},
         {tr("After boot"), {"boot_trigger_boot", "boot_trigger_status", "boot_trigger_heartbeat"}},
         {tr("Reported by the station"),
          {"vendor", "model", "serial_number", "firmware_version", "connected", "last_heartbeat_at"}}});
    QVERIFY(dialog.form().load(station));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QVERIFY(field<QLineEdit>(dialog, "vendor")->isReadOnly());
    QCOMPARE(field<QLineEdit>(dialog, "vendor")->text(), QStringLiteral("Alfen"));
    QVERIFY(!field<QCheckBox>(dialog, "connected")->isEnabled());
    QCOMPARE(field<ZonedDateTimeEdit>(dialog, "last_heartbeat_at")->utcMs(), heartbeat);
    QVERIFY(!field<QLineEdit>(dialog, "name")->isReadOnly());
    QVERIFY(!field<QLineEdit>(dialog, "city")); // not listed in any section, so not shown
    QCOMPARE(field<QComboBox>(dialog, "area_id")->currentData().toLongLong(), area);

    replaceText(field<QLineEdit>(dialog, "name"), "Garage entrance, level -1");
    ChargeDesk::Test::screenshot(&dialog, "entityform");
    QTest::mouseClick(button(dialog, "saveButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Record row = m_repo->get(m_admin, Tables::Stations, station).value();
    QCOMPARE(row.value("name").toString(), QStringLiteral("Garage entrance, level -1"));
    QCOMPARE(row.value("vendor").toString(), QStringLiteral("Alfen")); // reported values untouched
    QCOMPARE(row.value("last_heartbeat_at").toLongLong(), heartbeat);
}

void TestEntityForm::create_station_proposesIdentifierFromCodeAndDefaultsConnectivity()
{
    const qint64 area = mustCreate(Tables::Areas, {{"code", "YARD"}, {"name", "Yard"}});
    EntityForm form(*m_repo, m_admin, Tables::Stations);
    form.startCreate();
    QCOMPARE(field<QComboBox>(form, "protocol")->currentData().toString(), QStringLiteral("ocpp1.6"));
    QCOMPARE(field<QComboBox>(form, "connection_policy")->currentData().toString(), QStringLiteral("wss"));

    // The identifier follows the code while the user leaves it alone...
    auto *code = field<QLineEdit>(form, "code");
    auto *identifier = field<QLineEdit>(form, "connection_identifier");
    QTest::keyClicks(code, "YARD-01");
    QCOMPARE(identifier->text(), QStringLiteral("YARD-01"));
    QTest::keyClick(code, Qt::Key_Backspace);
    QTest::keyClicks(code, "2");
    QCOMPARE(identifier->text(), QStringLiteral("YARD-02"));
    // ...and stays what the user typed once they did.
    replaceText(identifier, "yard-charger-2");
    QTest::keyClicks(code, "B");
    QCOMPARE(identifier->text(), QStringLiteral("yard-charger-2"));

    QTest::keyClicks(field<QLineEdit>(form, "name"), "Yard, second charger");
    auto *areas = field<QComboBox>(form, "area_id");
    areas->setCurrentIndex(areas->findData(area));
    const auto id = form.save();
    QVERIFY(id);
    const Record stored = m_repo->get(m_admin, Tables::Stations, *id).value();
    QCOMPARE(stored.value("connection_identifier").toString(), QStringLiteral("yard-charger-2"));
    QCOMPARE(stored.value("protocol").toString(), QStringLiteral("ocpp1.6"));
    QCOMPARE(stored.value("connection_policy").toString(), QStringLiteral("wss"));

    // An existing station's identifier is not touched by editing its code (codes are immutable anyway).
    EntityForm edit(*m_repo, m_admin, Tables::Stations);
    QVERIFY(edit.load(*id));
    QCOMPARE(field<QLineEdit>(edit, "connection_identifier")->text(), QStringLiteral("yard-charger-2"));
}

void TestEntityForm::referencePicker_new_addsTheRowAndChoosesIt()
{
    // A first station on a fresh database: its area does not exist yet.
    EntityForm form(*m_repo, m_admin, Tables::Stations);
    form.startCreate();
    auto *areas = field<QComboBox>(form, "area_id");
    QCOMPARE(areas->count(), 0);
    auto *create = form.findChild<QToolButton *>(QStringLiteral("new_area_id"));
    QVERIFY(create && create->isVisibleTo(&form));

    auto done = std::make_shared<bool>(false);
    ChargeDesk::Test::onModal(
        this, {},
        [](QWidget *dialog) {
            ChargeDesk::Test::fill(dialog, QStringLiteral("code"), QStringLiteral("DEPOT"));
            ChargeDesk::Test::fill(dialog, QStringLiteral("name"), QStringLiteral("Bus depot"));
            ChargeDesk::Test::clickSave(dialog);
        },
        done);
    QTest::mouseClick(create, Qt::LeftButton);
    QTRY_VERIFY(*done);
    const qint64 depot =
        m_repo->getByCode(m_admin, Tables::Areas, QStringLiteral("DEPOT")).value().value("id").toLongLong();
    QCOMPARE(areas->currentData().toLongLong(), depot);
    QVERIFY(form.isModified());

    // An operator user may not add operators: no button beside the area's operator.
    const qint64 alpha = mustCreate(Tables::Operators, {{"code", "ALPHA"}, {"name", "Alpha"}});
    const Actor alphaUser{7, QStringLiteral("ops@alpha.example"), false, alpha};
    EntityForm areaForm(*m_repo, alphaUser, Tables::Areas);
    areaForm.startCreate();
    QVERIFY(!areaForm.findChild<QToolButton *>(QStringLiteral("new_operator_id")));
}

void TestEntityForm::rating_moneyEnergyAndDuration_enteredInTheUnitsPeopleUse_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("energy");
    QTest::addColumn<bool>("symbolFirst");
    QTest::addColumn<QString>("minutes");
    QTest::newRow("English") << QLocale(QLocale::English, QLocale::UnitedKingdom) << "0.35"
                             << "1.5" << true << "minutes";
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany) << "0,35"
                            << "1,5" << false << "Minuten";
}

void TestEntityForm::rating_moneyEnergyAndDuration_enteredInTheUnitsPeopleUse()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, price);
    QFETCH(QString, energy);
    QFETCH(bool, symbolFirst);
    QFETCH(QString, minutes);
    const Translations language(locale); // and the locale's numbers, as the console starts
    setDisplayCurrency(QStringLiteral("EUR"));
    using ChargeDesk::Test::fill;

    EntityDialog dialog(*m_repo, m_admin, Tables::RatingSettings);
    dialog.form().startCreate();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The euro sign where the language writes it: "€0.35", "0,35 €".
    auto *euro = dialog.findChild<QLabel *>("field_energy_price_minor_unit");
    QVERIFY(euro);
    QCOMPARE(euro->text(), QStringLiteral("€"));
    QCOMPARE(euro->x() < field<QLineEdit>(dialog, "energy_price_minor")->x(), symbolFirst);
    QCOMPARE(dialog.findChild<QLabel *>("field_energy_step_wh_unit")->text(), QStringLiteral("kWh"));

    fill(&dialog, "name", "Standard");
    fill(&dialog, "energy_price_minor", price);
    fill(&dialog, "energy_step_wh", energy);
    // The number first, then its unit, as people write "15 minutes".
    fill(&dialog, "park_time_threshold_s", "15");
    fill(&dialog, "park_time_threshold_s_unit", minutes);
    ChargeDesk::Test::clickSave(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const qint64 id = dialog.form().recordId().value_or(0);
    const Record row = m_repo->get(m_admin, Tables::RatingSettings, id).value();
    QCOMPARE(row.value("energy_price_minor").toLongLong(), 35);
    QCOMPARE(row.value("energy_step_wh").toLongLong(), 1500);
    QCOMPARE(row.value("park_time_threshold_s").toLongLong(), 900);

    EntityDialog again(*m_repo, m_admin, Tables::RatingSettings);
    QVERIFY(again.form().load(id));
    QCOMPARE(field<QLineEdit>(again, "energy_price_minor")->text(), price);
    QCOMPARE(field<QLineEdit>(again, "energy_step_wh")->text(), energy);
    QCOMPARE(field<QLineEdit>(again, "park_time_threshold_s")->text(), QStringLiteral("15"));
    QCOMPARE(field<QComboBox>(again, "park_time_threshold_s_unit")->currentText(), minutes);
    QVERIFY(!again.form().isModified()); // shown as stored, nothing to save
    again.show();
    ChargeDesk::Test::screenshot(&again, QStringLiteral("entityform-units-") + QLatin1String(QTest::currentDataTag()));
}

void TestEntityForm::rating_unreadableOrTooPreciseInput_saysWhyBesideTheFieldAndStoresNothing()
{
    const Translations english(QLocale(QLocale::English, QLocale::UnitedKingdom)); // plural forms
    setDisplayCurrency(QStringLiteral("EUR"));
    using ChargeDesk::Test::fill;
    EntityForm form(*m_repo, m_admin, Tables::RatingSettings);
    form.startCreate();
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    const auto message = [&form](const char *name) {
        auto *error = form.findChild<QLabel *>(QStringLiteral("error_") + QLatin1String(name));
        return error && error->isVisibleTo(&form) ? error->text() : QString();
    };
    fill(&form, "name", "Standard");

    // Letters never get in, as in any number field.
    fill(&form, "energy_price_minor", "abc");
    QCOMPARE(field<QLineEdit>(form, "energy_price_minor")->text(), QString());

    fill(&form, "energy_price_minor", "0.355");     // half a cent cannot be stored
    fill(&form, "charge_time_price_minor", "2,50"); // a German habit in an English window
    fill(&form, "energy_step_wh", "1.2345");        // a tenth of a Wh
    fill(&form, "park_time_threshold_s", "1.5");    // seconds until the unit is changed
    QVERIFY(!form.save());
    QCOMPARE(message("energy_price_minor"), QStringLiteral("Enter at most 2 decimal places."));
    QCOMPARE(message("charge_time_price_minor"), QStringLiteral("Enter a number such as 12.50."));
    QCOMPARE(message("energy_step_wh"), QStringLiteral("Enter at most 3 decimal places."));
    QCOMPARE(message("park_time_threshold_s"), QStringLiteral("That is not a whole number of seconds."));
    QCOMPARE(m_repo->count(m_admin, Tables::RatingSettings).value(), 0);

    // Trailing zeros lose nothing; the unit changes what the number means, not the number.
    fill(&form, "energy_price_minor", "0.350");
    fill(&form, "charge_time_price_minor", "2.50");
    fill(&form, "energy_step_wh", "1.234");
    fill(&form, "park_time_threshold_s_unit", "hours");
    QCOMPARE(field<QLineEdit>(form, "park_time_threshold_s")->text(), QStringLiteral("1.5"));
    const std::optional<qint64> id = form.save();
    QVERIFY(id);
    QCOMPARE(message("energy_price_minor"), QString());
    const Record row = m_repo->get(m_admin, Tables::RatingSettings, *id).value();
    QCOMPARE(row.value("energy_price_minor").toLongLong(), 35);
    QCOMPARE(row.value("charge_time_price_minor").toLongLong(), 250);
    QCOMPARE(row.value("energy_step_wh").toLongLong(), 1234);
    QCOMPARE(row.value("park_time_threshold_s").toLongLong(), 5400);
}

void TestEntityForm::money_yenSite_hasNoDecimals()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    setDisplayCurrency(QStringLiteral("JPY"));
    const qint64 id = mustCreate(Tables::RatingSettings, {{"name", "Tokyo"}, {"energy_price_minor", 35}});
    EntityForm form(*m_repo, m_admin, Tables::RatingSettings);
    QVERIFY(form.load(id));
    auto *price = field<QLineEdit>(form, "energy_price_minor");
    QCOMPARE(price->text(), QStringLiteral("35")); // 35 yen, not 0.35
    QCOMPARE(form.findChild<QLabel *>("field_energy_price_minor_unit")->text(), currencySymbol("JPY"));

    replaceText(price, "35.5");
    QVERIFY(!form.save());
    QCOMPARE(form.findChild<QLabel *>("error_energy_price_minor")->text(),
             QStringLiteral("Enter a whole number, without decimals."));
    replaceText(price, "40");
    QVERIFY(form.save());
    QCOMPARE(m_repo->get(m_admin, Tables::RatingSettings, id).value().value("energy_price_minor").toLongLong(), 40);
}

void TestEntityForm::duration_shownInTheLargestWholeUnit()
{
    const qint64 id = mustCreate(Tables::RatingSettings, {{"name", "Standard"},
                                                          {"park_time_threshold_s", 5400},
                                                          {"charge_time_limit_s", 7200},
                                                          {"park_time_step_s", 59},
                                                          {"reactivation_grace_s", 0}});
    EntityForm form(*m_repo, m_admin, Tables::RatingSettings);
    QVERIFY(form.load(id));
    const auto shown = [&form](const QString &name) {
        return field<QLineEdit>(form, name)->text() + QLatin1Char(' ') +
               field<QComboBox>(form, name + QStringLiteral("_unit"))->currentText();
    };
    QCOMPARE(shown("park_time_threshold_s"), QStringLiteral("90 minutes")); // not 1.5 hours
    QCOMPARE(shown("charge_time_limit_s"), QStringLiteral("2 hours"));
    QCOMPARE(shown("park_time_step_s"), QStringLiteral("59 seconds"));
    QCOMPARE(shown("reactivation_grace_s"), QStringLiteral("0 seconds"));
    QCOMPARE(field<QLineEdit>(form, "charge_time_step_s")->text(), QString()); // not set
    QVERIFY(!form.isModified());
}

QTEST_MAIN(TestEntityForm)
#include "tst_entityform.moc"
