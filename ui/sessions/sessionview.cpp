#include "ui/sessions/sessionview.h"

#include "core/catalog.h"
#include "core/sessioncontrol.h"
#include "core/sessiondiagnosis.h"
#include "core/sessionlimits.h"
#include "core/settlement.h"
#include "ui/sessions/durationbar.h"
#include "ui/sessions/findingspanel.h"
#include "ui/sessions/meterchart.h"
#include "ui/stations/ocpplogview.h"
#include "ui/widgets/tr.h"
#include "ui/widgets/valueformat.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ChargeDesk::Ui {

namespace {

namespace T = Core::Tables;

constexpr int MeterPage = 5000;

QString kwh(qint64 wh)
{
    return formatQuantity(QStringLiteral("energy_wh"), wh);
}

QTreeWidget *table(const QStringList &headers, const QString &name)
{
    auto *tree = new QTreeWidget;
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    tree->setHeaderLabels(headers);
    tree->header()->setStretchLastSection(true);
    tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    return tree;
}

} // namespace

SessionView::SessionView(Core::Repository &repository, const Core::Actor &actor, qint64 sessionId, Services services,
                         QWidget *parent)
    : QWidget(parent)
    , m_repository(repository)
    , m_actor(actor)
    , m_sessionId(sessionId)
    , m_services(services)
{
    setObjectName(QStringLiteral("sessionView"));
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("sessionTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(buildCharts(), Tr::tr("Charts"));
    m_discarded = table({Tr::tr("Measured"), Tr::tr("Measurand"), Tr::tr("Value"), Tr::tr("Why it was discarded")},
                        QStringLiteral("discardedReadings"));
    tabs->addTab(m_discarded, Tr::tr("Discarded readings"));
    auto *rating = new QWidget;
    auto *ratingLayout = new QVBoxLayout(rating);
    m_rating = table({Tr::tr("Part"), Tr::tr("Quantity"), Tr::tr("Amount")}, QStringLiteral("ratingBreakdown"));
    m_ratingNote = new QLabel;
    m_ratingNote->setObjectName(QStringLiteral("ratingNote"));
    m_ratingNote->setWordWrap(true);
    ratingLayout->addWidget(m_rating, 1);
    ratingLayout->addWidget(m_ratingNote);
    tabs->addTab(rating, Tr::tr("Rating"));
    m_history = table({Tr::tr("Time"), Tr::tr("Status"), Tr::tr("Reason")}, QStringLiteral("statusHistory"));
    tabs->addTab(m_history, Tr::tr("Status history"));
    tabs->addTab(new OcppLogView(m_repository, m_actor, m_services.messageLog, OcppLogView::Scope::session(sessionId)),
                 Tr::tr("OCPP log"));
    tabs->setTabVisible(2, m_services.settlement != nullptr);

    m_durations = new DurationBar;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(m_durations);
    layout->addWidget(tabs, 1);

    connect(&m_repository, &Core::Repository::rowChanged, this,
            [this](const QString &t, qint64 id, Core::Repository::Change change) {
                if (t == T::Sessions && id == m_sessionId && change == Core::Repository::Change::Updated)
                    refresh();
            });
    refresh();
}

MeterChart *SessionView::chart(int quantity) const
{
    for (MeterChart *c : m_charts)
        if (c->shows(Quantity(quantity)))
            return c;
    return nullptr;
}

QWidget *SessionView::buildHeader()
{
    auto *header = new QWidget;
    auto *grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);

    m_title = new QLabel;
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("sessionStatus"));
    m_status->setMargin(3);
    m_where = new QLabel;
    m_where->setForegroundRole(QPalette::PlaceholderText);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_forceClose = new QPushButton(Tr::tr("Force close…"));
    m_forceClose->setObjectName(QStringLiteral("forceCloseButton"));
    m_forceClose->setToolTip(Tr::tr("Ask the charger to stop; the session closes even if it does not answer."));
    connect(m_forceClose, &QPushButton::clicked, this, &SessionView::forceClose);
    m_retryRating = new QPushButton(Tr::tr("Retry rating…"));
    m_retryRating->setObjectName(QStringLiteral("retryRatingButton"));
    connect(m_retryRating, &QPushButton::clicked, this, &SessionView::retryRating);
    m_retryBilling = new QPushButton(Tr::tr("Retry billing"));
    m_retryBilling->setObjectName(QStringLiteral("retryBillingButton"));
    connect(m_retryBilling, &QPushButton::clicked, this, &SessionView::retryBilling);
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("actionOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->hide();

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_status);
    titleRow->addStretch();
    titleRow->addWidget(m_forceClose);
    titleRow->addWidget(m_retryRating);
    titleRow->addWidget(m_retryBilling);
    grid->addLayout(titleRow, 0, 0, 1, 6);
    grid->addWidget(m_where, 1, 0, 1, 6);
    grid->addWidget(m_outcome, 2, 0, 1, 6);

    // The facts an operator looks for first, in two rows of three.
    const QList<std::pair<QString, QString>> facts{
        {QStringLiteral("started"), Tr::tr("Started")}, {QStringLiteral("energy"), Tr::tr("Energy")},
        {QStringLiteral("amount"), Tr::tr("Amount")},   {QStringLiteral("ended"), Tr::tr("Ended")},
        {QStringLiteral("power"), Tr::tr("Power")},     {QStringLiteral("customer"), Tr::tr("Customer")},
    };
    for (int i = 0; i < facts.size(); ++i) {
        auto *caption = new QLabel(facts[i].second);
        caption->setForegroundRole(QPalette::PlaceholderText);
        auto *value = new QLabel(QStringLiteral("—"));
        value->setObjectName(QStringLiteral("fact_%1").arg(facts[i].first));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = value->font();
        f.setPointSizeF(f.pointSizeF() * 1.15);
        value->setFont(f);
        m_facts.insert(facts[i].first, value);
        const int row = 3 + (i / 3) * 2;
        const int column = (i % 3) * 2;
        grid->addWidget(caption, row, column, 1, 2);
        grid->addWidget(value, row + 1, column, 1, 2);
    }
    // What went wrong and how to fix it, where the operator looks first.
    m_findings = new FindingsPanel;
    grid->addWidget(m_findings, 7, 0, 1, 6);
    return header;
}

