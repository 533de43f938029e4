"""The demo's people: departments, managers, reps and their logins."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from keyact.demo import names
from keyact.demo.generator.base import GeneratorBase
from keyact.demo.generator.parameters import (
    TEAM_NAMES,
    Rep,
)
from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.orgs.services import member_create
from keyact.users.models import User


class PeopleMixin(GeneratorBase):
    """Departments, managers and reps."""

    def username(self, login: str) -> str:
        base = self.prefix + login
        name, n = base, 1
        while name in self.usernames:
            n += 1
            name = f"{base}{n}"
        self.usernames.add(name)
        return name

    def add_member(
        self,
        org: Organization,
        person: names.Person,
        role: str,
        manager_id: int | None,
        department_id: int | None,
        title: str,
    ) -> int:
        membership = member_create(
            organization=org,
            username=self.username(person.login),
            password=None,
            role=role,
            display_name=person.display,
            manager_id=manager_id,
            department_id=department_id,
            title=title,
        )
        return membership.user_id

    def build_people(self, org: Organization) -> tuple[list[Rep], dict[str, int]]:
        """The reporting tree: admin, director, managers, teams, reps and supporters."""
        o = self.o
        sales = Department.objects.create(
            organization=org, name=self.say("销售部", "Sales"), kind=Department.Kind.DEPARTMENT
        )
        support = Department.objects.create(
            organization=org, name=self.say("销售支持", "Sales support"), parent=sales
        )
        key: dict[str, int] = {}
        key["admin"] = self.add_member(
            org, names.ADMIN, Role.ADMIN, None, None, self.say("系统管理员", "Administrator")
        )
        key["director"] = self.add_member(
            org,
            names.DIRECTOR,
            Role.DEPARTMENT_HEAD,
            None,
            sales.pk,
            self.say("销售总监", "Sales director"),
        )
        for person, title in names.SUPPORTERS:
            key[person.login] = self.add_member(
                org, person, Role.SUPPORTER, key["director"], support.pk, self.say(*title)
            )
        n_teams = max(3, round(o.reps / 10))
        team_ids: list[int] = []
        team_leads: list[int] = []
        team_modes: list[str] = []
        for t in range(n_teams):
            (label_zh, label_en), mode, _ = TEAM_NAMES[t % len(TEAM_NAMES)]
            label = self.say(label_zh, f"{label_en} team")
            if t >= len(TEAM_NAMES):
                label = f"{label} {t // len(TEAM_NAMES) + 1}"
            team = Department.objects.create(organization=org, name=label, parent=sales)
            team_ids.append(team.pk)
            team_modes.append(mode)
            if t == 2:
                team_leads.append(key["director"])  # the director leads key accounts directly
                continue
            if t < 2:
                person = names.MANAGERS[t]
            else:
                person = names.Person(self.person_name(t % 4 == 3).display, f"manager{t}")
            lead = self.add_member(
                org,
                person,
                Role.MANAGER,
                key["director"],
                team.pk,
                self.say("销售经理", "Sales manager"),
            )
            key.setdefault(person.login, lead)
            team_leads.append(lead)
        reps: list[Rep] = []
        for i in range(o.reps):
            t = i % n_teams
            person = names.REP_ONE if i == 0 else self.person_name(i % 4 == 3)
            user_id = self.add_member(
                org, person, Role.REP, team_leads[t], team_ids[t], self.say("销售代表", "Sales rep")
            )
            # Skill: log-normal spread; the rep of the documented login is a solid performer.
            skill = 1.05 if i == 0 else min(2.2, max(0.45, self.rnd.lognormvariate(0, 0.35)))
            reps.append(Rep(user_id, t, team_modes[t], skill, is_rep_one=i == 0))
            if i == 0:
                key["rep"] = user_id
        # One argon2 hash for the shared demo password keeps seeding fast.
        User.objects.filter(membership__organization=org).update(password=make_password(o.password))
        self.counts["users"] = Membership.objects.filter(organization=org).count()
        self.counts["teams"] = n_teams
        return reps, key
