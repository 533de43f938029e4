"""Formats made of plain tables: a column mapping (given, or recognised from the headers) says
which column holds which field. The generic importer, HubSpot, Pipedrive, Odoo and Chinese
follow-up sheets are all this, with their own column names and value conventions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.integrations.formats.base import ColumnError, Dataset, Survey
from keyact.integrations.formats.table_values import (
    _CANCELLED,
    _ENGINE_FIELDS,
    _LOST,
    _WON,
    FIELDS,
    REQUIRED,
    FileMapping,
    _date,
    _flag,
    _full_name,
    html_text,
    parse_duration,
    status_of,
)
from keyact.integrations.parsing import (
    BadValue,
    clean_text,
    name_key,
    parse_decimal,
    parse_int,
)
from keyact.integrations.reading import SourceFile
from keyact.integrations.records import (
    ActivityRecord,
    ContactRecord,
    CustomerRecord,
    OpportunityRecord,
    Origin,
    Ref,
    RowFailure,
    UserRecord,
)
from keyact.integrations.report import Report


class TableDataset(Dataset):
    """Tables with a column mapping; the generic importer (``keyact import generic``)."""

    source = "generic"
    owners_by_name = True
    # kind → field → headers that mean it (compared case-insensitively).
    aliases: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}
    # File-name words that tell a file's kind (e.g. "calls" → activities).
    stems: ClassVar[dict[str, str]] = {}
    # Whether references between rows are names (True) or ids (False).
    links_by_name: ClassVar[bool] = True
    # Headers whose durations are not minutes: header → "ms" or "seconds".
    duration_units: ClassVar[dict[str, str]] = {}
    # The activity type of a file without a type column, by a word of its name.
    stem_types: ClassVar[dict[str, str]] = {}
    # Call outcomes stored as ids (HubSpot dispositions) → their labels.
    dispositions: ClassVar[dict[str, str]] = {}
    # Source type codes shown under a readable name (HubSpot's TODO → To-do).
    type_names: ClassVar[dict[str, str]] = {}
    # Create accounts that rows name but that are in neither the export nor keyact.
    creates_named_customers: ClassVar[bool] = False
    # The status of every activity when the format has only one kind (Odoo: planned).
    activity_status: ClassVar[str] = ""
    default_stages: ClassVar[dict[str, str]] = {
        "Prospecting": "Lead",
        "Engaging": "Qualified",
        "Qualification": "Qualified",
        "Proposal": "Proposal / quote",
        "Negotiation": "Negotiation",
        "Closed Won": "Won",
        "Closed Lost": "Lost",
        "初步接触": "线索",
        "需求确认": "需求确认",
        "方案报价": "报价",
        "谈判": "商务谈判",
    }
    default_types: ClassVar[dict[str, str]] = {
        "call": "communication",
        "phone call": "communication",
        "email": "communication",
        "e-mail": "communication",
        "meeting": "appointment",
        "visit": "visit",
        "demo": "product_demo",
        "电话": "communication",
        "微信": "communication",
        "短信": "communication",
        "邮件": "communication",
        "拜访": "visit",
        "上门拜访": "visit",
        "面谈": "appointment",
        "约见": "appointment",
        "会议": "appointment",
        "演示": "product_demo",
        "产品演示": "product_demo",
        "投标": "bid",
        "谈判": "negotiation",
        "商务谈判": "negotiation",
    }

    def __init__(self, files: list[SourceFile], **kwargs: Any) -> None:
        super().__init__(files, **kwargs)
        self.by_name = bool(self.mapping.get("links_by_name", type(self).links_by_name))
        self.scale: dict[str, Decimal] = {
            k: Decimal(str(v)) for k, v in self.mapping.get("scale", {}).items()
        }
        self._mappings: list[tuple[SourceFile, FileMapping]] | None = None
        self._current: dict[str, FileMapping] = {}

    # -- which file is what ----------------------------------------------------------------
    def file_mappings(self, report: Report) -> list[tuple[SourceFile, FileMapping]]:
        """The files with their mapping: given in the mapping, else recognised."""
        if self._mappings is not None:
            return self._mappings
        given: dict[str, Any] = self.mapping.get("files", {})
        result: list[tuple[SourceFile, FileMapping]] = []
        for file in self.files:
            spec = given.get(file.name) or given.get(file.stem) or given.get("*")
            if spec:
                result.append((file, FileMapping(spec["kind"], dict(spec["columns"]))))
                continue
            for table in self.tables([file], report):
                mapping = self.recognise(file, table.header)
                if mapping is None:
                    report.error(
                        file.name,
                        None,
                        "",
                        "",
                        _("Columns not recognised: map them to keyact's fields."),
                    )
                else:
                    result.append((file, mapping))
        self._mappings = result
        return result

    def recognise(self, file: SourceFile, header: list[str]) -> FileMapping | None:
        """The kind whose known column names cover the header best (required ones present)."""
        folded = {h.casefold(): h for h in header}
        hinted = next(
            (kind for word, kind in self.stems.items() if word in file.stem.casefold()), None
        )
        best: tuple[int, str, dict[str, str]] | None = None
        for kind, fields in self.aliases.items():
            columns: dict[str, str] = {}
            for field, names in fields.items():
                found = next((folded[a.casefold()] for a in names if a.casefold() in folded), None)
                if found is not None:
                    columns[field] = found  # the first name listed wins
            if not all(f in columns for f in REQUIRED[kind]):
                continue
            score = len(columns) + (100 if kind == hinted else 0)
            if best is None or score > best[0]:
                best = (score, kind, columns)
        return None if best is None else FileMapping(best[1], best[2])

    # -- rows of one kind --------------------------------------------------------------------
    def _rows(
        self, kind: str, report: Report
    ) -> Iterator[tuple[Origin, dict[str, str], dict[str, str]]]:
        """(origin, values by field, the raw row) of every file holding ``kind``."""
        for file, mapping in self.file_mappings(report):
            if mapping.kind != kind:
                continue
            self._current[kind] = mapping
            for table in self.tables([file], report):
                stem_type = next(
                    (t for w, t in self.stem_types.items() if w in file.stem.casefold()), ""
                )
                for line, row in table.rows:
                    values = {f: row.get(c, "") for f, c in mapping.columns.items()}
                    if stem_type and not values.get("type"):
                        values["type"] = stem_type
                    if not values.get("name") and (
                        values.get("first_name") or values.get("last_name")
                    ):
                        values["name"] = _full_name(
                            values.get("first_name", ""), values.get("last_name", "")
                        )
                    yield Origin(file.name, line), values, row

    def _ref(self, text: str) -> Ref | None:
        """A link to another row: the first of several ids separated by ``;`` (HubSpot)."""
        refs = self._refs(text)
        return refs[0] if refs else None

    def _refs(self, text: str) -> list[Ref]:
        value = clean_text(text)
        if not value:
            return []
        parts = [p.strip() for p in value.split(";")] if not self.by_name else [value]
        return [Ref(p, by_name=self.by_name) for p in parts if p]

    def _owner(self, text: str) -> Ref | None:
        """People are named (an owner's id in another system means nothing here)."""
        value = clean_text(text)
        return Ref(value, by_name=True) if value else None

    def _key(self, kind: str, values: dict[str, str]) -> str:
        key = clean_text(values.get("key", ""))
        if key:
            return key
        # No id column: the row's content is its identity, so the same sheet imports once.
        digest = hashlib.sha1(repr(sorted(values.items())).encode("utf-8")).hexdigest()
        return f"row:{digest[:24]}"

    def _number(self, kind: str, field: str, text: str, column: str) -> Decimal | None:
        try:
            value = parse_decimal(text)
        except BadValue as exc:
            raise ColumnError(column, str(exc)) from exc
        factor = self.scale.get(f"{kind}.{field}")
        return value * factor if value is not None and factor is not None else value

    def column(self, kind: str, field: str) -> str:
        """The header mapped to a field in the file being read (for the report)."""
        mapping = self._current.get(kind)
        if mapping is not None and field in mapping.columns:
            return mapping.columns[field]
        return field

    def column_for(self, kind: str, field: str) -> str:
        return self.column(kind, _ENGINE_FIELDS.get(field, field))

    # -- survey --------------------------------------------------------------------------------
    def survey(self, report: Report) -> Survey:
        survey = Survey()
        quiet = Report()
        listed: set[str] = set()  # people with a row of their own
        self.file_mappings(report)
        for kind in FIELDS:
            for origin, values, raw in self._rows(kind, quiet):
                survey.rows[kind] += 1
                if kind == "users" and values.get("name"):
                    listed.add(clean_text(values["name"]))
                self._survey_names(survey, kind, origin, values)
                if kind == "activities":
                    label = self.type_label(values, raw)
                    survey.type_labels[label] += 1
                    if any(values.get(f) for f in ("customer", "opportunity", "contact")):
                        survey.type_labels_with_customer[label] += 1
                if kind == "opportunities":
                    survey.stage_labels[values.get("stage", "")] += 1
        for name in listed:
            survey.owner_names.pop(name, None)
        return survey

    def _survey_names(
        self, survey: Survey, kind: str, origin: Origin, values: dict[str, str]
    ) -> None:
        """People and customers a row names (when records link by name), first mention kept."""
        if not self.by_name:
            return
        for field in ("owner", "manager"):
            name = clean_text(values.get(field, ""))
            if name:
                survey.owner_names.setdefault(name, origin)
        customer = clean_text(values.get("customer", ""))
        if kind != "customers" and customer:
            survey.customer_names.setdefault(
                customer, (origin, clean_text(values.get("owner", "")))
            )

    def type_label(self, values: dict[str, str], raw: dict[str, str]) -> str:
        """The activity type label of a row."""
        label = clean_text(values.get("type", ""))
        return self.type_names.get(label, label)

    # -- records -------------------------------------------------------------------------------
    def users(self, report: Report) -> list[UserRecord]:
        result = []
        for origin, v, _raw in self._rows("users", report):
            name = clean_text(v.get("name", ""))
            result.append(
                UserRecord(
                    key=clean_text(v.get("key", "")) or name,
                    origin=origin,
                    name=name,
                    username=clean_text(v.get("username", "")),
                    email=clean_text(v.get("email", "")),
                    title=clean_text(v.get("title", "")),
                    department=clean_text(v.get("department", "")),
                    manager=self._owner(v.get("manager", "")),
                    is_active=_flag(v.get("active", ""), default=True),
                )
            )
        return result

    def departments(self, report: Report) -> list[Any]:
        from keyact.integrations.records import DepartmentRecord

        seen: dict[str, DepartmentRecord] = {}
        for origin, v, _raw in self._rows("users", Report()):
            name = clean_text(v.get("department", ""))
            if name and name not in seen:
                seen[name] = DepartmentRecord(name, origin, name)
        return list(seen.values())

    def customers(self, report: Report) -> Iterator[CustomerRecord | RowFailure]:
        for origin, v, _raw in self._rows("customers", report):
            key = self._key("customers", v) if v.get("key") else clean_text(v.get("name", ""))
            try:
                employees = parse_int(v.get("employees", ""))
            except BadValue as exc:
                yield RowFailure(key, origin, self.column("customers", "employees"), str(exc))
                continue
            try:
                revenue = self._number(
                    "customers",
                    "annual_revenue",
                    v.get("annual_revenue", ""),
                    self.column("customers", "annual_revenue"),
                )
            except ColumnError as exc:
                yield RowFailure(key, origin, exc.column, exc.reason)
                continue
            yield CustomerRecord(
                key=key,
                origin=origin,
                name=clean_text(v.get("name", "")),
                industry=clean_text(v.get("industry", "")),
                employees=employees,
                annual_revenue=revenue,
                owner=self._owner(v.get("owner", "")),
                address=clean_text(v.get("address", "")),
            )

    def contacts(self, report: Report) -> Iterator[ContactRecord | RowFailure]:
        for origin, v, _raw in self._rows("contacts", report):
            yield ContactRecord(
                key=self._key("contacts", v) if v.get("key") else clean_text(v.get("name", "")),
                origin=origin,
                name=clean_text(v.get("name", "")),
                customer=self._ref(v.get("customer", "")),
                title=clean_text(v.get("title", "")),
                phone=clean_text(v.get("phone", "")),
                email=clean_text(v.get("email", "")),
            )

    def opportunities(self, report: Report) -> Iterator[OpportunityRecord | RowFailure]:
        for origin, v, _raw in self._rows("opportunities", report):
            key = self._key("opportunities", v) if v.get("key") else clean_text(v.get("name", ""))
            try:
                amount = self._number(
                    "opportunities",
                    "amount",
                    v.get("amount", ""),
                    self.column("opportunities", "amount"),
                )
                close = _date(v.get("close_date", ""), self.column("opportunities", "close_date"))
                created = self.moment(
                    v.get("created_at", ""), self.column("opportunities", "created_at")
                )
            except ColumnError as exc:
                yield RowFailure(key, origin, exc.column, exc.reason)
                continue
            stage = clean_text(v.get("stage", ""))
            status = name_key(v.get("status", "")) or name_key(stage)
            won = True if status in _WON else (False if status in _LOST else None)
            yield OpportunityRecord(
                key=key,
                origin=origin,
                name=clean_text(v.get("name", "")),
                customer=self._ref(v.get("customer", "")),
                owner=self._owner(v.get("owner", "")),
                stage=stage,
                closed=True if won is not None else None,
                won=won,
                amount=amount,
                currency=clean_text(v.get("currency", "")) or self.mapping.get("currency", ""),
                close_date=close,
                created_at=created[0] if created else None,
                lead_source=clean_text(v.get("lead_source", "")),
            )

    def activities(self, report: Report) -> Iterator[ActivityRecord | RowFailure]:
        now = timezone.now()
        for origin, v, raw in self._rows("activities", report):
            key = self._key("activities", v)
            if name_key(v.get("status", "")) in _CANCELLED:
                report.warning(
                    origin.file,
                    origin.line,
                    key,
                    self.column("activities", "status"),
                    _("Cancelled in the source: not imported."),
                )
                report.count("skipped", "activities")
                continue
            try:
                records = self.activity(key, origin, v, raw, now)
            except ColumnError as exc:
                yield RowFailure(key, origin, exc.column, exc.reason)
                continue
            except BadValue as exc:
                yield RowFailure(key, origin, "", str(exc))
                continue
            yield from records

    def activity(
        self,
        key: str,
        origin: Origin,
        v: dict[str, str],
        raw: dict[str, str],
        now: dt.datetime,
    ) -> list[ActivityRecord]:
        """One row's activity, and its planned follow-up when the row has a next date."""

        def col(field: str) -> str:
            return self.column("activities", field)

        when = self._when(v.get("date", ""), v.get("time", ""), col("date"))
        end = self.moment(v.get("end", ""), col("end"))
        unit = self.duration_units.get(col("duration"), "minutes")
        try:
            duration = parse_duration(v.get("duration", ""), unit)
        except BadValue as exc:
            raise ColumnError(col("duration"), str(exc)) from exc
        try:
            status = status_of(v.get("status", ""))
        except BadValue as exc:
            raise ColumnError(col("status"), str(exc)) from exc
        if status is None and self.activity_status:
            status = self.activity_status
        if status is None and when is not None:
            status = Activity.Status.DONE if when <= now else Activity.Status.PLANNED
        created = self.moment(v.get("created_at", ""), col("created_at"))
        record = ActivityRecord(
            key=key,
            origin=origin,
            type=self.type_label(v, raw),
            status=status or Activity.Status.DONE,
            occurred_at=when,
            ended_at=end[0] if end else None,
            duration_minutes=duration,
            owner=self._owner(v.get("owner", "")),
            customer=self._ref(v.get("customer", "")),
            opportunity=self._ref(v.get("opportunity", "")),
            contacts=self._refs(v.get("contact", "")),
            subject=self._subject(v),
            notes=html_text(clean_text(v.get("notes", ""))),
            created_at=created[0] if created else None,
        )
        result = [record]
        next_when = self._when(v.get("next_date", ""), "", col("next_date"))
        if next_when is not None:
            result.append(
                ActivityRecord(
                    key=f"{key}:next",
                    origin=origin,
                    type=record.type,
                    status=Activity.Status.PLANNED,
                    occurred_at=next_when,
                    owner=record.owner,
                    customer=record.customer,
                    opportunity=record.opportunity,
                    contacts=list(record.contacts),
                    subject=_("Next follow-up"),
                )
            )
        return result

    def _subject(self, v: dict[str, str]) -> str:
        subject = clean_text(v.get("subject", ""))
        disposition = clean_text(v.get("disposition", ""))
        outcome = self.dispositions.get(disposition.casefold(), disposition)
        if outcome:
            return f"{subject} ({outcome})" if subject else outcome
        return subject

    def _when(self, date_text: str, time_text: str, column: str) -> dt.datetime | None:
        text = date_text.strip()
        if time_text.strip() and text and ":" not in text:
            text = f"{text} {time_text.strip()}"
        moment = self.moment(text, column)
        return moment[0] if moment else None
