"""One whole demo organisation: people, customers, deals, activities and the method story."""

from __future__ import annotations

import time

from django.db import connection, transaction

from keyact.activities.models import Activity, ActivityChange, ActivityType
from keyact.core.bulk import (
    foreign_keys_validated_at_end,
    is_postgresql,
    reset_sequences,
)
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.demo.generator.activities import ActivitiesMixin
from keyact.demo.generator.customers import CustomersMixin
from keyact.demo.generator.deals import DealsMixin
from keyact.demo.generator.parameters import (
    DEMO_SLUG,
    SeedOptions,
    SeedReport,
)
from keyact.demo.generator.people import PeopleMixin
from keyact.demo.insights_story import seed_insights_story
from keyact.demo.method_story import seed_method_story
from keyact.demo.tracking_story import history_start, seed_tracking_story
from keyact.orgs.models import Organization
from keyact.users.models import User
from keyact.workspace.services import organization_provision


class Generator(PeopleMixin, CustomersMixin, DealsMixin, ActivitiesMixin):
    """Builds one organisation. Use ``run()``; everything random comes from ``self.rnd``."""

    def run(self) -> SeedReport:
        started = time.perf_counter()
        with transaction.atomic():
            org = organization_provision(name=self.o.name, slug=self.o.slug)
            self.org_id = org.pk
            self.types = dict(
                ActivityType.objects.filter(organization=org).values_list("code", "id")
            )
            stages = list(Stage.objects.filter(organization=org).order_by("order"))
            reps, self.key = self.build_people(org)
            infos = self.build_customers(org, reps)
            customers = {c.id: c for c in infos}
            self.mark("people and customers")
            deals = self.plan_deals(reps, customers)
            self.write_deals(org, deals, stages)
            self.mark("deals")
            with foreign_keys_validated_at_end(Activity, ActivityChange):
                self.write_activities(reps, deals, customers)
            self.mark("validate foreign keys")
            reset_sequences(
                Customer,
                Contact,
                Opportunity,
                StageChange,
                Activity,
                Activity.participants.through,
                Activity.contacts.through,
            )
            self.mark("other")
        self.mark("commit (deferred checks)")
        if is_postgresql():
            with connection.cursor() as cursor:
                for model in (Activity, ActivityChange, Opportunity, Customer):
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
            self.mark("analyze")
        key_activity = seed_method_story(
            organization_id=org.pk, prefix=self.prefix, today=self.today, language=self.o.language
        )
        tracked = seed_tracking_story(
            organization_id=org.pk,
            prefix=self.prefix,
            today=self.today,
            reference=key_activity,
            language=self.o.language,
        )
        self.counts["key_activities_published"] = len(tracked)
        turned = seed_insights_story(
            organization_id=org.pk,
            key_activities=tracked,
            planted=next(ka for ka in tracked if ka.pk != key_activity.pk),
            published=history_start(self.today),
            today=self.today,
        )
        self.counts["opportunities_won"] += turned
        self.counts["opportunities_lost"] -= turned
        # The story logs this month's invitations and visits through the service.
        self.counts["activities"] = Activity.objects.filter(organization_id=org.pk).count()
        self.mark("method story (playbook, candidates, key activity)")
        logins = [
            (self.prefix + login, role, self.o.password)
            for login, role in (
                ("admin", "admin"),
                ("director", "department head"),
                ("manager", "manager"),
                ("rep", "rep (reports to manager)"),
            )
        ]
        return SeedReport(
            org.pk, self.counts, time.perf_counter() - started, logins, dict(self.phases)
        )


def seed_organization(options: SeedOptions) -> SeedReport:
    """Create and fill one organisation; refuses a slug that exists."""
    return Generator(options).run()


def taken_logins(slug: str) -> list[str]:
    """The documented logins of a seed for ``slug`` that other users already hold."""
    prefix = "" if slug == DEMO_SLUG else f"{slug}-"
    wanted = [prefix + login for login in ("admin", "director", "manager", "rep")]
    return sorted(User.objects.filter(username__in=wanted).values_list("username", flat=True))


def organization_exists(slug: str) -> bool:
    """Whether an organisation with ``slug`` exists."""
    return Organization.objects.filter(slug=slug).exists()
