#include "core/areaplan.h"

namespace ChargeDesk::Core {

QString limitPeriodField(qsizetype row, const QString &field)
{
    return QStringLiteral("limit_periods/%1/%2").arg(row).arg(field);
}

namespace {

// A period's refusal, each message moved to the period's row.
Error periodError(const Error &error, qsizetype row)
{
    if (error.kind() != Error::Kind::Validation)
        return error;
    QList<FieldError> fields;
    for (const FieldError &f : error.fields())
        fields << FieldError{limitPeriodField(row, f.field), f.message};
    return Error::validation(fields);
}

Status replacePeriods(Repository &repository, const Actor &actor, qint64 areaId, const QList<Record> &periods)
{
    const QString areaField = QStringLiteral("area_id");
    ListQuery existing;
    existing.filters << ListQuery::Filter{areaField, ListQuery::Filter::Op::Equals, areaId};
    existing.limit = 10000;
    const auto rows = repository.list(actor, Tables::AreaLimitPeriods, existing);
    if (!rows)
        return rows.error();
    for (const Record &row : rows.value()) {
        if (Status s = repository.remove(actor, Tables::AreaLimitPeriods, row.value(QStringLiteral("id")).toLongLong());
            !s)
            return s;
    }
    for (qsizetype i = 0; i < periods.size(); ++i) {
        Record period = periods.at(i);
        period.insert(areaField, areaId);
        if (auto created = repository.create(actor, Tables::AreaLimitPeriods, period); !created)
            return periodError(created.error(), i);
    }
    return Ok{};
}

} // namespace

Result<qint64> saveArea(Repository &repository, const Actor &actor, std::optional<qint64> id, const AreaPlan &plan)
{
    qint64 areaId = id.value_or(0);
    const Status s = repository.transaction([&]() -> Status {
        if (id) {
            if (Status updated = repository.update(actor, Tables::Areas, *id, plan.area); !updated)
                return updated;
        } else {
            auto created = repository.create(actor, Tables::Areas, plan.area);
            if (!created)
                return created.error();
            areaId = created.value();
        }
        if (Status periods = replacePeriods(repository, actor, areaId, plan.limitPeriods); !periods)
            return periods;
        return repository.setAttributes(actor, Tables::Areas, areaId, plan.attributes);
    });
    if (!s)
        return s.error();
    return areaId;
}

Status checkAreaPlan(Repository &repository, const Actor &actor, std::optional<qint64> id, const AreaPlan &plan)
{
    std::optional<Error> verdict;
    bool ran = false;
    const Status undone = repository.transaction([&]() -> Status {
        ran = true;
        if (auto saved = saveArea(repository, actor, id, plan); !saved)
            verdict = saved.error();
        return Error(Error::Kind::Conflict, QStringLiteral("rolled back on purpose"));
    });
    if (!ran) // the transaction could not even start
        return undone.error();
    if (verdict)
        return *verdict;
    return Ok{};
}

} // namespace ChargeDesk::Core
