"""factory_boy factories for keyact records. Organisations come with the standard catalog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from keyact.activities.models import Activity, ActivityType
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage
from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.users.models import User
from keyact.workspace.services import organization_provision

PASSWORD = "keyact-test-pw-1"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, **kwargs: Any) -> Organization:
        return organization_provision(
            name=kwargs["name"],
            slug=kwargs["slug"],
            default_currency=kwargs.get("default_currency", "CNY"),
        )


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Department.Kind.TEAM


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.REP


def member(
    organization: Organization,
    username: str,
    role: str = Role.REP,
    manager: User | None = None,
    department: Department | None = None,
) -> User:
    """A user with a membership in ``organization``."""
    user = UserFactory(username=username, is_staff=role == Role.ADMIN)
    MembershipFactory(
        user=user, organization=organization, role=role, manager=manager, department=department
    )
    return user


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Customer {n}")
    industry = "Manufacturing"
    employees = 120


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    organization = factory.SelfAttribute("customer.organization")
    name = factory.Sequence(lambda n: f"Contact {n}")


def first_stage(organization: Organization) -> Stage:
    return Stage.objects.filter(organization=organization).order_by("order").first()  # type: ignore[return-value]


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    customer = factory.SubFactory(CustomerFactory)
    organization = factory.SelfAttribute("customer.organization")
    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Deal {n}")
    amount = Decimal("100000.00")
    stage = factory.LazyAttribute(lambda o: first_stage(o.organization))


def activity_type(organization: Organization, code: str = "visit") -> ActivityType:
    return ActivityType.objects.get(organization=organization, code=code)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organization = factory.SubFactory(OrganizationFactory)
    owner = factory.SubFactory(UserFactory)
    type = factory.LazyAttribute(lambda a: activity_type(a.organization))
    status = Activity.Status.DONE
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    # Done if and only if completed (the activity_done_has_completed_at constraint).
    completed_at = factory.LazyAttribute(
        lambda a: a.occurred_at if a.status == Activity.Status.DONE else None
    )


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (4, 3)) -> bytes:
    """A real, small image in ``image_format`` (uploads are checked by decoding them)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 85, 99)).save(buffer, image_format)
    return buffer.getvalue()
