#include "core/catalog.h"
#include "core/repository.h"
#include "ui/shell/firststartwizard_p.h"
#include "ui/widgets/tr.h"

#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimeZone>
#include <QVBoxLayout>

#include <set>

namespace ChargeDesk::Ui {

using Core::Tables::SiteSettings;

namespace {

// A logo travels with every copy of the database; a megabyte is plenty for a sharp one.
constexpr qsizetype MaxLogoBytes = 1024 * 1024;
const QSize LogoBox(180, 72);

// The languages most networks run in; a site that already uses another keeps it.
const QStringList Languages{QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr"), QStringLiteral("nl"),
                            QStringLiteral("it"), QStringLiteral("es"), QStringLiteral("pt"), QStringLiteral("pl"),
                            QStringLiteral("cs"), QStringLiteral("sk"), QStringLiteral("sl"), QStringLiteral("hr"),
                            QStringLiteral("hu"), QStringLiteral("ro"), QStringLiteral("bg"), QStringLiteral("el"),
                            QStringLiteral("da"), QStringLiteral("sv"), QStringLiteral("nb"), QStringLiteral("fi"),
                            QStringLiteral("et"), QStringLiteral("lv"), QStringLiteral("lt"), QStringLiteral("tr")};

// Every ISO 4217 code some locale uses, with that locale's symbol where it differs.
void fillCurrencies(QComboBox *combo)
{
    std::set<QString> seen;
    QList<std::pair<QString, QString>> items;
    const auto locales = QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, QLocale::AnyTerritory);
    for (const QLocale &locale : locales) {
        const QString code = locale.currencySymbol(QLocale::CurrencyIsoCode);
        if (code.size() != 3 || !seen.insert(code).second)
            continue;
        const QString symbol = locale.currencySymbol(QLocale::CurrencySymbol);
        items << std::pair{code, symbol.isEmpty() || symbol == code
                                     ? code
                                     : Tr::tr("%1 (%2)", "currency code (symbol)").arg(code, symbol)};
    }
    std::sort(items.begin(), items.end());
    for (const auto &[code, text] : std::as_const(items))
        combo->addItem(text, code);
}

void selectData(QComboBox *combo, const QString &value)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

QString languageName(const QString &code)
{
    const QLocale locale(code);
    if (locale.language() == QLocale::C)
        return code;
    QString native = locale.nativeLanguageName();
    if (!native.isEmpty())
        native[0] = native.at(0).toUpper();
    const QString english = QLocale::languageToString(locale.language());
    if (locale.language() == QLocale::English)
        return english; // not "American English": the site's language has no country
    return native.isEmpty() || native == english ? english
                                                 : Tr::tr("%1 (%2)", "native name (English name)").arg(native, english);
}

SitePage::SitePage(FirstStartState &state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(QStringLiteral("sitePage"));
    setTitle(Tr::tr("Your site"));
    setSubTitle(Tr::tr("How the network presents itself, and how it counts money and time. You can change all of "
                       "this later."));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("siteName"));
    m_name->setPlaceholderText(Tr::tr("for example Harbour Hotel Charging"));
    m_organisation = new QLineEdit(this);
    m_organisation->setObjectName(QStringLiteral("siteOrganisation"));
    m_organisation->setPlaceholderText(Tr::tr("optional"));

    m_currency = new QComboBox(this);
    m_currency->setObjectName(QStringLiteral("siteCurrency"));
    fillCurrencies(m_currency);
    const QString localCurrency = QLocale().currencySymbol(QLocale::CurrencyIsoCode);
    selectData(m_currency, localCurrency.size() == 3 ? localCurrency : QStringLiteral("EUR"));

    // About 600 zones: typing any part of the name ("Berlin") finds it.
    m_timeZone = new QComboBox(this);
    m_timeZone->setObjectName(QStringLiteral("siteTimeZone"));
    m_timeZone->setEditable(true);
    m_timeZone->setInsertPolicy(QComboBox::NoInsert);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_timeZone->addItem(QString::fromUtf8(id));
    m_timeZone->completer()->setFilterMode(Qt::MatchContains);
    m_timeZone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_timeZone->setCurrentText(QString::fromUtf8(QTimeZone::systemTimeZoneId()));

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("siteLanguage"));
    for (const QString &code : Languages)
        m_language->addItem(languageName(code), code);
    const QString localLanguage = QLocale().name().section(QLatin1Char('_'), 0, 0);
    selectData(m_language, Languages.contains(localLanguage) ? localLanguage : QStringLiteral("en"));

    auto *logoBox = new QWidget(this);
    m_logoPreview = new QLabel(logoBox);
    m_logoPreview->setObjectName(QStringLiteral("logoPreview"));
    m_logoPreview->setFixedSize(LogoBox);
    m_logoPreview->setAlignment(Qt::AlignCenter);
    m_logoPreview->setFrameShape(QFrame::StyledPanel);
    m_logoPreview->setForegroundRole(QPalette::PlaceholderText);
    auto *choose = new QPushButton(Tr::tr("C&hoose image…"), logoBox);
    choose->setObjectName(QStringLiteral("chooseLogo"));
    m_removeLogo = new QPushButton(Tr::tr("Remo&ve"), logoBox);
    m_removeLogo->setObjectName(QStringLiteral("removeLogo"));
    auto *logoButtons = new QVBoxLayout;
    logoButtons->addWidget(choose);
    logoButtons->addWidget(m_removeLogo);
    logoButtons->addStretch(1);
    auto *logoLayout = new QHBoxLayout(logoBox);
    logoLayout->setContentsMargins(0, 0, 0, 0);
    logoLayout->addWidget(m_logoPreview);
    logoLayout->addLayout(logoButtons);
    logoLayout->addStretch(1);
    logoBox->setFocusProxy(choose);
    setLogo({});

    m_banner = makeBanner(QStringLiteral("siteError"), this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_messages = std::make_unique<FieldMessages>(form, m_banner);
    m_messages->addRow(Tr::tr("Na&me:"), m_name, QStringLiteral("name"));
    m_messages->addRow(Tr::tr("O&rganisation:"), m_organisation, QStringLiteral("organisation"));
    m_messages->addRow(Tr::tr("&Currency:"), m_currency, QStringLiteral("currency"));
    m_messages->addRow(Tr::tr("&Time zone:"), m_timeZone, QStringLiteral("time_zone"));
    m_messages->addRow(Tr::tr("&Language:"), m_language, QStringLiteral("language"));
    m_messages->addRow(Tr::tr("Lo&go:"), logoBox, QStringLiteral("logo"), Tr::tr("A PNG or JPEG image of up to 1 MB."));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_banner);

    connect(choose, &QPushButton::clicked, this, &SitePage::chooseLogo);
    connect(m_removeLogo, &QPushButton::clicked, this, [this] { setLogo({}); });
}

