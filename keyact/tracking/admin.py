"""Back-office views of tracking: team channels and the deliveries (failed ones first)."""

from __future__ import annotations

from django.contrib import admin

from keyact.tracking.models import CalendarDay, CalendarSetting, Delivery, TeamChannel


@admin.register(TeamChannel)
class TeamChannelAdmin(admin.ModelAdmin[TeamChannel]):
    list_display = ("department", "kind", "language", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("created_at", "channel", "status", "attempts", "subject", "last_error")
    list_filter = ("status", "channel")
    readonly_fields = ("key", "created_at", "sent_at")


@admin.register(CalendarSetting)
class CalendarSettingAdmin(admin.ModelAdmin[CalendarSetting]):
    list_display = ("organization", "base", "time_zone")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ("organization", "date", "is_working", "note")
