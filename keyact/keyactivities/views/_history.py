"""A key activity's history written as sentences in the reader's language.

Each version stores its changes as ``{field: [before, after]}`` (ids, codes, raw values). This
module turns them into what a manager would say: names instead of ids, labels instead of codes,
periods as people name them — "王伟 became an owner.", "Target of 李娜 for December 2026: 10 →
12." Unknown fields still read as a sentence with the field's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keyact.activities.models import ActivityType
from keyact.core.bilingual import bilingual_pick, reader_is_chinese
from keyact.keyactivities.catalog import TEMPLATES
from keyact.keyactivities.forms import WEEKDAYS, period_label
from keyact.keyactivities.models import Change, KeyActivity, TrackingFrequency
from keyact.keyactivities.selectors import key_activity_history
from keyact.orgs.models import Department
from keyact.users.models import User

ACTION_LABELS = {
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Definition changed"),
    "template": gettext_lazy("Filled from the template"),
    "stages": gettext_lazy("Staged standard changed"),
    "quality": gettext_lazy("Quality standard changed"),
    "guide": gettext_lazy("Operating guide changed"),
    "training": gettext_lazy("Training changed"),
    "tools": gettext_lazy("Tools changed"),
    "owners": gettext_lazy("Owners changed"),
    "staffing_gap": gettext_lazy("Marked as a staffing gap"),
    "targets": gettext_lazy("Targets changed"),
    "published": gettext_lazy("Published"),
    "retired": gettext_lazy("Retired"),
}
# The template's history names its stages in English only; the catalog knows the Chinese.
TEMPLATE_STAGE_NAMES = {
    stage.name.en: stage.name.zh for template in TEMPLATES.values() for stage in template.stages
}
# Timestamps the action itself already tells ("Published", "Retired").
SILENT_FIELDS = {"published_at", "retired_at"}


@dataclass
class Lookups:
    """Names of what the history refers to by id."""

    people: dict[int, str] = field(default_factory=dict)
    types: dict[int, str] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)
    steps: dict[int, str] = field(default_factory=dict)
    training: dict[int, str] = field(default_factory=dict)
    # The tracking frequency in force after each version (a review day reads by it).
    frequency: dict[int, str] = field(default_factory=dict)


def _pick(pair: Any) -> str:
    """The text of an ``[en, zh]`` pair (or longer list) in the reader's language."""
    texts = [str(v) for v in (pair or []) if isinstance(v, str) and v]
    if not texts:
        return "—"
    if isinstance(pair, list) and len(pair) >= 2 and all(isinstance(v, str) for v in pair[:2]):
        return bilingual_pick(str(pair[0]), str(pair[1]))
    return texts[0]


def _space() -> str:
    """Between two sentences: nothing in Chinese, a space in English."""
    return "" if reader_is_chinese() else " "


def _names(ids: Any, names: dict[int, str]) -> str:
    items = [names.get(int(pk), f"#{pk}") for pk in (ids or [])]
    return "、".join(items) if reader_is_chinese() else ", ".join(items)


def _date(value: Any) -> str:
    if isinstance(value, str):
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


def _value(model_field: Any, value: Any) -> str:
    """A stored value as a reader sees it: choice labels, dates, yes / no, lists."""
    if value in (None, "", []):
        return "—"
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    if choices and not isinstance(value, list):
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        separator = "；" if reader_is_chinese() else "; "  # noqa: RUF001
        return separator.join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        return _date(value)
    return str(value)


def _scalar(name: str, before: Any, after: Any) -> str:
    try:
        model_field: Any = KeyActivity._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    label = str(getattr(model_field, "verbose_name", "") or name.replace("_", " "))
    label = label[:1].upper() + label[1:]
    shown_before, shown_after = _value(model_field, before), _value(model_field, after)
    if shown_before == "—":
        return _("%(field)s: %(after)s.") % {"field": label, "after": shown_after}
    if shown_after == "—":
        return _("%(field)s cleared (it was %(before)s).") % {
            "field": label,
            "before": shown_before,
        }
    return _("%(field)s changed from “%(before)s” to “%(after)s”.") % {
        "field": label,
        "before": shown_before,
        "after": shown_after,
    }


def _stages(stages: Any, lookups: Lookups) -> str:
    parts = []
    for stage in stages or []:
        if len(stage) >= 4:  # [name_en, name_zh, type_id, quantity]
            name = _pick(stage[:2])
            if name == "—":
                name = lookups.types.get(int(stage[2]), "—")
            parts.append(f"{name} {stage[3]}")
        elif len(stage) == 2:  # the template's [name_en, quantity]
            parts.append(f"{_pick([stage[0], TEMPLATE_STAGE_NAMES.get(stage[0], '')])} {stage[1]}")
    return " → ".join(parts) if parts else "—"