QWidget *SessionView::buildCharts()
{
    auto *page = new QWidget;
    auto *buttons = new QHBoxLayout;
    auto *group = new QButtonGroup(page);
    m_chartStack = new QStackedWidget;
    // Power drawn, what the charger offered and what it was allowed, with the energy beside
    // them: the chart that answers "why does it charge slowly?". The rest one quantity each.
    const QList<std::pair<QString, QList<Quantity>>> views{
        {Tr::tr("Power and energy"), {Quantity::Power, Quantity::PowerOffered, Quantity::Energy}},
        {quantityInfo(Quantity::Current).title, {Quantity::Current}},
        {quantityInfo(Quantity::Voltage).title, {Quantity::Voltage}},
        {quantityInfo(Quantity::Soc).title, {Quantity::Soc}},
    };
    for (const auto &[title, shown] : views) {
        auto *chart = new MeterChart(shown, m_repository.clock());
        m_charts << chart;
        m_chartStack->addWidget(chart);
        auto *button = new QToolButton;
        button->setObjectName(QStringLiteral("show_%1").arg(quantityInfo(shown.first()).measurand));
        button->setText(title);
        button->setCheckable(true);
        button->setAutoRaise(true);
        group->addButton(button, int(m_charts.size() - 1));
        buttons->addWidget(button);
    }
    buttons->addStretch();
    group->button(0)->setChecked(true);
    connect(group, &QButtonGroup::idClicked, m_chartStack, &QStackedWidget::setCurrentIndex);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(buttons);
    layout->addWidget(m_chartStack, 1);
    return page;
}

void SessionView::refresh()
{
    const auto session = m_repository.get(m_actor, T::Sessions, m_sessionId);
    if (!session) {
        showOutcome(session.error().message(), true);
        return;
    }
    showSession(session.value());
    readNewMeterValues();
    readNewLimits();
    readEvents();
    showBreakdown();
    const auto facts = Core::sessionFacts(m_repository, m_sessionId, m_repository.clock().nowMs());
    m_findings->setFindings(facts ? Core::diagnose(facts.value()) : QList<Core::Finding>());
}

SessionView::Place SessionView::placeOf(const Core::Record &session) const
{
    // By name, as far as the actor may see them.
    Place place;
    auto connector =
        m_repository.get(m_actor, T::Connectors, session.value(QStringLiteral("connector_id")).toLongLong());
    if (!connector)
        return place;
    const QString connectorName = connector.value().value(QStringLiteral("name")).toString();
    auto charger =
        m_repository.get(m_actor, T::Chargers, connector.value().value(QStringLiteral("charger_id")).toLongLong());
    if (!charger)
        return place;
    place.charger = charger.value().value(QStringLiteral("name")).toString();
    auto station =
        m_repository.get(m_actor, T::Stations, charger.value().value(QStringLiteral("station_id")).toLongLong());
    if (station)
        place.stationConnector =
            QStringLiteral("%1 · %2").arg(station.value().value(QStringLiteral("name")).toString(), connectorName);
    return place;
}

