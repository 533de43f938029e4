"""What the insights pages show: names in the reader's language, numbers in their format, and
the plain-language reading of each analysis. No statistics here: only wording."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from keyact.playbook.models import SalesMode

EN_DASH = " \u2013 "
FLAG_LABELS = {
    "not_enough_data": gettext_lazy("not enough data"),
    "separation": gettext_lazy("only on won or only on lost deals: no estimate"),
    "not_converged": gettext_lazy("model did not converge"),
    "not_significant": gettext_lazy("not significant"),
    "negative_association": gettext_lazy("goes with losing"),
    "wide_interval": gettext_lazy("interval too wide to rank"),
    "only_on_won_deals": gettext_lazy("only on won deals: a consequence of winning?"),
}


def localized(item: dict[str, Any]) -> str:
    """The item's name in the reader's language (the other one when missing)."""
    english, chinese = item.get("name_en") or "", item.get("name_zh") or ""
    if (get_language() or "").startswith("zh"):
        return str(chinese or english)
    return str(english or chinese)


def percent(value: float | None, digits: int = 0) -> str:
    """0.4213 → "42%" in the reader's number format; "—" for nothing."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, digits)}%"


def number(value: float | None, digits: int = 2) -> str:
    """A number in the reader's format; "—" for nothing."""
    if value is None:
        return "—"
    return number_format(value, digits, force_grouping=True)


def interval(pair: list[float | None] | None, digits: int = 2, as_percent: bool = False) -> str:
    """A 95% interval as "lo-hi" (open-ended when the upper bound is unbounded)."""
    if not pair:
        return "—"
    low, high = pair

    def show(value: float | None) -> str:
        return percent(value) if as_percent else number(value, digits)

    return f"{show(low)}{EN_DASH}{'∞' if high is None else show(high)}"


def flags(codes: list[str]) -> list[str]:
    """Readable flags."""
    return [str(FLAG_LABELS.get(c, c)) for c in codes]


def impact_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The impact table, ranked rows first."""
    rows = []
    for r in result["impact"]:
        rows.append(
            {
                **r,
                "name": localized(r),
                "rate_with": percent(r["win_rate_with"]),
                "rate_without": percent(r["win_rate_without"]),
                "lift_text": number(r["lift"]),
                "lift_ci_text": interval(r["lift_ci"]),
                "or_text": number(r["adjusted_odds_ratio"]),
                "or_ci_text": interval(r["adjusted_ci"]),
                "p_text": "—" if r["p_value_holm"] is None else _p(r["p_value_holm"]),
                "flag_labels": flags(r["flags"]),
                "positive": r["rank"] is not None and not r["flags"],
            }
        )
    return rows


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else number(value, 3)


def impact_reading(result: dict[str, Any]) -> list[str]:
    """Sentences a manager reads before the table."""
    meta = result["meta"]
    rows = result["impact"]
    sentences = [
        _(
            "%(n)s deals closed in the period (%(won)s won). For each activity type, deals "
            "that had it before their close date are compared with deals that did not."
        )
        % {"n": number(meta["deals_closed"], 0), "won": number(meta["deals_won"], 0)}
    ]
    drivers = [r for r in rows if r["rank"] is not None and not r["flags"]]
    for r in drivers[:3]:
        sentences.append(
            _(
                "Deals with “%(type)s” were won %(with)s of the time, against %(without)s "
                "without it (%(n_with)s and %(n_without)s deals). With deal size, sales mode, "
                "customer novelty, owner and the other activities held equal, the odds of "
                "winning were %(or)s times as high (95%% interval %(ci)s)."
            )
            % {
                "type": localized(r),
                "with": percent(r["win_rate_with"]),
                "without": percent(r["win_rate_without"]),
                "n_with": number(r["n_with"], 0),
                "n_without": number(r["n_without"], 0),
                "or": number(r["adjusted_odds_ratio"]),
                "ci": interval(r["adjusted_ci"]),
            }
        )
    if not drivers and rows:
        sentences.append(
            _("No activity type shows a clear association with winning in this period yet.")
        )
    negative = [r for r in rows if "negative_association" in r["flags"]]
    if negative:
        sentences.append(
            _(
                "Going with losing: %(types)s. Often a sign of trouble rather than its cause — "
                "look at what happens after it (Obstacles)."
            )
            % {"types": listed(f"“{localized(r)}”" for r in negative)}
        )
    thin = [r for r in rows if "not_enough_data" in r["flags"] or "wide_interval" in r["flags"]]
    if thin:
        sentences.append(
            _(
                "Not enough data to judge: %(types)s (fewer than 30 deals with or without it, "
                "fewer than 5 wins or losses on a side, or an estimate too uncertain to rank). "
                "They are not ranked."
            )
            % {"types": listed(f"“{localized(r)}”" for r in thin)}
        )
    return sentences


def listed(items: Iterable[str]) -> str:
    """Items in a sentence: "a, b" in English, "a、b" in Chinese (the enumeration comma)."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(items)


def mode_label(code: str) -> str:
    """A sales mode in words (deals without an amount have none)."""
    if code in SalesMode.values:
        return str(SalesMode(code).label)
    return _("no sales mode (no amount)")


