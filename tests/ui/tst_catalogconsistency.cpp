#include "core/catalog.h"
#include "core/clock.h"
#include "support/repositoryfixture.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/sections.h"
#include "ui/widgets/listpage.h"
#include "ui/widgets/recordtablemodel.h"
#include "ui/widgets/valueformat.h"

#include <QStandardPaths>
#include <QTest>
#include <QTranslator>

#include <algorithm>

using namespace ChargeDesk;
using namespace ChargeDesk::Ui;

// The catalog and what the windows make of it agree: every choice a field offers has a word
// in English and in German, and every field a section names is a field of its entity.
class TestCatalogConsistency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void choiceCodes_haveWords_translatedToGerman_data();
    void choiceCodes_haveWords_translatedToGerman();
    void sectionFields_areFieldsOfTheSectionsEntity_data();
    void sectionFields_areFieldsOfTheSectionsEntity();
    void listColumns_areFieldsOrComputedByTheSection();

private:
    // The field a name reaches: "area_id.operator_id" goes through the reference.
    const Core::FieldDef *resolve(const QString &table, const QString &name) const;

    const Core::Catalog m_catalog;
    QTranslator m_german;
};

namespace {

// Codes that choiceText leaves as they are: protocol versions as technicians know them, and
// unit symbols.
const QStringList AsTheyAre{QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1"), QStringLiteral("W"),
                            QStringLiteral("A")};

// A word of acronyms only ("DC", "CCS2", "SMS") reads the same in every language.
bool acronymsOnly(const QString &word)
{
    return word == word.toUpper();
}

// Columns every table has beside its catalog fields.
const QStringList SystemColumns{QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("updated_at")};

} // namespace

void TestCatalogConsistency::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Loaded, not installed: choiceText gives the English words, and this says whether German has them.
    QVERIFY(m_german.load(QStringLiteral("chargedesk_de"), QStringLiteral(":/i18n")));
}

const Core::FieldDef *TestCatalogConsistency::resolve(const QString &table, const QString &name) const
{
    const qsizetype dot = name.indexOf(QLatin1Char('.'));
    const Core::FieldDef *field = m_catalog.entity(table).field(dot < 0 ? name : name.left(dot));
    if (!field || dot < 0)
        return field;
    return field->type == Core::FieldType::Reference ? resolve(field->refTable, name.mid(dot + 1)) : nullptr;
}

void TestCatalogConsistency::choiceCodes_haveWords_translatedToGerman_data()
{
    QTest::addColumn<QStringList>("codes");
    for (const Core::EntityDef &entity : m_catalog.entities()) {
        for (const Core::FieldDef &field : entity.fields) {
            if (field.type == Core::FieldType::Choice)
                QTest::addRow("%s.%s", qPrintable(entity.table), qPrintable(field.name)) << field.choices;
        }
    }
}

void TestCatalogConsistency::choiceCodes_haveWords_translatedToGerman()
{
    QFETCH(QStringList, codes);
    QVERIFY(!codes.isEmpty());
    QStringList raw;
    QStringList untranslated;
    for (const QString &code : codes) {
        const QString word = choiceText(code);
        if (word == code && !AsTheyAre.contains(code))
            raw << code;
        else if (word != code && !acronymsOnly(word) &&
                 m_german.translate("Choice", word.toUtf8().constData()).isEmpty())
            untranslated << QStringLiteral("%1 (\"%2\")").arg(code, word);
    }
    QVERIFY2(raw.isEmpty(), qPrintable(QStringLiteral("shown as raw codes: ") + raw.join(QStringLiteral(", "))));
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(QStringLiteral("no German word for: ") + untranslated.join(QStringLiteral(", "))));
}

void TestCatalogConsistency::sectionFields_areFieldsOfTheSectionsEntity_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("names");
    for (const Section &section : consoleSections()) {
        QStringList names = section.list.filters + section.list.detailFields;
        for (const FormSection &group : section.form)
            names += group.fields;
        QTest::addRow("%s", qPrintable(section.key)) << section.list.table << names;
    }
}

void TestCatalogConsistency::sectionFields_areFieldsOfTheSectionsEntity()
{
    QFETCH(QString, table);
    QFETCH(QStringList, names);
    const bool known = std::any_of(m_catalog.entities().cbegin(), m_catalog.entities().cend(),
                                   [&](const Core::EntityDef &e) { return e.table == table; });
    QVERIFY2(known, qPrintable(table));
    QStringList unknown;
    for (const QString &name : names) {
        if (!resolve(table, name))
            unknown << name;
    }
    QVERIFY2(unknown.isEmpty(), qPrintable(QStringLiteral("not in %1: %2").arg(table, unknown.join(u", "))));
}

// A list column is a field, a system column or a column the section computes and titles
// itself (an asset's latest measurement); what the window shows proves the last.
void TestCatalogConsistency::listColumns_areFieldsOrComputedByTheSection()
{
    const Core::SystemClock clock;
    Test::RepositoryFixture fx(clock);
    QVERIFY2(fx.isValid(), qPrintable(fx.error));
    MainWindow window(*fx.repo, Core::Actor::system());
    for (const Section &section : consoleSections()) {
        if (section.page || section.singleRow)
            continue;
        QVERIFY2(window.showSection(section.key), qPrintable(section.key));
        const QWidget *page = window.sectionPage(section.key);
        QVERIFY2(page && page->findChild<ListPage *>(), qPrintable(section.key));
        // The section's list and the lists its details add (a template's settings).
        for (const auto *model : page->findChildren<RecordTableModel *>()) {
            const QStringList titles = model->headerTitles();
            for (qsizetype c = 0; c < titles.size(); ++c) {
                const QString column = model->columns().at(c);
                QVERIFY2(
                    resolve(model->entity().table, column) || SystemColumns.contains(column) || titles.at(c) != column,
                    qPrintable(QStringLiteral("%1: column %2 of %3").arg(section.key, column, model->entity().table)));
            }
        }
    }
}

QTEST_MAIN(TestCatalogConsistency)
#include "tst_catalogconsistency.moc"
