"""Reminders: find what needs saying (a review due, a person turned off track, a follow-up
overdue, a planned activity due today), say it once in the app, by e-mail and to the team's
group robots, and deliver with retries. Run by the task worker (``keyact worker``).

Each reminder has a key; the unique constraints on ``Notification(recipient, key)`` and
``Delivery(key)`` make a second scan — after a worker restart, on another worker — create
nothing new, and a delivery is marked sent in the same transaction that holds its row lock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from keyact.activities.models import Activity
from keyact.core.errors import NotFound, PermissionDenied
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Membership, Organization, Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.channels import DeliveryError, robot_send
from keyact.tracking.models import Delivery, FollowUp, Notification, Review, TeamChannel
from keyact.tracking.pacing import OFF_TRACK
from keyact.tracking.progress import aware_bounds, progress_compute
from keyact.tracking.schedule import review_due_dates
from keyact.tracking.selectors import OrgCalendar, calendar_get, published_key_activities
from keyact.users.models import User

BACKOFF_S = (60, 300, 1800, 7200)


def _backoff() -> tuple[int, ...]:
    return tuple(getattr(settings, "KEYACT_DELIVERY_BACKOFF_S", BACKOFF_S))


@dataclass
class ScanReport:
    """What one scan created."""

    now: dt.datetime
    notifications: int = 0
    deliveries: int = 0


def _language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _said(say: Callable[[], tuple[str, str]], language: str) -> dict[str, str]:
    with translation.override(language):
        title, body = say()
    return {"title": title[:300], "body": body[:2000]}


def _notify(
    report: ScanReport,
    *,
    organization_id: int,
    recipient: User,
    kind: str,
    key: str,
    say: Callable[[], tuple[str, str]],
    url: str,
) -> None:
    """Create the notification (and its e-mail) unless this key was already said. ``say``
    writes the title and the message in the active language: once per language of the UI (the
    bell follows its reader's language), the e-mail in the recipient's."""
    texts = {code: _said(say, code) for code, _name in settings.LANGUAGES}
    mine = texts.get(_language(recipient)) or _said(say, _language(recipient))
    title, body = mine["title"], mine["body"]
    try:
        with transaction.atomic():
            Notification.objects.create(
                organization_id=organization_id,
                recipient=recipient,
                kind=kind,
                key=key,
                title=title,
                body=body,
                texts=texts,
                url=url,
            )
    except IntegrityError:
        return
    report.notifications += 1
    if recipient.email:
        _delivery(
            report,
            organization_id=organization_id,
            key=f"email:{recipient.pk}:{key}",
            channel=Delivery.Channel.EMAIL,
            recipient=recipient,
            subject=title,
            text=f"{body}\n\n{url}".strip(),
        )


# What each reminder says, in the active language.


def _say_off_track(params: dict[str, object], ka: KeyActivity) -> tuple[str, str]:
    said = {**params, "ka": ka.name}
    return (
        _("%(name)s is off track on %(ka)s") % said,
        _("%(actual)s done, %(expected)s expected by today, target %(target)s.") % said,
    )


def _say_review_due(ka: KeyActivity) -> tuple[str, str]:
    return (
        _("Review of %(ka)s due today") % {"ka": ka.name},
        _("Look at the numbers with your team, decide and agree follow-ups."),
    )


def _say_follow_up_overdue(follow_up: FollowUp) -> tuple[str, str]:
    return (
        _("Follow-up overdue: %(text)s") % {"text": follow_up.text},
        _("Due %(day)s, agreed at the review of %(ka)s.")
        % {"day": follow_up.due_on.isoformat(), "ka": follow_up.review.key_activity.name},
    )


def _say_planned_today(activity: Activity) -> tuple[str, str]:
    about = activity.customer.name if activity.customer else activity.subject
    return _("Planned today: %(type)s") % {"type": activity.type.name}, about[:300]


def _delivery(report: ScanReport, **values: object) -> None:
    try:
        with transaction.atomic():
            Delivery.objects.create(next_attempt_at=report.now, **values)
    except IntegrityError:
        return
    report.deliveries += 1


def _team_channels(organization_id: int) -> dict[int, list[TeamChannel]]:
    channels: dict[int, list[TeamChannel]] = {}
    for channel in TeamChannel.objects.filter(organization_id=organization_id, is_active=True):
        channels.setdefault(channel.department_id, []).append(channel)
    return channels


@dataclass
class _Scan:
    """One scan of an organisation: who is a member, the team channels, what was created."""

    organization: Organization
    today: dt.date
    report: ScanReport
    members: dict[int, Membership]
    channels: dict[int, list[TeamChannel]]

    def say_to_team(self, user_id: int, key: str, message: str, **params: object) -> None:
        """Say the message to the group robots of the person's team, each in its language."""
        member = self.members.get(user_id)
        if member is None or member.department_id is None:
            return
        for channel in self.channels.get(member.department_id, []):
            with translation.override(channel.language):
                values = {k: v.name if isinstance(v, KeyActivity) else v for k, v in params.items()}
                text = _(message) % values
            _delivery(
                self.report,
                organization_id=self.organization.pk,
                key=f"{channel.kind}:{channel.pk}:{key}",
                channel=channel.kind,
                team_channel=channel,
                subject=text[:300],
                text=text,
            )


def _scan_off_track(scan: _Scan, key_activities: list[KeyActivity], cal: OrgCalendar) -> None:
    """People turned off track: themselves, their manager and their team's robots."""
    windows = {ka.pk: period_bounds(ka.period, scan.today) for ka in key_activities}
    progress = progress_compute(
        key_activities=key_activities,
        owner_ids=None,
        windows=windows,
        calendar=cal.calendar,
        tz=cal.tz,
        today=scan.today,
    )
    for p in progress:
        start = windows[p.key_activity.pk][0]
        for o in p.owners:
            if o.pace.status != OFF_TRACK:
                continue
            member = scan.members.get(o.user_id)
            if member is None:
                continue
            params: dict[str, object] = {
                "name": o.name,
                "ka": p.key_activity,
                "actual": o.actual,
                "expected": o.pace.expected_whole,
                "target": o.target,
            }
            key = f"off_track:{p.key_activity.pk}:{o.user_id}:{start}"
            for recipient in filter(None, (member.user, member.manager)):
                _notify(
                    scan.report,
                    organization_id=scan.organization.pk,
                    recipient=recipient,
                    kind=Notification.Kind.OFF_TRACK,
                    key=key,
                    say=partial(_say_off_track, params, p.key_activity),
                    url=f"/tracking/board/{p.key_activity.pk}/{o.user_id}/",
                )
            scan.say_to_team(
                o.user_id,
                key,
                gettext_noop(
                    "%(name)s is off track on %(ka)s: %(actual)s done, %(expected)s expected by "
                    "today, target %(target)s."
                ),
                **params,
            )


def _scan_reviews_due(scan: _Scan, key_activities: list[KeyActivity]) -> None:
    """Reviews due today, for the supervisors of the owners."""
    held = set(
        Review.objects.filter(organization=scan.organization, due_on=scan.today).values_list(
            "key_activity_id", "held_by_id"
        )
    )
    for ka in key_activities:
        if scan.today not in review_due_dates(
            ka.tracking_frequency, ka.review_day, ka.valid_from, scan.today, scan.today
        ):
            continue
        supervisors = {
            scan.members[o.user_id].manager_id
            for o in ka.owners.all()
            if o.user_id in scan.members and scan.members[o.user_id].manager_id
        }
        for supervisor_id in sorted(s for s in supervisors if s is not None):
            member = scan.members.get(supervisor_id)
            if member is None or member.role == Role.REP or (ka.pk, supervisor_id) in held:
                continue
            _notify(
                scan.report,
                organization_id=scan.organization.pk,
                recipient=member.user,
                kind=Notification.Kind.REVIEW_DUE,
                key=f"review_due:{ka.pk}:{scan.today}",
                say=partial(_say_review_due, ka),
                url=f"/tracking/reviews/hold/{ka.pk}/?due={scan.today.isoformat()}",
            )


def _scan_follow_ups_overdue(scan: _Scan) -> None:
    """Follow-ups overdue: their owner and whoever held the review."""
    for follow_up in FollowUp.objects.filter(
        review__organization=scan.organization, done_at__isnull=True, due_on__lt=scan.today
    ).select_related("owner", "review__held_by", "review__key_activity"):
        for recipient in {follow_up.owner, follow_up.review.held_by}:
            _notify(
                scan.report,
                organization_id=scan.organization.pk,
                recipient=recipient,
                kind=Notification.Kind.FOLLOW_UP_OVERDUE,
                key=f"follow_up_overdue:{follow_up.pk}",
                say=partial(_say_follow_up_overdue, follow_up),
                url=f"/tracking/reviews/{follow_up.review_id}/",
            )
        scan.say_to_team(
            follow_up.owner_id,
            f"follow_up_overdue:{follow_up.pk}",
            gettext_noop("Follow-up overdue (%(owner)s): %(text)s, due %(day)s."),
            owner=str(follow_up.owner),
            text=follow_up.text,
            day=follow_up.due_on.isoformat(),
        )


def _scan_planned_today(scan: _Scan, cal: OrgCalendar) -> None:
    """Planned activities due today: their owner."""
    lo, hi = aware_bounds((scan.today, scan.today), cal.tz)
    for activity in Activity.objects.filter(
        Q(organization=scan.organization),
        status=Activity.Status.PLANNED,
        occurred_at__gte=lo,
        occurred_at__lt=hi,
    ).select_related("owner", "type", "customer"):
        _notify(
            scan.report,
            organization_id=scan.organization.pk,
            recipient=activity.owner,
            kind=Notification.Kind.PLANNED_TODAY,
            key=f"planned_today:{activity.pk}:{scan.today}",
            say=partial(_say_planned_today, activity),
            url=f"/activities/{activity.pk}/",
        )


def reminders_scan(*, organization: Organization, now: dt.datetime | None = None) -> ScanReport:
    """Create today's reminders of an organisation (idempotent: run it as often as you like)."""
    now = now or timezone.now()
    cal = calendar_get(organization_id=organization.pk)
    scan = _Scan(
        organization=organization,
        today=now.astimezone(cal.tz).date(),
        report=ScanReport(now),
        members={
            m.user_id: m
            for m in Membership.objects.filter(
                organization=organization, is_active=True
            ).select_related("user", "manager")
        },
        channels=_team_channels(organization.pk),
    )
    key_activities = list(published_key_activities(organization_id=organization.pk))
    _scan_off_track(scan, key_activities, cal)
    _scan_reviews_due(scan, key_activities)
    _scan_follow_ups_overdue(scan)
    _scan_planned_today(scan, cal)
    return scan.report


def _send(delivery: Delivery) -> None:
    if delivery.channel == Delivery.Channel.EMAIL:
        if delivery.recipient is None or not delivery.recipient.email:
            raise DeliveryError("No e-mail address.")
        try:
            send_mail(
                delivery.subject,
                delivery.text,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.recipient.email],
            )
        except OSError as exc:
            raise DeliveryError(str(exc)[:400]) from exc
        return
    channel = delivery.team_channel
    if channel is None or not channel.is_active:
        raise DeliveryError("The team channel is gone or switched off.")
    robot_send(channel.kind, channel.url, channel.secret, delivery.text, time.time())


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Send the pending deliveries whose time has come, each under its row lock (so parallel
    workers never send one twice); a failure is retried with backoff, then marked failed.
    Returns how many were sent."""
    sent = 0
    for _round in range(limit):
        moment = now or timezone.now()
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("team_channel", "recipient")
                .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=moment)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if delivery is None:
                break
            delivery.attempts += 1
            try:
                _send(delivery)
            except DeliveryError as exc:
                backoff = _backoff()
                delivery.last_error = str(exc)[:500]
                if delivery.attempts > len(backoff):
                    delivery.status = Delivery.Status.FAILED
                else:
                    delivery.next_attempt_at = moment + dt.timedelta(
                        seconds=backoff[delivery.attempts - 1]
                    )
            else:
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                sent += 1
            delivery.save()
    return sent


@transaction.atomic
def delivery_retry(*, actor: User, delivery_id: int) -> Delivery:
    """An administrator sends a failed delivery again (after fixing the channel)."""
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only an administrator resends deliveries."))
    delivery = Delivery.objects.filter(
        pk=delivery_id, organization_id=scope.organization_id
    ).first()
    if delivery is None:
        raise NotFound(_("No such delivery."))
    delivery.status = Delivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    return delivery


@transaction.atomic
def notification_read(*, actor: User, notification_id: int | None = None) -> int:
    """Mark one of the actor's notifications read, or all of them; returns how many."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
