"""Demo seeding: deterministic, consistent with the services' invariants, the documented logins."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from keyact.activities.models import Activity, ActivityChange, Outcome
from keyact.activities.selectors import my_day
from keyact.core.bulk import indexes_rebuilt_at_end
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, StageChange
from keyact.demo.generator import DEMO_PASSWORD, SeedOptions, seed_organization
from keyact.orgs.models import Membership, Organization, Role
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 18)  # a Wednesday, after Spring Festival


def small(slug: str, seed: int = 7, **extra: object) -> SeedOptions:
    return SeedOptions(slug=slug, name=slug, reps=4, months=3, seed=seed, today=TODAY, **extra)  # type: ignore[arg-type]


def fingerprint(org: Organization, limit: int = 200) -> list[tuple[object, ...]]:
    """The first activities, independent of ids and of the username prefix of the slug."""
    rows = (
        Activity.objects.filter(organization=org)
        .order_by("id")
        .values_list(
            "type__code",
            "owner__display_name",
            "status",
            "occurred_at",
            "customer__name",
            "outcome",
            "commitment_text",
            "subject",
        )[:limit]
    )
    return list(rows)


def counts(org: Organization) -> dict[str, int]:
    return {
        "activities": Activity.objects.filter(organization=org).count(),
        "customers": Customer.objects.filter(organization=org).count(),
        "contacts": Contact.objects.filter(organization=org).count(),
        "opportunities": Opportunity.objects.filter(organization=org).count(),
        "stage_changes": StageChange.objects.filter(opportunity__organization=org).count(),
        "members": Membership.objects.filter(organization=org).count(),
    }


def test_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    first = seed_organization(small("one"))
    second = seed_organization(small("two"))
    other = seed_organization(small("three", seed=8))
    org1, org2, org3 = (
        Organization.objects.get(pk=r.organization_id) for r in (first, second, other)
    )
    assert first.counts == second.counts
    assert counts(org1) == counts(org2)
    assert fingerprint(org1) == fingerprint(org2)
    assert len(fingerprint(org1)) == 200
    assert fingerprint(org1) != fingerprint(org3)


def test_seeded_records_keep_the_service_invariants() -> None:
    report = seed_organization(small("inv"))
    org = Organization.objects.get(pk=report.organization_id)
    activities = Activity.objects.filter(organization=org)
    assert activities.count() == report.counts["activities"] > 500
    # Organisation ids agree along every reference.
    assert not activities.exclude(type__organization=org).exists()
    assert not activities.exclude(owner__membership__organization=org).exists()
    assert (
        not activities.filter(customer__isnull=False).exclude(customer__organization=org).exists()
    )
    assert (
        not activities.filter(opportunity__isnull=False)
        .exclude(opportunity__organization=org)
        .exists()
    )
    # An activity's customer is its opportunity's customer.
    assert (
        not activities.filter(opportunity__isnull=False)
        .exclude(customer_id=F("opportunity__customer_id"))
        .exists()
    )
    # Done activities are completed facts; planned ones have no outcome yet.
    done = activities.filter(status=Activity.Status.DONE)
    assert not done.filter(Q(completed_at__isnull=True) | Q(ended_at__lt=F("occurred_at"))).exists()
    planned = activities.filter(status=Activity.Status.PLANNED)
    assert planned.exists()
    assert not planned.exclude(outcome="").exists()
    assert not planned.filter(completed_at__isnull=False).exists()
    assert not activities.filter(outcome=Outcome.COMMITMENT, commitment_text="").exists()
    assert not activities.exclude(outcome__in=["", *Outcome.values]).exists()
    # Creation is recorded on the row itself (the audit table holds later changes only).
    assert not ActivityChange.objects.filter(activity__organization=org).exists()
    assert not activities.filter(created_by__isnull=True).exists()
    # Contacts belong to the activity's customer; participants to the organisation.
    through = Activity.contacts.through.objects.filter(activity__organization=org)
    assert through.exists()
    assert not through.exclude(contact__customer_id=F("activity__customer_id")).exists()
    participants = Activity.participants.through.objects.filter(activity__organization=org)
    assert not participants.exclude(user__membership__organization=org).exists()
    # No done activity is in the future.
    tomorrow = dt.datetime.combine(TODAY, dt.time.min, tzinfo=dt.UTC) + dt.timedelta(days=1)
    assert not done.filter(occurred_at__gte=tomorrow).exists()


def test_opportunity_status_closed_date_and_stage_history_agree() -> None:
    report = seed_organization(small("deals"))
    opportunities = Opportunity.objects.filter(organization_id=report.organization_id)
    statuses = Counter(opportunities.values_list("status", flat=True))
    assert statuses["won"] > 0 and statuses["lost"] > 0 and statuses["open"] > 0
    assert not opportunities.exclude(customer__organization_id=report.organization_id).exists()
    assert not opportunities.filter(status="won").exclude(stage__is_won=True).exists()
    assert not opportunities.filter(status="lost").exclude(stage__is_lost=True).exists()
    assert (
        not opportunities.filter(status="open")
        .filter(Q(stage__is_won=True) | Q(stage__is_lost=True) | Q(closed_date__isnull=False))
        .exists()
    )
    assert not opportunities.exclude(status="open").filter(closed_date__isnull=True).exists()
    assert not opportunities.filter(amount__lte=0).exists()
    history: dict[int, list[StageChange]] = defaultdict(list)
    for change in StageChange.objects.filter(opportunity__in=opportunities).order_by("id"):
        history[change.opportunity_id].append(change)
    for opportunity in opportunities:
        changes = history[opportunity.pk]
        assert changes[0].from_stage_id is None
        for before, after in itertools.pairwise(changes):
            assert after.from_stage_id == before.to_stage_id
            assert after.changed_at >= before.changed_at
        assert changes[-1].to_stage_id == opportunity.stage_id
        if opportunity.closed_date is not None:
            assert (
                changes[-1].changed_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
                == opportunity.closed_date
            )


def test_deals_cover_the_four_sales_modes() -> None:
    report = seed_organization(
        SeedOptions(slug="modes", name="modes", reps=6, months=6, seed=3, today=TODAY)
    )
    names = Opportunity.objects.filter(organization_id=report.organization_id).values_list(
        "name", flat=True
    )
    labels = {name.rsplit(" · ", 1)[1] for name in names}
    assert labels == {"新客户", "复购", "新项目", "大客户"}
    # Key accounts are existing customers: they won a deal before the window.
    start = TODAY - dt.timedelta(days=183)
    assert Opportunity.objects.filter(
        organization_id=report.organization_id, status="won", closed_date__lt=start
    ).exists()


def test_demo_logins_have_their_roles_and_place_in_the_tree() -> None:
    seed_organization(SeedOptions(reps=6, months=2, seed=1, today=TODAY))
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["admin", "director", "manager", "rep"])
    }
    assert set(users) == {"admin", "director", "manager", "rep"}
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        assert user.membership.organization.slug == "demo"
    m = {name: users[name].membership for name in users}
    assert m["admin"].role == Role.ADMIN and users["admin"].is_staff
    assert m["director"].role == Role.DEPARTMENT_HEAD
    assert m["director"].department is not None and m["director"].department.parent is None
    assert m["manager"].role == Role.MANAGER and m["manager"].manager == users["director"]
    assert m["rep"].role == Role.REP and m["rep"].manager == users["manager"]
    assert m["rep"].department == m["manager"].department
    assert users["rep"].pk in (scope_for(users["manager"]).owner_ids or ())
    assert users["rep"].pk in (scope_for(users["director"]).owner_ids or ())
    supporters = Membership.objects.filter(organization__slug="demo", role=Role.SUPPORTER)
    assert supporters.count() == 2


def test_my_day_of_the_rep_login_has_plans_for_today_and_overdue_ones() -> None:
    seed_organization(SeedOptions(reps=3, months=1, seed=1, today=TODAY))
    rep = User.objects.get(username="rep")
    tz = dt.timezone(dt.timedelta(hours=8))
    day = my_day(user=rep, today=TODAY, tz=tz)
    assert len(day.today) == 3
    assert len(day.overdue) == 3
    assert len(day.recent) == 10


def test_top_performers_visit_more_and_win_more() -> None:
    report = seed_organization(
        SeedOptions(slug="perf", name="perf", reps=20, months=6, seed=5, today=TODAY)
    )
    org_id = report.organization_id
    won = dict(
        Opportunity.objects.filter(organization_id=org_id, status="won")
        .values("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    visits = dict(
        Activity.objects.filter(organization_id=org_id, type__code__in=["visit", "product_demo"])
        .values("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    teams: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in Membership.objects.filter(
        organization_id=org_id, role=Role.REP
    ).values_list("user_id", "department_id"):
        teams[team_id].append(user_id)
    top: list[int] = []
    rest: list[int] = []
    for members in teams.values():
        # Within a team (one sales mode), the two reps with the most wins against the others.
        ranked = sorted(members, key=lambda r: won.get(r, 0), reverse=True)
        top += ranked[:2]
        rest += ranked[2:]

    def mean(values: list[int]) -> float:
        return sum(values) / len(values)

    assert mean([visits.get(r, 0) for r in top]) > 1.2 * mean([visits.get(r, 0) for r in rest])


def test_seed_demo_refuses_an_existing_organisation() -> None:
    seed_organization(small("taken"))
    before = Activity.objects.count()
    with pytest.raises(CommandError):
        call_command("seed_demo", org="taken", reps=2, months=1)
    assert Activity.objects.count() == before


def test_demo_command_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", no_serve=True)
    first = capsys.readouterr().out
    org = Organization.objects.get(slug="demo")
    before = counts(org)
    assert before["activities"] > 10_000
    call_command("demo", no_serve=True)
    second = capsys.readouterr().out
    assert counts(org) == before
    assert Organization.objects.filter(slug="demo").count() == 1
    for text in (first, second):
        assert DEMO_PASSWORD in text
        for login in ("admin", "director", "manager", "rep"):
            assert login in text
    assert "nothing to seed" in second


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_large_loads_get_the_same_indexes_back() -> None:
    def index_defs() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
                [Activity._meta.db_table],
            )
            return [row[0] for row in cursor.fetchall()]

    before = index_defs()
    with indexes_rebuilt_at_end(Activity, 1_000_000):
        assert len(index_defs()) < len(before)
    assert index_defs() == before


def test_demo_refuses_when_its_logins_are_taken() -> None:
    User.objects.create_user(username="manager", password="x-unrelated-1")
    with pytest.raises(CommandError):
        call_command("demo", no_serve=True)
    assert not Organization.objects.filter(slug="demo").exists()


def test_seed_demo_command_prints_counts_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", org="cli", reps=2, months=1, seed=3, today=TODAY, activities=1500)
    out = capsys.readouterr().out
    org = Organization.objects.get(slug="cli")
    total = Activity.objects.filter(organization=org).count()
    assert f"{total:,}" in out
    assert abs(total - 1500) < 150  # --activities is an approximate total
    assert "seconds" in out
    assert User.objects.filter(username="cli-rep", membership__organization=org).exists()


def test_the_demo_tells_the_method_story_with_a_published_key_activity() -> None:
    from keyact.keyactivities.models import Candidate, KeyActivity, Target
    from keyact.tracking.selectors import progress_for_owner

    report = seed_organization(small("story"))
    org = Organization.objects.get(pk=report.organization_id)
    ka = KeyActivity.objects.get(organization=org, name_zh="邀请客户参观样板用户")
    assert ka.status == "published"
    rep = User.objects.get(username="story-rep")
    team = set(
        Membership.objects.filter(manager__username="story-manager", role=Role.REP).values_list(
            "user_id", flat=True
        )
    )
    assert set(ka.owners.values_list("user_id", flat=True)) == team
    assert list(ka.owners.filter(is_lead=True).values_list("user_id", flat=True)) == [rep.pk]
    month = TODAY.replace(day=1)
    assert (
        set(
            Target.objects.filter(key_activity=ka, period_start=month).values_list(
                "owner_id", flat=True
            )
        )
        >= team
    )
    statuses = set(Candidate.objects.filter(organization=org).values_list("status", flat=True))
    assert statuses == {"proposed", "selected", "rejected"}
    assert ka.pk in [p.key_activity.pk for p in progress_for_owner(user=rep)]


def test_the_demo_tells_the_supervision_story() -> None:
    from keyact.keyactivities.models import KeyActivity
    from keyact.tracking.board import team_board
    from keyact.tracking.models import CoachingNote, FollowUp, Review
    from keyact.tracking.services import progress_rebuild

    report = seed_organization(small("track"))
    org = Organization.objects.get(pk=report.organization_id)
    assert KeyActivity.objects.filter(organization=org, status="published").count() == 2
    assert report.counts["key_activities_published"] == 2
    assert Review.objects.filter(organization=org).count() >= 10
    assert FollowUp.objects.filter(review__organization=org, done_at__isnull=True).exists()
    assert CoachingNote.objects.filter(organization=org, acknowledged_at__isnull=True).exists()
    board = team_board(
        user=User.objects.get(username="track-director"), period="2026-03", today=TODAY
    )
    assert len(board.key_activities) == 2
    assert board.off_track_rows, "a few people are clearly behind"
    assert len(board.off_track_rows) < len(board.rows)
    assert all(any(v for v in values) for _ka, values in board.trend)
    assert progress_rebuild(organization=org, period="2026-03").differences == []


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_demo_content_follows_the_organisations_language() -> None:
    from keyact.orgs.models import Department
    from keyact.tracking.models import CoachingNote, Review

    call_command(
        "seed_demo", org="en", reps=3, months=1, seed=3, today=TODAY, activities=600, lang="en"
    )
    english = Organization.objects.get(slug="en")
    texts = [
        *Customer.objects.filter(organization=english).values_list("name", "industry", "address"),
        *Contact.objects.filter(organization=english).values_list("name", "title"),
        *Opportunity.objects.filter(organization=english).values_list("name", "source"),
        *Activity.objects.filter(organization=english).values_list("subject", "notes"),
        *Department.objects.filter(organization=english).values_list("name"),
        *Review.objects.filter(key_activity__organization=english).values_list("notes"),
        *CoachingNote.objects.filter(organization=english).values_list("text"),
    ]
    assert texts
    assert not [row for row in texts if any(_has_chinese(str(v)) for v in row)]
    # Chinese by default: customers, subjects and notes in Chinese; a few foreign-invested
    # customers keep an English name, as on a real Chinese customer list.
    report = seed_organization(small("zh"))
    chinese = Organization.objects.get(pk=report.organization_id)
    names = list(Customer.objects.filter(organization=chinese).values_list("name", flat=True))
    share = sum(_has_chinese(n) for n in names) / len(names)
    assert share >= 0.8, share
    subjects = Activity.objects.filter(organization=chinese).exclude(subject="")
    assert all(_has_chinese(s) for s in subjects.values_list("subject", flat=True))
    notes = Activity.objects.filter(organization=chinese).exclude(notes="")
    assert all(_has_chinese(n) for n in notes.values_list("notes", flat=True))
    departments = Department.objects.filter(organization=chinese).values_list("name", flat=True)
    assert all(_has_chinese(d) and "·" not in d for d in departments)


def test_an_unknown_demo_language_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", "--org", "fr", "--lang", "fr")
    with pytest.raises(ValueError, match="unknown demo language"):
        seed_organization(small("fr", language="fr"))


def test_the_documented_reps_customers_have_chinese_names_in_a_chinese_demo() -> None:
    report = seed_organization(small("zhrep"))
    rep = User.objects.get(username="zhrep-rep")
    names = Customer.objects.filter(organization_id=report.organization_id, owner=rep)
    assert names.exists()
    assert all(_has_chinese(n) for n in names.values_list("name", flat=True))