void SessionView::showSession(const Core::Record &s)
{
    const QString status = s.value(QStringLiteral("status")).toString();
    m_currency = s.value(QStringLiteral("currency")).toString();
    const Place place = placeOf(s);
    const QString code = s.value(QStringLiteral("code")).toString();
    // Where it charged is what a person recognises; the code is for looking it up elsewhere.
    m_title->setText(place.stationConnector.isEmpty() ? Tr::tr("Session %1").arg(code) : place.stationConnector);
    m_status->setText(QStringLiteral(" %1 ").arg(choiceText(status)));
    const QColor color = statusChipColor(Core::Tables::Sessions, QStringLiteral("status"), status);
    m_status->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; }").arg(color.name()));

    QStringList where;
    // "Charger 1" rather than "Charger Charger 1" where the name says it already.
    const QString chargerWord = Tr::tr("Charger");
    if (!place.charger.isEmpty())
        where << (place.charger.startsWith(chargerWord, Qt::CaseInsensitive) ? place.charger
                                                                             : Tr::tr("Charger %1").arg(place.charger));
    const QString token = s.value(QStringLiteral("id_token")).toString();
    if (!token.isEmpty())
        where << Tr::tr("ID token %1").arg(token);
    if (!place.stationConnector.isEmpty())
        where << Tr::tr("Session %1").arg(code);
    m_where->setText(where.join(QStringLiteral("  ·  ")));

    const auto fact = [this](const QString &key, const QString &text) {
        m_facts.value(key)->setText(text.isEmpty() ? QStringLiteral("—") : text);
    };
    fact(QStringLiteral("started"), formatTimestamp(s.value(QStringLiteral("started_at"))));
    fact(QStringLiteral("ended"), formatTimestamp(s.value(QStringLiteral("ended_at"))));
    fact(QStringLiteral("energy"), kwh(s.value(QStringLiteral("energy_wh")).toLongLong()));
    // Not rated yet, the amount is unknown until the breakdown below estimates it.
    fact(QStringLiteral("amount"), m_currency.isEmpty()
                                       ? QString()
                                       : formatMoney(s.value(QStringLiteral("amount_minor")).toLongLong(), m_currency));
    QString power;
    if (const QVariant w = s.value(QStringLiteral("power_w"));
        !w.isNull() && Core::OpenSessionStatuses.contains(status)) {
        power = formatKilowatts(w.toDouble());
        if (const QVariant soc = s.value(QStringLiteral("soc_percent")); !soc.isNull())
            power += Tr::tr(" · %1 % charged").arg(soc.toInt());
    }
    fact(QStringLiteral("power"), power);
    QString customer;
    if (const QVariant id = s.value(QStringLiteral("customer_id")); !id.isNull()) {
        auto c = m_repository.get(m_actor, T::Customers, id.toLongLong());
        customer = c ? c.value().value(QStringLiteral("name")).toString() : Tr::tr("#%1").arg(id.toLongLong());
    }
    fact(QStringLiteral("customer"), customer);

    const Core::DurationTimes times = Core::durationsAt(s, m_repository.clock().nowMs());
    m_durations->setScopes({
        {Tr::tr("Charge time"), times.chargeS, QColor(0x2e, 0x9d, 0x5b)},
        {Tr::tr("Park time"), times.parkS, QColor(0x2f, 0x6f, 0xd1)},
        {Tr::tr("Fault time"), times.faultS, QColor(0xc8, 0x3a, 0x3a)},
        {Tr::tr("Reservation time"), times.reservationS, QColor(0x8e, 0x5c, 0xc7)},
    });
    updateActions(status);
    for (MeterChart *c : std::as_const(m_charts))
        c->setLive(Core::OpenSessionStatuses.contains(status));
    if (m_lastMeterId == 0) {
        if (const QVariant start = s.value(QStringLiteral("meter_start_wh")); !start.isNull())
            chart(int(Quantity::Energy))->setEnergyBaseline(start.toDouble());
    }
}

