#pragma once

// Inside the area wizard: the state its pages share and the pages. Only the wizard's own
// files include this.

#include "core/areaplan.h"
#include "ui/areas/areawizard.h"
#include "ui/widgets/entityform.h"

#include <QWizardPage>

class QLabel;
class QListWidget;
class QPushButton;

namespace ChargeDesk::Ui {

class AreaFormPage;
class CustomAttributesEditor;
class Geocoder;
class LimitPeriodsEditor;

struct AreaWizardState
{
    Core::Repository &repository;
    Core::Actor actor;
    std::optional<qint64> id; // the area being changed; empty while creating one
    Core::Record stored;      // its row as loaded
    QList<AreaFormPage *> pages;
    CustomAttributesEditor *attributes = nullptr;
    LimitPeriodsEditor *periods = nullptr;
    std::optional<qint64> saved; // the area written on Finish

    // What the pages would write: every value when creating, the changes when updating.
    Core::Record changes() const;
    // Every field as the pages show it, for the summary.
    Core::Record shown() const;
    Core::AreaPlan plan() const;
    bool operatorChanges() const;
};

// A wizard page of some of the area's fields: the one form with only those, and core's
// verdict on them before Next.
class AreaFormPage : public QWizardPage
{
    Q_OBJECT

public:
    AreaFormPage(AreaWizardState &state, const QList<FormSection> &sections, QWidget *parent = nullptr);

    EntityForm &form() const { return *m_form; }
    bool validatePage() override;
    // Shows the messages about this page's fields; false when there was none.
    bool showErrors(const QList<Core::FieldError> &errors);

protected:
    // Checks of what the page adds to the form (attributes, periods); true when fine.
    virtual bool checkExtras() { return true; }
    // A grey line under `field`, as the form's own rows look.
    QLabel *addHint(const QString &field, const QString &text);
    // A bold heading and `widget` below the fields, across the form's width.
    QWidget *addGroup(const QString &title, QWidget *widget);

    AreaWizardState &m_state;

private:
    EntityForm *m_form;
};

class AreaInfoPage final : public AreaFormPage
{
    Q_OBJECT

public:
    explicit AreaInfoPage(AreaWizardState &state, QWidget *parent = nullptr);

protected:
    bool checkExtras() override;
};

class AreaLocationPage final : public AreaFormPage
{
    Q_OBJECT

public:
    explicit AreaLocationPage(AreaWizardState &state, QWidget *parent = nullptr);

private:
    void findAddress();
    void pickOnMap();
    void showStatus(const QString &text, bool problem);
    void setCoordinates(double latitude, double longitude);

    Geocoder *m_geocoder;
    QPushButton *m_find;
    QPushButton *m_pick;
    QLabel *m_status;
    QListWidget *m_candidates;
};

class AreaRoamingPage final : public AreaFormPage
{
    Q_OBJECT

public:
    explicit AreaRoamingPage(AreaWizardState &state, QWidget *parent = nullptr);
};

class AreaBalancingPage final : public AreaFormPage
{
    Q_OBJECT

public:
    explicit AreaBalancingPage(AreaWizardState &state, QWidget *parent = nullptr);

    void initializePage() override;

protected:
    bool checkExtras() override;

private:
    void updateFields();

    QLabel *m_distributionHint;
    QLabel *m_falloutHint;
    QList<QWidget *> m_onlyWhenOn; // hints and the periods, hidden with the fields
};

class AreaSummaryPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit AreaSummaryPage(AreaWizardState &state, QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;

private:
    QString referenceName(const QString &table, const QVariant &id) const;
    bool confirmOperatorSwitch();

    AreaWizardState &m_state;
    QLabel *m_summary;
    QLabel *m_banner;
};

} // namespace ChargeDesk::Ui
