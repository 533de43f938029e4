"""Customers (accounts) and their contacts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.core.models import ExternalIdentity, external_identity_constraint
from keyact.orgs.models import Organization


class Customer(ExternalIdentity):
    """An account a sales organisation sells to. New vs existing is derived from won deals."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="customers"
    )
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
        verbose_name=_("account owner"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every change bumps it; a change based on an older one is refused.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organization", "owner"], name="customer_org_owner"),
            models.Index(fields=["organization", "name"], name="customer_org_name"),
        ]
        constraints = [external_identity_constraint("customer_unique_external_id")]

    def __str__(self) -> str:
        return self.name


class Contact(ExternalIdentity):
    """A person at a customer."""

    class BuyingRole(models.TextChoices):
        ECONOMIC = "economic", _("Economic buyer")
        USER = "user", _("User buyer")
        TECHNICAL = "technical", _("Technical buyer")
        COACH = "coach", _("Coach")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    buying_role = models.CharField(
        _("buying role"), max_length=20, choices=BuyingRole.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every change bumps it; a change based on an older one is refused.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        constraints = [external_identity_constraint("contact_unique_external_id")]

    def __str__(self) -> str:
        return self.name
