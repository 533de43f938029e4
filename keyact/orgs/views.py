"""Organisation admin pages: people, the reporting tree and activity types (admins only)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.activities.selectors import activity_type_get, activity_type_list
from keyact.activities.services import activity_type_create, activity_type_update
from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.orgs.forms import (
    ActivityTypeCreateForm,
    ActivityTypeRenameForm,
    DepartmentForm,
    MemberCreateForm,
    MemberUpdateForm,
)
from keyact.orgs.models import Department
from keyact.orgs.selectors import department_list, organization_get, user_get, user_list
from keyact.orgs.services import department_create, member_create, member_update
from keyact.users.access import acting_user, admin_view


@admin_view
def people(request: HttpRequest) -> HttpResponse:
    """Everyone in the organisation with role, manager and unit."""
    user = acting_user(request)
    return render(request, "orgs/people.html", {"people": list(user_list(user=user))})


@admin_view
def member_new(request: HttpRequest) -> HttpResponse:
    """Create a person: login, display name, role, manager, unit and an initial password."""
    user = acting_user(request)
    form = MemberCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_create(
                organization=organization_get(user=user),
                username=data["username"].strip(),
                password=data["password"],
                role=data["role"],
                display_name=data["display_name"].strip(),
                manager_id=data["manager_id"],
                department_id=data["department_id"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": membership.user.label})
            return redirect("orgs:people")
    return render(request, "orgs/member_form.html", {"form": form, "person": None})


@admin_view
def member_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Change a member's role, manager, unit, title and whether they are active."""
    user = acting_user(request)
    person = user_get(user=user, user_id=user_id)
    membership = person.membership
    if request.method == "POST":
        form = MemberUpdateForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member_update(
                    actor=user,
                    user_id=person.pk,
                    role=data["role"],
                    manager_id=data["manager_id"],
                    clear_manager=data["manager_id"] is None,
                    department_id=data["department_id"],
                    title=data["title"],
                    is_active=data["is_active"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": person.label})
                return redirect("orgs:people")
    else:
        form = MemberUpdateForm(
            user=user,
            initial={
                "role": membership.role,
                "manager_id": membership.manager_id,
                "department_id": membership.department_id,
                "title": membership.title,
                "is_active": membership.is_active,
            },
        )
    return render(request, "orgs/member_form.html", {"form": form, "person": person})


def _tree(units: list[Department], members: dict[int | None, list[Any]]) -> list[dict[str, Any]]:
    """Nest the units under their parents, each with its members."""
    children: dict[int | None, list[Department]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"unit": u, "members": members.get(u.pk, []), "children": build(u.pk)}
            for u in children.get(parent_id, [])
        ]

    return build(None)


def _reporting_lines(people: list[Any]) -> list[dict[str, Any]]:
    """Nest people under their managers (people whose manager is outside the list are roots)."""
    present = {p.pk for p in people}
    reports: dict[int | None, list[Any]] = defaultdict(list)
    for person in people:
        manager_id = person.membership.manager_id
        reports[manager_id if manager_id in present else None].append(person)
    seen: set[int] = set()

    def build(manager_id: int | None) -> list[dict[str, Any]]:
        nodes = []
        for person in reports.get(manager_id, []):
            if person.pk in seen:
                continue
            seen.add(person.pk)
            nodes.append({"person": person, "children": build(person.pk)})
        return nodes

    return build(None)


@admin_view
def tree(request: HttpRequest) -> HttpResponse:
    """The reporting tree: departments and teams with their people; add a unit."""
    user = acting_user(request)
    form = DepartmentForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = department_create(
                actor=user, name=data["name"], kind=data["kind"], parent_id=data["parent_id"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": unit.name})
            return redirect("orgs:tree")
    units = list(department_list(user=user))
    people = list(user_list(user=user))
    members: dict[int | None, list[Any]] = defaultdict(list)
    for person in people:
        members[person.membership.department_id].append(person)
    return render(
        request,
        "orgs/tree.html",
        {
            "tree": _tree(units, members),
            "unplaced": members.get(None, []),
            "lines": _reporting_lines(people),
            "form": form,
        },
    )


@admin_view
def activity_types(request: HttpRequest) -> HttpResponse:
    """The activity-type catalog, inactive ones included; add an industry type."""
    user = acting_user(request)
    form = ActivityTypeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = activity_type_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": created.name})
            return redirect("orgs:activity_types")
    return render(
        request,
        "orgs/activity_types.html",
        {"types": list(activity_type_list(user=user, include_inactive=True)), "form": form},
    )


@admin_view
def activity_type_edit(request: HttpRequest, type_id: int) -> HttpResponse:
    """Rename an activity type in both languages."""
    user = acting_user(request)
    activity_type = activity_type_get(user=user, type_id=type_id)
    if request.method == "POST":
        form = ActivityTypeRenameForm(request.POST)
        if form.is_valid():
            try:
                activity_type_update(actor=user, type_id=activity_type.pk, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Activity type renamed."))
                return redirect("orgs:activity_types")
    else:
        form = ActivityTypeRenameForm(
            initial={"name_en": activity_type.name_en, "name_zh": activity_type.name_zh}
        )
    return render(
        request, "orgs/activity_type_form.html", {"form": form, "activity_type": activity_type}
    )


@require_POST
@admin_view
def activity_type_toggle(request: HttpRequest, type_id: int) -> HttpResponse:
    """Deactivate an activity type (recorded activities keep it) or bring it back."""
    user = acting_user(request)
    activity_type = activity_type_get(user=user, type_id=type_id)
    updated = activity_type_update(
        actor=user, type_id=activity_type.pk, is_active=not activity_type.is_active
    )
    if updated.is_active:
        messages.success(request, _("“%(name)s” is in use again.") % {"name": updated.name})
    else:
        messages.success(request, _("“%(name)s” deactivated.") % {"name": updated.name})
    return redirect("orgs:activity_types")