void SessionView::readNewMeterValues()
{
    // Only the readings stored since the last look: a live session adds a few each minute.
    for (;;) {
        Core::ListQuery q;
        q.filters << Core::ListQuery::Filter{QStringLiteral("session_id"), Core::ListQuery::Filter::Op::Equals,
                                             m_sessionId}
                  << Core::ListQuery::Filter{QStringLiteral("id"), Core::ListQuery::Filter::Op::AtLeast,
                                             m_lastMeterId + 1};
        q.orderBy = QStringLiteral("id");
        q.limit = MeterPage;
        const auto rows = m_repository.list(m_actor, T::MeterValues, q);
        if (!rows || rows.value().isEmpty())
            return;
        QList<Core::Record> batch = rows.value();
        m_lastMeterId = batch.last().value(QStringLiteral("id")).toLongLong();
        // Stations send readings in time order, but a batch may carry a late one.
        std::stable_sort(batch.begin(), batch.end(), [](const Core::Record &a, const Core::Record &b) {
            return a.value(QStringLiteral("measured_at")).toLongLong() <
                   b.value(QStringLiteral("measured_at")).toLongLong();
        });
        for (MeterChart *c : std::as_const(m_charts))
            c->add(batch);
        for (const Core::Record &r : std::as_const(batch)) {
            if (r.value(QStringLiteral("valid")).toBool())
                continue;
            QString value = QLocale().toString(r.value(QStringLiteral("value")).toDouble(), 'g', 10);
            if (const QString unit = r.value(QStringLiteral("unit")).toString(); !unit.isEmpty())
                value += QLatin1Char(' ') + unit;
            auto *item =
                new QTreeWidgetItem(m_discarded, {formatTimestamp(r.value(QStringLiteral("measured_at"))),
                                                  r.value(QStringLiteral("measurand")).toString(), value,
                                                  choiceText(r.value(QStringLiteral("discard_reason")).toString())});
            item->setToolTip(3, item->text(3));
        }
        if (batch.size() < MeterPage)
            return;
    }
}

void SessionView::readNewLimits()
{
    const auto limits = Core::sessionLimitsSent(m_repository, m_actor, m_sessionId, m_lastLimitAtMs);
    if (!limits || limits.value().isEmpty())
        return;
    QList<QPointF> points;
    for (const Core::LimitSent &l : limits.value())
        points << QPointF(double(l.atMs), l.watts);
    m_lastLimitAtMs = limits.value().last().atMs;
    chart(int(Quantity::Power))->addLimits(points);
}

void SessionView::readEvents()
{
    Core::ListQuery q;
    q.filters << Core::ListQuery::Filter{QStringLiteral("session_id"), Core::ListQuery::Filter::Op::Equals,
                                         m_sessionId};
    q.orderBy = QStringLiteral("at");
    q.limit = 1000;
    const auto rows = m_repository.list(m_actor, T::SessionEvents, q);
    if (!rows)
        return;
    m_history->clear();
    for (const Core::Record &r : rows.value()) {
        auto *item = new QTreeWidgetItem(m_history, {formatTimestamp(r.value(QStringLiteral("at"))),
                                                     choiceText(r.value(QStringLiteral("status")).toString()),
                                                     r.value(QStringLiteral("reason")).toString()});
        item->setToolTip(2, item->text(2));
    }
}

