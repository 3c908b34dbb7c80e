#pragma once

#include "core/sessiondiagnosis.h"

#include <QWidget>

class QVBoxLayout;

namespace ChargeDesk::Ui {

// The troubleshooting badges of a session or a station: one framed note per malfunction the
// engine recognised, with what was seen and what to change. Hidden while there is none.
class FindingsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsPanel)

public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void setFindings(const QList<Core::Finding> &findings);
    const QList<Core::Finding> &findings() const { return m_findings; }

private:
    QList<Core::Finding> m_findings;
    QVBoxLayout *m_layout = nullptr;
};

} // namespace ChargeDesk::Ui
