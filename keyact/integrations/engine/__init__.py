"""Runs an import: people, accounts, contacts, deals, activities, in that order, in one
transaction. Nothing half-done: with ``on_error="abort"`` any error row rolls everything back
(the report still lists every problem); with ``"skip"`` the valid rows are written. A dry run
checks everything and writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import transaction

from keyact.activities.models import Activity
from keyact.core.bulk import (
    allocation_reset,
    foreign_keys_validated_at_end,
    indexes_rebuilt_at_end,
)
from keyact.integrations.engine.accounts import (
    ContactLoader,
    CustomerLoader,
    customers_for_names,
)
from keyact.integrations.engine.activities import ActivityLoader, TypeMap
from keyact.integrations.engine.context import ImportContext, Options
from keyact.integrations.engine.deals import OpportunityLoader
from keyact.integrations.engine.people import UserLoader, load_departments, users_for_names
from keyact.integrations.formats.base import Dataset
from keyact.integrations.models import ImportedRecord
from keyact.integrations.report import Report
from keyact.orgs.models import Organization

__all__ = ["BULK_THRESHOLD", "Options", "run_import"]

# From this many activities on, a PostgreSQL import rebuilds the activity indexes and checks
# foreign keys once at the end (the activity tables are locked until it commits; ADR 0011).
BULK_THRESHOLD = 100_000


class _Rollback(Exception):
    pass


@contextmanager
def _bulk_mode(rows: int) -> Iterator[None]:
    with ExitStack() as stack:
        if rows >= BULK_THRESHOLD:
            stack.enter_context(indexes_rebuilt_at_end(Activity, rows))
            stack.enter_context(indexes_rebuilt_at_end(ImportedRecord, rows))
            stack.enter_context(
                foreign_keys_validated_at_end(Activity, Activity.contacts.through, ImportedRecord)
            )
        yield


def run_import(
    *,
    dataset: Dataset,
    organization: Organization,
    options: Options,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import a dataset into an organisation; return the report (``committed`` tells)."""
    report = Report()
    survey = dataset.survey(report)
    ctx = ImportContext(
        organization=organization, source=dataset.source, options=options, report=report
    )
    ctx.progress = progress
    ctx.rows_total = survey.total
    mapping: dict[str, Any] = dataset.mapping
    allocation_reset()
    try:
        with transaction.atomic():
            ctx.load_existing()
            ctx.apply_user_mapping(mapping.get("users", {}))
            units = load_departments(ctx, dataset.departments(report))
            people = dataset.users(report)
            if dataset.owners_by_name and options.create_missing_users:
                people += users_for_names(ctx, survey.owner_names)
            UserLoader(ctx, units, dataset.department_parents()).run(people)
            customers = CustomerLoader(ctx)
            customers.column_of = dataset.column_for
            customers.run(dataset.customers(report))
            if dataset.creates_named_customers:
                customers.run(customers_for_names(ctx, survey.customer_names))
            contacts = ContactLoader(ctx)
            contacts.column_of = dataset.column_for
            contacts.run(dataset.contacts(report))
            deals = OpportunityLoader(ctx, {**dataset.default_stages, **mapping.get("stages", {})})
            deals.column_of = dataset.column_for
            deals.run(dataset.opportunities(report))
            types = TypeMap(
                ctx,
                {**dataset.default_types, **mapping.get("activity_types", {})},
                survey.type_stats(),
            )
            activities = ActivityLoader(ctx, types)
            activities.column_of = dataset.column_for
            with _bulk_mode(survey.rows["activities"] if not options.dry_run else 0):
                activities.run(dataset.activities(report))
            if options.dry_run or (report.errors and options.on_error == "abort"):
                raise _Rollback
            report.committed = True
    except _Rollback:
        report.committed = False
    finally:
        allocation_reset()
    return report