def benchmark_reading(result: dict[str, Any]) -> list[str]:
    """Sentences about the top performers."""
    bench = result["benchmark"]
    if not bench["people"]:
        return [_("Nobody in your view closed at least 10 deals in the period.")]
    if not bench["enough_data"]:
        return [
            _(
                "%(n)s people closed at least 10 deals in the period: too few to compare a top "
                "group with the rest (at least 3 on each side)."
            )
            % {"n": number(len(bench["people"]), 0)}
        ]
    sentences = [
        _(
            "The top %(top)s of %(all)s people by won revenue and win rate are compared with "
            "the other %(rest)s on how often they do each activity per week."
        )
        % {
            "top": number(bench["n_top"], 0),
            "all": number(bench["n_top"] + bench["n_rest"], 0),
            "rest": number(bench["n_rest"], 0),
        }
    ]
    compared = [p for p in bench["people"] if p.get("compared", True)]
    modes = sorted({p["sales_mode"] for p in compared if "sales_mode" in p})
    if len(modes) > 1:
        sentences.append(
            _(
                "Each person is ranked against people of the same sales mode (%(modes)s), and "
                "activity rates are read against the average of that mode: a key-account "
                "manager's visits are never held against a small-order rep's."
            )
            % {"modes": listed(mode_label(m) for m in modes)}
        )
    alone = len(bench["people"]) - len(compared)
    if alone:
        sentences.append(
            ngettext(
                "%(n)s person is the only one of their sales mode in your view and is not "
                "compared.",
                "%(n)s people are the only ones of their sales mode in your view and are not "
                "compared.",
                alone,
            )
            % {"n": number(alone, 0)}
        )
    significant = [d for d in bench["differences"] if d["significant"]]
    for d in significant[:3]:
        sentences.append(
            _(
                "“%(type)s”: %(top)s a week in the top group against %(rest)s for the rest "
                "(effect size %(g)s)."
            )
            % {
                "type": localized(d),
                "top": number(d["top_rate"], 1),
                "rest": number(d["rest_rate"], 1),
                "g": number(d["effect_size"], 1),
            }
        )
    if not significant:
        sentences.append(_("No activity rate differs clearly between the top group and the rest."))
    else:
        sentences.append(
            _(
                "Some differences are consequences of winning (after-sale follow-ups, signing "
                "visits) rather than habits: read them with the Impact page."
            )
        )
    return sentences


def obstacles_reading(result: dict[str, Any]) -> list[str]:
    """Sentences about stalls and the funnel."""
    meta = result["meta"]
    stalls = [s for s in result["obstacles"]["stalls"] if not s["flags"]]
    sentences = [
        _(
            "A deal stalls after an activity when no customer activity follows within "
            "%(days)s days before it closes."
        )
        % {"days": meta["stall_days"]}
    ]
    if stalls and stalls[0]["stalled"]:
        top = stalls[0]
        sentences.append(
            _(
                "After “%(type)s”, %(rate)s of deals stalled (%(n)s deals); %(loss)s of the "
                "stalled deals were lost, against %(other)s of those that kept moving."
            )
            % {
                "type": localized(top),
                "rate": percent(top["stall_rate"]),
                "n": number(top["n"], 0),
                "loss": percent(top["loss_rate_if_stalled"]),
                "other": percent(top["loss_rate_if_not_stalled"]),
            }
        )
    stages = [s for s in result["obstacles"]["stages"] if s["conversion"] is not None]
    if stages:
        worst = min(stages, key=lambda s: s["conversion"])
        sentences.append(
            _("The weakest step of the funnel: %(stage)s, where %(rate)s of deals move on.")
            % {"stage": localized(worst), "rate": percent(worst["conversion"])}
        )
    return sentences


def _points(value: str) -> str:
    # Translators: a difference of win rates in percentage points.
    return _("%(value)s pp") % {"value": value}


def effectiveness_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The effectiveness table with its method in words."""
    methods = {
        "difference_in_differences": _("Difference in differences"),
        "association": _("Association only (no comparable period before)"),
        "not_enough_data": _("Not enough history yet"),
    }
    return [
        {
            **e,
            "name": localized(e),
            "method_label": str(methods.get(e["method"], e["method"])),
            "estimate_text": "—"
            if e["estimate"] is None
            else _points(f"{'+' if e['estimate'] >= 0 else ''}{number(e['estimate'] * 100, 1)}"),
            "ci_text": "—"
            if e["ci"] is None
            else _points(f"{number(e['ci'][0] * 100, 1)}{EN_DASH}{number(e['ci'][1] * 100, 1)}"),
        }
        for e in result["effectiveness"]
    ]


def _cell_rate(cell: dict[str, int]) -> str:
    return percent(cell["wins"] / cell["deals"] if cell["deals"] else None)


def effectiveness_reading(result: dict[str, Any]) -> list[str]:
    """Sentences about each key activity measured by difference in differences."""
    sentences = []
    for e in result["effectiveness"]:
        if e["method"] != "difference_in_differences" or e["ci"] is None:
            continue
        cells = e["cells"]
        low, high = e["ci"]
        if low > 0:
            verdict = _("The whole interval is above zero: a finding worth acting on.")
        elif high < 0:
            verdict = _(
                "The whole interval is below zero: meeting the targets went with doing worse."
            )
        else:
            verdict = _("The interval includes zero: not conclusive yet; keep measuring.")
        sentences.append(
            _(
                "“%(name)s”: the owners who met its targets won %(mb)s of their deals before "
                "publication and %(ma)s after; the others %(nb)s and %(na)s. The difference in "
                "differences is %(estimate)s percentage points (95%% interval %(low)s to "
                "%(high)s)."
            )
            % {
                "name": localized(e),
                "mb": _cell_rate(cells["met_before"]),
                "ma": _cell_rate(cells["met_after"]),
                "nb": _cell_rate(cells["not_met_before"]),
                "na": _cell_rate(cells["not_met_after"]),
                "estimate": number(e["estimate"] * 100, 1),
                "low": number(low * 100, 1),
                "high": number(high * 100, 1),
            }
            + " "
            + verdict
        )
    return sentences
