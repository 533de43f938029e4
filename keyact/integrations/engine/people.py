"""People: the reporting tree (units from the source's roles, managers from the source or from
the unit above) and users with their memberships, active or not."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from keyact.core.bulk import write_rows
from keyact.core.errors import DomainError
from keyact.integrations.engine.context import ImportContext, RowError
from keyact.integrations.models import ImportedRecord
from keyact.integrations.parsing import name_key
from keyact.integrations.records import DepartmentRecord, Origin, Ref, UserRecord
from keyact.orgs import rules as member_rules
from keyact.orgs.models import Department, Membership, Role
from keyact.orgs.services import member_create
from keyact.users.models import User


def load_departments(ctx: ImportContext, records: list[DepartmentRecord]) -> dict[str, int]:
    """Create the units the organisation lacks (matched by name); source id → unit id."""
    existing = {
        name_key(name): pk
        for pk, name in Department.objects.filter(organization=ctx.organization).values_list(
            "pk", "name"
        )
    }
    by_key = {r.key: r for r in records}
    has_children = {r.parent for r in records if r.parent}
    result: dict[str, int] = {}

    def ensure(record: DepartmentRecord, trail: frozenset[str]) -> int | None:
        if record.key in result:
            return result[record.key]
        if record.key in trail:
            ctx.report.error(
                record.origin.file,
                record.origin.line,
                record.key,
                "ParentRoleId",
                _("The units' parents form a loop."),
            )
            return None
        parent_id = None
        parent = by_key.get(record.parent)
        if parent is not None:
            parent_id = ensure(parent, trail | {record.key})
        pk = existing.get(name_key(record.name))
        if pk is None:
            if not ctx.writing or ctx.options.dry_run:
                pk = -len(result) - 1
            else:
                pk = Department.objects.create(
                    organization=ctx.organization,
                    name=record.name.strip()[:200],
                    kind=(
                        Department.Kind.DEPARTMENT
                        if record.key in has_children
                        else Department.Kind.TEAM
                    ),
                    parent_id=parent_id,
                ).pk
            existing[name_key(record.name)] = pk
        result[record.key] = pk
        return pk

    for record in records:
        ensure(record, frozenset())
    return result


# The source columns of a person's fields, for the report.
_PERSON_COLUMNS = {"display_name": "Name", "email": "Email", "title": "Title"}


def _username_base(record: UserRecord) -> str:
    raw = record.username or record.email or record.name
    base = re.sub(r"[^\w.@+-]", "", raw.replace(" ", ".").lower())[:120]
    return base or "imported"


class UserLoader:
    """Creates, adopts or updates the people of an export."""

    kind = "users"

    def __init__(
        self, ctx: ImportContext, departments: dict[str, int], parents: dict[str, str]
    ) -> None:
        self.ctx = ctx
        self.departments = departments
        self.parents = parents
        # Source values to remember, by source id: written together at the end of the run.
        self._memory: dict[str, tuple[int, dict[str, Any]]] = {}

    def run(self, records: list[UserRecord]) -> None:
        """Managers first; a loop in the manager chain is an error for the people in it."""
        ctx = self.ctx
        seen: set[str] = set()
        unique: list[UserRecord] = []
        for record in records:
            if record.key in seen:
                ctx.report.warning(
                    record.origin.file,
                    record.origin.line,
                    record.key,
                    "",
                    _("Duplicate row: the same id appears earlier; skipped."),
                )
                ctx.report.count("skipped", "users")
                continue
            seen.add(record.key)
            unique.append(record)
        self._derive_managers_and_roles(unique)
        for record in self._managers_first(unique):
            try:
                self._load(record)
            except RowError as exc:
                ctx.fail("users", record.key, record.origin, exc)
            except DomainError as exc:
                ctx.fail("users", record.key, record.origin, RowError(exc.field or "", exc.message))
        self._write_memory()

    def _derive_managers_and_roles(self, records: list[UserRecord]) -> None:
        """A person without a manager reports to the one active person of the parent unit; a
        person without a role is a head (reports, no manager), a manager (reports) or a rep."""
        reports = self._derive_managers(records)
        for record in records:
            if record.role:
                continue
            if reports[record.key] and record.manager is None:
                record.role = Role.DEPARTMENT_HEAD
            elif reports[record.key]:
                record.role = Role.MANAGER
            else:
                record.role = Role.REP

    def _derive_managers(self, records: list[UserRecord]) -> dict[str, int]:
        """Fill in missing managers from the unit tree; the number of reports per person key."""
        by_department: dict[str, list[UserRecord]] = defaultdict(list)
        for record in records:
            if record.department:
                by_department[record.department].append(record)
        reports: dict[str, int] = defaultdict(int)
        for record in records:
            if record.manager is None and record.department:
                parent = self._parent_unit(record.department)
                heads = [r for r in by_department.get(parent, []) if r.is_active]
                if len(heads) == 1:
                    record.manager = Ref(heads[0].key)
            if record.manager is not None:
                reports[record.manager.key] += 1
        return reports

    def _parent_unit(self, key: str) -> str:
        return self.parents.get(key, "")

    def _managers_first(self, records: list[UserRecord]) -> list[UserRecord]:
        by_key = {r.key: r for r in records}
        ordered: list[UserRecord] = []
        state: dict[str, int] = {}

        def visit(record: UserRecord, depth: int) -> None:
            if state.get(record.key) == 2:
                return
            if state.get(record.key) == 1 or depth > len(records):
                self.ctx.fail(
                    "users",
                    record.key,
                    record.origin,
                    RowError("ManagerId", _("The manager chain loops back to this person.")),
                )
                state[record.key] = 2
                return
            state[record.key] = 1
            manager = by_key.get(record.manager.key) if record.manager else None
            if manager is not None:
                visit(manager, depth + 1)
            if state.get(record.key) == 1:
                state[record.key] = 2
                ordered.append(record)

        for record in records:
            visit(record, 0)
        return ordered

    def _load(self, record: UserRecord) -> None:
        ctx = self.ctx
        lookup = ctx.lookups["users"]
        if record.key in lookup.failed:
            return
        if not record.name.strip():  # people are matched by name: the import needs one
            raise RowError("Name", _("The name cannot be empty."))
        try:
            member_rules.member_values_check(
                display_name=record.name.strip()[:150],
                email=record.email,
                title=record.title[:120],
            )
        except DomainError as exc:
            raise RowError(_PERSON_COLUMNS.get(exc.field or "", ""), exc.message) from exc
        manager_id = None
        if record.manager is not None:
            manager_id = ctx.resolve("users", record.manager, "ManagerId", required=False)
        department_id = self.departments.get(record.department)
        snapshot: dict[str, Any] = {
            "display_name": record.name,
            "email": record.email,
            "title": record.title,
            "department": record.department,
            "manager": record.manager.key if record.manager else None,
            "is_active": record.is_active,
            "role": record.role,
        }
        values = {
            "display_name": record.name,
            "email": record.email,
            "title": record.title,
            "department": department_id,
            "manager": manager_id,
            "is_active": record.is_active,
            "role": record.role,
        }
        user_id = lookup.by_key.get(record.key)
        if user_id is None:
            user_id = lookup.by_name.get(name_key(record.email)) if record.email else None
            if user_id is None and name_key(record.name) not in lookup.ambiguous_names:
                user_id = lookup.by_name.get(name_key(record.name))
            if user_id is not None:
                self._adopt(record, user_id, snapshot)
                return
            self._create(record, values, snapshot)
            return
        before = ctx.snapshots("users", [record.key]).get(record.key, {})
        fields = {f for f, v in snapshot.items() if before.get(f) != v}
        if not fields:
            ctx.report.count("unchanged", "users")
            return
        ctx.report.count("updated", "users")
        if not ctx.writing or ctx.options.dry_run:
            return
        self._apply(user_id, {f: values[f] for f in fields})
        self._remember(record.key, user_id, snapshot, created=False)

    def _adopt(self, record: UserRecord, user_id: int, snapshot: dict[str, Any]) -> None:
        """A person already in keyact (same e-mail or name) becomes this source's record."""
        ctx = self.ctx
        ctx.lookups["users"].by_key[record.key] = user_id
        ctx.report.count("updated", "users")
        if not ctx.writing or ctx.options.dry_run:
            return
        Membership.objects.filter(user_id=user_id, organization=ctx.organization).update(
            external_source=ctx.source, external_id=record.key
        )
        self._remember(record.key, user_id, snapshot, created=True)

    def _create(self, record: UserRecord, values: dict[str, Any], snapshot: dict[str, Any]) -> None:
        ctx = self.ctx
        ctx.report.count("created", "users")
        if not ctx.writing or ctx.options.dry_run:
            ctx.lookups["users"].by_key[record.key] = -1
            return
        base = _username_base(record)
        username, n = base, 2
        while User.objects.filter(username=username).exists():
            username = f"{base}-{n}"
            n += 1
        membership = member_create(
            organization=ctx.organization,
            username=username,
            password=None,
            role=record.role or Role.REP,
            display_name=record.name.strip()[:150],
            email=record.email,
            manager_id=values["manager"],
            department_id=values["department"],
            title=record.title[:120],
        )
        Membership.objects.filter(pk=membership.pk).update(
            external_source=ctx.source, external_id=record.key, is_active=record.is_active
        )
        if not record.is_active:
            User.objects.filter(pk=membership.user_id).update(is_active=False)
        ctx.lookups["users"].by_key[record.key] = membership.user_id
        ctx.lookups["users"].add_name(record.name, membership.user_id)
        self._remember(record.key, membership.user_id, snapshot, created=True)

    def _apply(self, user_id: int, changes: dict[str, Any]) -> None:
        user_fields: dict[str, Any] = {
            k: changes[k] for k in ("display_name", "email") if k in changes
        }
        if "is_active" in changes:
            user_fields["is_active"] = changes["is_active"]
        if user_fields:
            User.objects.filter(pk=user_id).update(**user_fields)
        member_fields: dict[str, Any] = {}
        for field, column in (
            ("title", "title"),
            ("department", "department_id"),
            ("manager", "manager_id"),
            ("is_active", "is_active"),
            ("role", "role"),
        ):
            if field in changes:
                member_fields[column] = changes[field]
        if member_fields:
            Membership.objects.filter(user_id=user_id).update(**member_fields)

    def _remember(self, key: str, user_id: int, snapshot: dict[str, Any], *, created: bool) -> None:
        self._memory[key] = (user_id, snapshot)

    def _write_memory(self) -> None:
        """Replace what was remembered of these people (one delete and one bulk write)."""
        ctx = self.ctx
        if not self._memory or not ctx.writing or ctx.options.dry_run:
            return
        org_id = ctx.organization.pk
        ImportedRecord.objects.filter(
            organization_id=org_id, source=ctx.source, kind="users", external_id__in=self._memory
        ).delete()
        batch_id = ctx.options.batch.pk if ctx.options.batch else None
        write_rows(
            ImportedRecord,
            ["organization_id", "source", "kind", "external_id", "object_id", "values", "batch_id"],
            (
                (org_id, ctx.source, "users", key, user_id, snapshot, batch_id)
                for key, (user_id, snapshot) in self._memory.items()
            ),
        )
        self._memory.clear()


def users_for_names(ctx: ImportContext, names: dict[str, Origin]) -> list[UserRecord]:
    """People named in a sheet (owners) who are not in keyact yet, to be created."""
    lookup = ctx.lookups["users"]
    missing = []
    for name, origin in names.items():
        key = name_key(name)
        if key and key not in lookup.by_name and name not in lookup.by_key:
            missing.append(UserRecord(key=name, origin=origin, name=name))
    return missing