void SessionView::showBreakdown()
{
    if (!m_services.settlement)
        return;
    m_rating->clear();
    const auto result = m_services.settlement->breakdown(m_actor, m_sessionId);
    if (!result) {
        m_ratingNote->setText(result.error().message());
        return;
    }
    const Core::RatingBreakdown &b = result.value();
    const Core::Charge &c = b.charge;
    const auto row = [this, &b](const QString &part, const QString &quantity, qint64 minor) {
        auto *item = new QTreeWidgetItem(m_rating, {part, quantity, formatMoney(minor, b.currency)});
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    row(Tr::tr("Energy"), kwh(b.usage.energyWh), c.energyMinor);
    row(Tr::tr("Charge time"), formatDuration(b.usage.chargeS), c.chargeMinor);
    row(Tr::tr("Park time"), Tr::tr("%1 (%2 rated)").arg(formatDuration(b.usage.parkS), formatDuration(c.ratedParkS)),
        c.parkMinor);
    if (b.usage.homeRoaming)
        row(Tr::tr("Reservation time"), formatDuration(b.usage.reservationS), c.reservationMinor);
    QTreeWidgetItem *total = row(Tr::tr("Total"), QString(), c.amountMinor);
    QFont bold = total->font(0);
    bold.setBold(true);
    for (int i = 0; i < 3; ++i)
        total->setFont(i, bold);
    for (int i = 0; i < 2; ++i)
        m_rating->resizeColumnToContents(i);
    // While it runs, the header's amount is the estimate, in the site's currency.
    if (b.estimated && !b.level.isEmpty())
        m_facts.value(QStringLiteral("amount"))
            ->setText(Tr::tr("%1 so far").arg(formatMoney(c.amountMinor, b.currency)));
    if (!b.estimated)
        m_ratingNote->setText(Tr::tr("Rated under the identifier %1.").arg(b.identifier));
    else if (b.level.isEmpty())
        m_ratingNote->setText(Tr::tr("Not rated yet, and no rating settings apply: the session is free so far."));
    else
        m_ratingNote->setText(Tr::tr("Not rated yet: what the session costs so far under the %1's rating settings.")
                                  .arg(choiceText(b.level).toLower()));
}

void SessionView::updateActions(const QString &status)
{
    const bool can = m_services.control != nullptr;
    m_forceClose->setVisible(can && Core::OpenSessionStatuses.contains(status) && status != u"reserved");
    m_retryRating->setVisible(can && status == u"rating_failed");
    m_retryBilling->setVisible(can && status == u"billing_failed");
}

void SessionView::forceClose()
{
    const auto answer = QMessageBox::question(
        this, Tr::tr("Force close"),
        Tr::tr("Ask the charger to stop this session? If it does not answer, the session is closed and rated anyway."));
    if (answer != QMessageBox::Yes)
        return;
    m_forceClose->setEnabled(false);
    QPointer<SessionView> self(this);
    m_services.control->forceClose(m_actor, m_sessionId, [self](const Core::Status &done) {
        if (!self)
            return;
        self->m_forceClose->setEnabled(true);
        self->refresh();
        if (!done)
            return self->showOutcome(done.error().message(), true);
        // Closed at once (the charger refused, did not answer or is offline), or waiting for
        // the stop the charger accepted to send.
        const auto row = self->m_repository.get(self->m_actor, Core::Tables::Sessions, self->m_sessionId);
        const QString status = row ? row.value().value(QStringLiteral("status")).toString() : QString();
        if (row && !Core::OpenSessionStatuses.contains(status))
            self->showOutcome(Tr::tr("Closed: %1.").arg(row.value().value(QStringLiteral("stop_reason")).toString()),
                              false);
        else
            self->showOutcome(Tr::tr("The charger accepted the stop. The session closes when it reports the stop, or "
                                     "after the closed-session verification time if it never does."),
                              false);
    });
}

void SessionView::retryRating()
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("retryRatingMenu"));
    const QList<std::pair<Core::RatingIdentifierMode, QString>> modes{
        {Core::RatingIdentifierMode::UseExisting, Tr::tr("Use the existing identifier")},
        {Core::RatingIdentifierMode::UseExistingElseGenerate, Tr::tr("Use the existing identifier, else generate one")},
        {Core::RatingIdentifierMode::GenerateNew, Tr::tr("Generate a new identifier")},
        {Core::RatingIdentifierMode::AssignNew, Tr::tr("Assign a new identifier…")},
    };
    for (const auto &[mode, text] : modes)
        menu.addAction(text)->setData(int(mode));
    QAction *chosen = menu.exec(m_retryRating->mapToGlobal(QPoint(0, m_retryRating->height())));
    if (!chosen)
        return;
    const auto mode = Core::RatingIdentifierMode(chosen->data().toInt());
    QString identifier;
    if (mode == Core::RatingIdentifierMode::AssignNew) {
        bool ok = false;
        identifier = QInputDialog::getText(this, Tr::tr("Retry rating"), Tr::tr("New rating identifier:"),
                                           QLineEdit::Normal, QString(), &ok);
        if (!ok)
            return;
    }
    const Core::Status done = m_services.control->retryRating(m_actor, m_sessionId, mode, identifier);
    showOutcome(done ? Tr::tr("Rating retried.") : done.error().message(), !done);
    refresh();
}

void SessionView::retryBilling()
{
    const Core::Status done = m_services.control->retryBilling(m_actor, m_sessionId);
    showOutcome(done ? Tr::tr("Billing retried; the payment provider's answer follows.") : done.error().message(),
                !done);
    refresh();
}

void SessionView::showOutcome(const QString &text, bool failed)
{
    m_outcome->setText(text);
    m_outcome->setStyleSheet(failed ? QStringLiteral("QLabel { color: #c83a3a; }") : QString());
    m_outcome->show();
}

} // namespace ChargeDesk::Ui
