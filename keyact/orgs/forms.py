"""Forms of the organisation admin pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.core.forms import choice_field
from keyact.orgs.models import Department, Role
from keyact.orgs.selectors import department_list, organization_members
from keyact.users.models import User


def _manager_choices(user: User) -> list[tuple[str, str]]:
    return [("", str(_("Nobody")))] + [
        (str(u.pk), u.label) for u in organization_members(user=user)
    ]


def _department_choices(user: User, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(d.pk), d.name) for d in department_list(user=user)]


class MemberCreateForm(forms.Form):
    """Add a person to the organisation."""

    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.REP)
    manager_id = forms.TypedChoiceField(
        label=_("Manager"), coerce=int, empty_value=None, required=False
    )
    department_id = forms.TypedChoiceField(
        label=_("Department or team"), coerce=int, empty_value=None, required=False
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        min_length=8,
        help_text=_("At least 8 characters; the person can change it later."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "manager_id").choices = _manager_choices(user)
        choice_field(self, "department_id").choices = _department_choices(user, str(_("None")))


class MemberUpdateForm(forms.Form):
    """Change a member's role, manager, unit, title or whether they are active."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    manager_id = forms.TypedChoiceField(
        label=_("Manager"), coerce=int, empty_value=None, required=False
    )
    department_id = forms.TypedChoiceField(
        label=_("Department or team"), coerce=int, empty_value=None, required=False
    )
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "manager_id").choices = _manager_choices(user)
        choice_field(self, "department_id").choices = _department_choices(user, str(_("None")))


class DepartmentForm(forms.Form):
    """Add a unit to the reporting tree."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Department.Kind.choices, initial=Department.Kind.TEAM
    )
    parent_id = forms.TypedChoiceField(
        label=_("Part of"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "parent_id").choices = _department_choices(user, str(_("Top level")))
