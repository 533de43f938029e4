"""The state of one import run: the organisation, the report, and what each source id or name
resolves to in keyact (loaded once, extended as records are created)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from keyact.core.bulk import allocate_ids
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.integrations.models import ImportBatch, ImportedRecord
from keyact.integrations.parsing import name_key
from keyact.integrations.records import Origin, Ref
from keyact.integrations.report import Report
from keyact.orgs.models import Membership, Organization
from keyact.users.models import User


class RowError(Exception):
    """A row that cannot be imported: the column at fault and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass
class Lookup:
    """Source ids and names of one kind of record → keyact primary keys."""

    by_key: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    ambiguous_names: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)

    def add_name(self, name: str, pk: int) -> None:
        """Remember a name; a name two records share resolves to neither."""
        key = name_key(name)
        if not key:
            return
        if key in self.by_name and self.by_name[key] != pk:
            self.ambiguous_names.add(key)
        else:
            self.by_name[key] = pk


@dataclass
class Options:
    """How to run: abort or skip on errors, check only, who imports."""

    on_error: str = "abort"
    dry_run: bool = False
    actor: User | None = None
    batch: ImportBatch | None = None
    create_missing_users: bool = False


class ImportContext:
    """Everything the loaders share during one run."""

    def __init__(
        self, *, organization: Organization, source: str, options: Options, report: Report
    ) -> None:
        self.organization = organization
        self.source = source
        self.options = options
        self.report = report
        self.tz = dt.UTC
        self.lookups: dict[str, Lookup] = {
            kind: Lookup() for kind in ("users", "customers", "contacts", "opportunities")
        }
        # Customer of each contact and opportunity, to fill an activity's customer.
        self.customer_of: dict[tuple[str, int], int | None] = {}
        self.rows_done = 0
        self.rows_total = 0
        self.progress: Callable[[int, int], None] | None = None

    # -- whether to write -------------------------------------------------------------------
    @property
    def writing(self) -> bool:
        """False once an error makes an aborting import write nothing more (it still checks)."""
        return not (self.options.on_error == "abort" and self.report.errors)

    # -- problems ---------------------------------------------------------------------------
    def fail(self, kind: str, key: str, origin: Origin, error: RowError) -> None:
        """Report a bad row, count it skipped and remember its id so dependants fail too."""
        self.report.error(origin.file, origin.line, key, error.field, error.reason)
        self.report.count("skipped", kind)
        if key and kind in self.lookups:
            self.lookups[kind].failed.add(key)

    # -- references -------------------------------------------------------------------------
    def resolve(self, kind: str, ref: Ref | None, column: str, *, required: bool) -> int | None:
        """The keyact id a reference points at; RowError when it cannot be attributed."""
        if ref is None or not ref.key:
            if required:
                raise RowError(column, _("Required: the row names no %(what)s.") % _what(kind))
            return None
        lookup = self.lookups[kind]
        if ref.by_name:
            key = name_key(ref.key)
            if key in lookup.ambiguous_names:
                raise RowError(
                    column,
                    _("%(value)s names more than one %(what)s in keyact; use ids or rename one.")
                    % {"value": ref.key, **_what(kind)},
                )
            pk = lookup.by_name.get(key)
        else:
            pk = lookup.by_key.get(ref.key)
        if pk is not None:
            return pk
        if ref.key in lookup.failed:
            raise RowError(
                column,
                _("%(value)s refers to a %(what)s row of this import that has an error.")
                % {"value": ref.key, **_what(kind)},
            )
        raise RowError(
            column,
            _("%(value)s: no such %(what)s in the export nor in keyact.")
            % {"value": ref.key, **_what(kind)},
        )

    def allocate(self, model: type[Model], count: int) -> list[int]:
        """Primary keys for rows about to be created."""
        return allocate_ids(model, count)

    # -- loading what keyact already has ------------------------------------------------------
    def load_existing(self) -> None:
        """Source ids and names of the organisation's people, customers, contacts and deals."""
        org_id = self.organization.pk
        users = self.lookups["users"]
        for (
            user_id,
            ext_source,
            ext_id,
            username,
            display,
            first,
            last,
            email,
        ) in Membership.objects.filter(organization_id=org_id).values_list(
            "user_id",
            "external_source",
            "external_id",
            "user__username",
            "user__display_name",
            "user__first_name",
            "user__last_name",
            "user__email",
        ):
            if ext_source == self.source and ext_id:
                users.by_key[ext_id] = user_id
            for name in {username, display, f"{first} {last}", f"{last}{first}", email}:
                users.add_name(name, user_id)
        self._load(Customer, "customers", ("name",))
        self._load(Contact, "contacts", ("name",), customer=True)
        self._load(Opportunity, "opportunities", ("name",), customer=True)

    def apply_user_mapping(self, mapping: dict[str, Any]) -> None:
        """Names the admin mapped to keyact people (``{"王芳": "12"}``) resolve to them."""
        users = self.lookups["users"]
        members = set(users.by_name.values()) | set(users.by_key.values())
        for name, value in mapping.items():
            if str(value).isdigit() and int(value) in members:
                users.by_name[name_key(name)] = int(value)
                users.ambiguous_names.discard(name_key(name))
                users.by_key.setdefault(name, int(value))

    def _load(
        self, model: type[Model], kind: str, names: Iterable[str], *, customer: bool = False
    ) -> None:
        lookup = self.lookups[kind]
        fields: list[str] = ["pk", "external_source", "external_id", *names]
        if customer:
            fields.append("customer_id")
        rows: Any = model._default_manager.filter(organization_id=self.organization.pk).values_list(
            *fields
        )
        for row in rows.iterator(chunk_size=10_000):
            pk, ext_source, ext_id, name = row[0], row[1], row[2], row[3]
            if ext_source == self.source and ext_id:
                lookup.by_key[ext_id] = pk
            lookup.add_name(name, pk)
            if customer:
                self.customer_of[(kind, pk)] = row[4]

    def snapshots(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The source values last imported for these ids (or their fingerprints)."""
        return dict(
            ImportedRecord.objects.filter(
                organization_id=self.organization.pk,
                source=self.source,
                kind=kind,
                external_id__in=list(keys),
            ).values_list("external_id", "values")
        )


def _what(kind: str) -> dict[str, str]:
    names = {
        "users": _("person"),
        "customers": _("account"),
        "contacts": _("contact"),
        "opportunities": _("opportunity"),
        "activities": _("activity"),
    }
    return {"what": names[kind]}