def _owners(before: Any, after: Any, lookups: Lookups) -> list[str]:
    old = {int(pk): bool(lead) for pk, lead in (before or [])}
    new = {int(pk): bool(lead) for pk, lead in (after or [])}
    sentences = []
    added = [pk for pk in new if pk not in old]
    removed = [pk for pk in old if pk not in new]
    if added:
        sentences.append(
            _("%(names)s became owners.") % {"names": _names(added, lookups.people)}
            if len(added) > 1
            else _("%(name)s became an owner.") % {"name": _names(added, lookups.people)}
        )
    if removed:
        sentences.append(
            _("%(names)s are no longer owners.") % {"names": _names(removed, lookups.people)}
        )
    lead_before = next((pk for pk, lead in old.items() if lead), None)
    lead_after = next((pk for pk, lead in new.items() if lead), None)
    if lead_after != lead_before:
        if lead_after is None:
            sentences.append(_("Nobody leads it now."))
        else:
            sentences.append(
                _("%(name)s leads it.") % {"name": lookups.people.get(lead_after, "—")}
            )
    return sentences


def _review_day(day: Any, frequency: str) -> str:
    """A review day as people say it: a weekday, or a day of the month."""
    if not isinstance(day, int):
        return "—"
    if frequency == TrackingFrequency.MONTHLY:
        return _("day %(day)s of the month") % {"day": day}
    return str(dict(WEEKDAYS).get(day, day))


def _review_sentence(change: Change, before: Any, after: Any, lookups: Lookups) -> str:
    after_frequency = lookups.frequency.get(change.version, TrackingFrequency.WEEKLY)
    before_frequency = lookups.frequency.get(change.version - 1, after_frequency)
    values = {
        "before": _review_day(before, before_frequency),
        "after": _review_day(after, after_frequency),
    }
    if before is None:
        return _("Review day: %(after)s.") % values
    return _("Review day changed from %(before)s to %(after)s.") % values


def _quantities(value: Any) -> str:
    """A target as stored, ``[quantity, *per stage]``: the stages when there are (the first
    stage is the target itself), else the quantity."""
    if value in (None, []):
        return "—"
    if isinstance(value, list):
        return " → ".join(str(v) for v in value[1:]) if len(value) > 2 else str(value[0])
    return str(value)


def _types_sentence(before: Any, after: Any, lookups: Lookups) -> str:
    text = _("Activities that count: %(after)s.") % {"after": _names(after, lookups.types) or "—"}
    if before:
        text += _space() + _("Before: %(before)s.") % {"before": _names(before, lookups.types)}
    return text


def _stages_sentence(before: Any, after: Any, lookups: Lookups) -> str:
    if before:
        return _("Stages: %(after)s (before: %(before)s).") % {
            "after": _stages(after, lookups),
            "before": _stages(before, lookups),
        }
    return _("Stages: %(after)s.") % {"after": _stages(after, lookups)}


def _guide_step_added(after: Any) -> str:
    text = _("Guide step added: “%(text)s”.") % {"text": _pick(after)}
    if isinstance(after, list) and len(after) > 2 and after[2]:
        text += _space() + _("With an attachment.")
    return text


def _tool_removed(before: Any) -> str:
    removed = before if isinstance(before, list) else []
    text = _pick(removed[1:3] if len(removed) > 2 else removed)
    return _("Tool removed: “%(name)s”.") % {"name": text}


def _training_completed(name: str, after: Any, lookups: Lookups) -> str:
    _t, item, owner = name.split(".")
    return _("%(name)s completed the training “%(title)s” on %(date)s.") % {
        "name": lookups.people.get(int(owner), f"#{owner}"),
        "title": lookups.training.get(int(item), "—"),
        "date": _date(after),
    }


def _target(name: str, before: Any, after: Any, ka: KeyActivity, lookups: Lookups) -> str:
    _t, period, owner = name.split(".")
    values = {
        "name": lookups.people.get(int(owner), f"#{owner}"),
        "period": period_label(ka.period, dt.date.fromisoformat(period)),
        "after": _quantities(after),
        "before": _quantities(before),
    }
    if before not in (None, []):
        return _("Target of %(name)s for %(period)s: %(after)s (it was %(before)s).") % values
    return _("Target of %(name)s for %(period)s: %(after)s.") % values


def _team_target(name: str, before: Any, after: Any, ka: KeyActivity, lookups: Lookups) -> str:
    _t, period, team = name.split(".")
    values = {
        "team": lookups.teams.get(int(team), f"#{team}"),
        "period": period_label(ka.period, dt.date.fromisoformat(period)),
        "after": _quantities(after),
        "before": _quantities(before),
    }
    if before not in (None, []):
        return _("Team target of %(team)s for %(period)s: %(after)s (it was %(before)s).") % values
    return _("Team target of %(team)s for %(period)s: %(after)s.") % values