void SitePage::initializePage()
{
    if (m_loaded == m_state.generation)
        return; // back from a later page: keep what the user typed
    m_loaded = m_state.generation;
    m_messages->clear();
    // A database whose wizard was left half-way may hold its site already: update that one.
    Core::ListQuery first;
    first.limit = 1;
    const auto rows = m_state.db.repository->list(Core::Actor::system(), SiteSettings, first);
    if (!rows) {
        m_messages->show(rows.error());
        return;
    }
    if (!rows.value().isEmpty()) {
        m_state.siteId = rows.value().first().value(QStringLiteral("id")).toLongLong();
        load(rows.value().first());
    }
}

void SitePage::load(const Core::Record &site)
{
    const auto text = [&site](const char *field) {
        return site.value(QString::fromLatin1(field)).toString();
    };
    m_name->setText(text("name"));
    m_organisation->setText(text("organisation"));
    if (!text("currency").isEmpty())
        selectData(m_currency, text("currency"));
    if (!text("time_zone").isEmpty())
        m_timeZone->setCurrentText(text("time_zone"));
    if (!text("language").isEmpty()) {
        selectData(m_language, text("language"));
        m_language->setItemText(m_language->currentIndex(), languageName(text("language")));
    }
    setLogo(site.value(QStringLiteral("logo")).toByteArray());
}

Core::Record SitePage::values() const
{
    const auto optional = [](const QString &text) {
        return text.trimmed().isEmpty() ? QVariant() : QVariant(text);
    };
    return {{QStringLiteral("name"), m_name->text().trimmed()},
            {QStringLiteral("organisation"), optional(m_organisation->text().trimmed())},
            {QStringLiteral("currency"), m_currency->currentData()},
            {QStringLiteral("time_zone"), m_timeZone->currentText().trimmed()},
            {QStringLiteral("language"), m_language->currentData()},
            {QStringLiteral("logo"), m_logo.isEmpty() ? QVariant() : QVariant(m_logo)}};
}

bool SitePage::validatePage()
{
    m_messages->clear();
    const Core::Record site = values();
    const Core::Record before = m_state.site;
    const auto verdict = m_state.tryOut([&] {
        m_state.site = site;
        return m_state.writeSite();
    });
    if (verdict) {
        m_state.site = before;
        m_messages->show(*verdict);
        return false;
    }
    m_state.site = site;
    return true;
}

void SitePage::chooseLogo()
{
    // A folder that does not exist would be offered as a file name: start at home then.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (!QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString path =
        QFileDialog::getOpenFileName(this, Tr::tr("Choose a logo"), folder,
                                     Tr::tr("Images (*.png *.jpg *.jpeg *.svg *.gif *.bmp *.webp);;All files (*)"));
    if (path.isEmpty())
        return;
    m_messages->clear();
    QFile file(path);
    QString problem;
    QByteArray bytes;
    if (!file.open(QIODevice::ReadOnly))
        problem = Tr::tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    else if (file.size() > MaxLogoBytes)
        problem = Tr::tr("This image is %1; choose one of up to 1 MB.").arg(QLocale().formattedDataSize(file.size()));
    else if (bytes = file.readAll(); QImage::fromData(bytes).isNull())
        problem = Tr::tr("%1 is not an image ChargeDesk can read.").arg(QFileInfo(path).fileName());
    if (!problem.isEmpty()) {
        m_messages->show(QList<Core::FieldError>{{QStringLiteral("logo"), problem}});
        return;
    }
    setLogo(bytes);
}

void SitePage::setLogo(const QByteArray &bytes)
{
    m_logo = bytes;
    m_removeLogo->setEnabled(!bytes.isEmpty());
    const QImage image = QImage::fromData(bytes);
    if (image.isNull()) {
        m_logoPreview->setPixmap({});
        m_logoPreview->setText(Tr::tr("No logo"));
        return;
    }
    // Sharp on high-density screens: scale to device pixels, then say so.
    const qreal ratio = devicePixelRatioF();
    const QSize room = m_logoPreview->contentsRect().size().shrunkBy({4, 4, 4, 4}) * ratio;
    QPixmap pixmap = QPixmap::fromImage(image.width() > room.width() || image.height() > room.height()
                                            ? image.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                                            : image);
    pixmap.setDevicePixelRatio(ratio);
    m_logoPreview->setPixmap(pixmap);
}

} // namespace ChargeDesk::Ui
