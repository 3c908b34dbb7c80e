#pragma once

#include <QWidget>

namespace ChargeDesk::Ui {

// A session's duration split into its scopes (charge, park, fault, reservation time) as one
// horizontal bar with a legend, so the share of each is seen at a glance.
class DurationBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DurationBar)

public:
    struct Scope
    {
        QString name;
        qint64 seconds = 0;
        QColor color;
    };

    explicit DurationBar(QWidget *parent = nullptr);

    void setScopes(const QList<Scope> &scopes);
    const QList<Scope> &scopes() const { return m_scopes; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Scope> m_scopes;
};

} // namespace ChargeDesk::Ui