# Each recorded name and the sentence it reads as: (name, before, after, change, key activity,
# lookups) -> sentence. Names with a period or an owner in them go by their prefix.
_Sentence = Callable[[str, Any, Any, Change, KeyActivity, Lookups], str]
_SENTENCES: dict[str, _Sentence] = {
    "activity_type_ids": lambda n, b, a, c, k, lk: _types_sentence(b, a, lk),
    "supporter_ids": lambda n, b, a, c, k, lk: (
        _("Supporters: %(after)s.") % {"after": _names(a, lk.people) or "—"}
    ),
    "checklist_step_ids": lambda n, b, a, c, k, lk: (
        _("The checklist requires: %(after)s.") % {"after": _names(a, lk.steps) or "—"}
    ),
    "stages": lambda n, b, a, c, k, lk: _stages_sentence(b, a, lk),
    "guide_step_added": lambda n, b, a, c, k, lk: _guide_step_added(a),
    "guide_step_removed": lambda n, b, a, c, k, lk: (
        _("Guide step removed: “%(text)s”.") % {"text": _pick(b)}
    ),
    "guide_order": lambda n, b, a, c, k, lk: _("Guide steps put in a new order."),
    "guide_steps": lambda n, b, a, c, k, lk: _("%(n)s guide steps added.") % {"n": a},
    "training_added": lambda n, b, a, c, k, lk: (
        _("Training added: “%(title)s”.") % {"title": _pick(a)}
    ),
    "training_removed": lambda n, b, a, c, k, lk: (
        _("Training removed: “%(title)s”.") % {"title": _pick(b)}
    ),
    "tool_added": lambda n, b, a, c, k, lk: (
        _("Tool added: “%(name)s”.") % {"name": _pick((a or [])[1:3])}
    ),
    "tool_removed": lambda n, b, a, c, k, lk: _tool_removed(b),
    "review_day": lambda n, b, a, c, k, lk: _review_sentence(c, b, a, lk),
    "template_code": lambda n, b, a, c, k, lk: _("Filled from the article's worked example."),
}
_PREFIX_SENTENCES: tuple[tuple[str, _Sentence], ...] = (
    ("training_completed.", lambda n, b, a, c, k, lk: _training_completed(n, a, lk)),
    ("target.", lambda n, b, a, c, k, lk: _target(n, b, a, k, lk)),
    ("team_target.", lambda n, b, a, c, k, lk: _team_target(n, b, a, k, lk)),
)


def _sentence_for(name: str) -> _Sentence | None:
    if name in _SENTENCES:
        return _SENTENCES[name]
    return next((f for prefix, f in _PREFIX_SENTENCES if name.startswith(prefix)), None)


def sentences(change: Change, ka: KeyActivity, lookups: Lookups) -> list[str]:
    """What one version changed, as sentences."""
    if change.action == "created":
        values = {k: v[1] for k, v in change.changes.items()}
        name = _pick([values.get("name_en") or "", values.get("name_zh") or ""])
        return [_("Created as “%(name)s”.") % {"name": name}]
    result: list[str] = []
    for name, pair in change.changes.items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if name in SILENT_FIELDS:
            continue
        if name == "owners":
            result += _owners(before, after, lookups)
            continue
        sentence = _sentence_for(name)
        if sentence is None:
            result.append(_scalar(name, before, after))
        else:
            result.append(sentence(name, before, after, change, ka, lookups))
    return result


def _frequencies(history: list[Change]) -> dict[int, str]:
    """The tracking frequency in force at each version."""
    frequency: dict[int, str] = {}
    current = str(TrackingFrequency.WEEKLY)
    for change in sorted(history, key=lambda c: c.version):
        pair = change.changes.get("tracking_frequency")
        if isinstance(pair, list) and pair and isinstance(pair[-1], str):
            current = pair[-1]
        frequency[change.version] = current
    return frequency


def _lookups(ka: KeyActivity, history: list[Change]) -> Lookups:
    people: set[int] = set()
    types: set[int] = set()
    teams: set[int] = set()
    for change in history:
        for name, pair in change.changes.items():
            sides = [side for side in (pair if isinstance(pair, list) else [pair]) if side]
            if name == "owners":
                people.update(int(pk) for side in sides for pk, _lead in side)
            elif name == "supporter_ids":
                people.update(int(pk) for side in sides for pk in side)
            elif name == "activity_type_ids":
                types.update(int(pk) for side in sides for pk in side)
            elif name == "stages":
                types.update(int(s[2]) for side in sides for s in side if len(s) >= 4)
            elif name.startswith(("target.", "training_completed.")):
                people.add(int(name.rsplit(".", 1)[1]))
            elif name.startswith("team_target."):
                teams.add(int(name.rsplit(".", 1)[1]))
    return Lookups(
        frequency=_frequencies(history),
        people={u.pk: u.label for u in User.objects.filter(pk__in=people)},
        types={t.pk: t.name for t in ActivityType.objects.filter(pk__in=types)},
        teams={d.pk: d.name for d in Department.objects.filter(pk__in=teams)},
        steps={s.pk: s.text for s in ka.guide_steps.all()},
        training={t.pk: t.title for t in ka.training_items.all()},
    )


def history_rows(ka: KeyActivity) -> list[dict[str, Any]]:
    """The version history, newest first as stored, each version with its sentences."""
    history = list(key_activity_history(key_activity=ka))
    lookups = _lookups(ka, history)
    return [
        {
            "version": change.version,
            "changed_at": change.changed_at,
            "changed_by": change.changed_by,
            "action": ACTION_LABELS.get(change.action, change.action),
            "sentences": sentences(change, ka, lookups),
        }
        for change in history
    ]
