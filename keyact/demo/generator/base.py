"""The generator's state: options, random source, clock, ids and the time each phase took."""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from keyact.demo import names
from keyact.demo.calendar import is_working_day
from keyact.demo.generator.parameters import (
    DEMO_SLUG,
    LANGUAGES,
    SeedOptions,
)


class GeneratorBase:
    """Builds one organisation. Use ``run()``; everything random comes from ``self.rnd``."""

    def __init__(self, options: SeedOptions) -> None:
        self.o = options
        if options.language not in LANGUAGES:
            raise ValueError(f"unknown demo language {options.language!r}")
        # The content (customers, subjects, notes, teams) is written in the organisation's
        # language; the UI follows each reader's.
        self.zh = options.language == "zh-hans"
        self.rnd = random.Random(options.seed)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.today = options.today or timezone.localdate()
        self.start_day = self.today - dt.timedelta(days=round(options.months * 365.25 / 12))
        self.prefix = "" if options.slug == DEMO_SLUG else f"{options.slug}-"
        self.counts: dict[str, int] = {}
        self.usernames: set[str] = set()
        self.org_id = 0
        self.types: dict[str, int] = {}
        self.key: dict[str, int] = {}
        self.next_activity = 0
        self.participants: list[tuple[int, int]] = []
        self.activity_contacts: list[tuple[int, int]] = []
        self.phases: dict[str, float] = {}
        self._last_mark = time.perf_counter()

    def mark(self, phase: str) -> None:
        """Record how long the phase that just ended took."""
        now = time.perf_counter()
        self.phases[phase] = now - self._last_mark
        self._last_mark = now

    def at(self, day: dt.date, minutes: int) -> dt.datetime:
        """A local time on ``day``, ``minutes`` after midnight."""
        return dt.datetime(day.year, day.month, day.day, tzinfo=self.tz) + dt.timedelta(
            minutes=minutes
        )

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def say(self, zh: str, en: str) -> str:
        """The text in the organisation's language."""
        return zh if self.zh else en

    def person_name(self, english: bool) -> names.Person:
        """A Chinese name (in pinyin in an English demo), or an English given name with a
        Chinese surname (Emma Li)."""
        rnd = self.rnd
        surname, surname_py = rnd.choice(names.CN_SURNAMES)
        if english:
            given = rnd.choice(names.EN_GIVEN)
            return names.Person(f"{given} {surname_py.title()}", f"{given.lower()}.{surname_py}")
        given_zh, given_py = rnd.choice(names.CN_GIVEN)
        if not self.zh:  # an English-language organisation writes Chinese names in pinyin
            return names.Person(
                f"{surname_py.title()} {given_py.title()}", f"{surname_py}.{given_py}"
            )
        return names.Person(f"{surname}{given_zh}", f"{surname_py}.{given_py}")
