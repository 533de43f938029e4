"""Photo evidence: attach to an activity, served only inside the scope, bad files refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from keyact.activities.models import ActivityChange
from tests.conftest import World
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_owner_attaches_a_photo_and_the_change_is_audited(world: World, as_user) -> None:
    activity = world.activities["rep"]
    client = as_user(world.users["rep"])
    response = client.post(
        reverse("activity_photo_upload", args=[activity.pk]),
        {"photo": SimpleUploadedFile("site.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.photo.name.endswith(f"activity-{activity.pk}.png")
    assert activity.version == 2
    change = ActivityChange.objects.get(activity=activity)
    assert change.changes == {"photo": [None, activity.photo.name]}
    served = client.get(reverse("activity_photo", args=[activity.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served.content == PNG


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(world: World, as_user) -> None:
    activity = world.activities["rep"]
    response = as_user(world.users["rep"]).post(
        reverse("activity_photo_upload", args=[activity.pk]),
        {"photo": SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", "image/png")},
        follow=True,
    )
    assert "Upload a JPEG, PNG, WebP or HEIC photo." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.photo.name, activity.version) == ("", 1)
    assert not ActivityChange.objects.filter(activity=activity).exists()


def test_photos_are_served_only_inside_the_scope(world: World, as_user, client) -> None:  # type: ignore[no-untyped-def]
    activity = world.activities["rep"]
    as_user(world.users["rep"]).post(
        reverse("activity_photo_upload", args=[activity.pk]),
        {"photo": SimpleUploadedFile("site.png", PNG, content_type="image/png")},
    )
    url = reverse("activity_photo", args=[activity.pk])
    assert as_user(world.users["manager"]).get(url).status_code == 200
    assert as_user(world.users["rep_b"]).get(url).status_code == 404
    assert as_user(world.users["other_admin"]).get(url).status_code == 404


def test_someone_outside_the_scope_cannot_attach_a_photo(world: World, as_user) -> None:
    activity = world.activities["rep"]
    response = as_user(world.users["rep2"]).post(
        reverse("activity_photo_upload", args=[activity.pk]),
        {"photo": SimpleUploadedFile("site.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.photo.name == ""
