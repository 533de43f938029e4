"""One rule for names in two languages (keyact.core.bilingual), used by every app (issue 8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import translation

from keyact.activities.models import ActivityType
from keyact.activities.services import activity_type_create, activity_type_update
from keyact.core.bilingual import bilingual_pick, bilingual_text
from keyact.core.errors import InvalidValue
from keyact.deals.models import Stage
from keyact.keyactivities.models import KeyActivity
from keyact.playbook.models import Process
from keyact.playbook.services import playbook_install, step_activity_create, step_create
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.api.conftest import as_user as as_user  # the API client fixture
from tests.conftest import World


def test_the_reader_sees_their_language_and_else_the_other() -> None:
    with translation.override("zh-hans"):
        assert bilingual_pick("Visit", "拜访") == "拜访"
        assert bilingual_pick("Visit", "") == "Visit"
    with translation.override("en"):
        assert bilingual_pick("Visit", "拜访") == "Visit"
        assert bilingual_pick("", "拜访") == "拜访"


def test_one_language_is_enough_and_both_are_trimmed() -> None:
    assert bilingual_text(" Visit ", "", field="name", max_length=10) == ("Visit", "")
    assert bilingual_text(None, " 拜访", field="name", max_length=10) == ("", "拜访")


@pytest.mark.parametrize(("language", "field"), [("en", "name_en"), ("zh-hans", "name_zh")])
def test_no_name_at_all_is_refused_at_the_field_the_reader_was_asked(
    language: str, field: str
) -> None:
    with translation.override(language), pytest.raises(InvalidValue) as err:
        bilingual_text("  ", "", field="name", max_length=10)
    assert err.value.field == field


def test_each_language_keeps_its_length_limit() -> None:
    with pytest.raises(InvalidValue) as err:
        bilingual_text("ok", "长" * 11, field="title", max_length=10)
    assert err.value.field == "title_zh"
    assert err.value.message == "At most 10 characters; this one has 11."


def test_every_bilingual_model_falls_back_the_same_way() -> None:
    models = [
        ActivityType(name_en="", name_zh="试吃"),
        Stage(name_en="", name_zh="商机确认"),
        Process(name_en="", name_zh="客户拜访"),
        KeyActivity(name_en="", name_zh="邀请参观"),
    ]
    with translation.override("en"):
        assert [m.name for m in models] == ["试吃", "商机确认", "客户拜访", "邀请参观"]
    english = [
        ActivityType(name_en="Tasting", name_zh=""),
        Stage(name_en="Qualified", name_zh=""),
        Process(name_en="Visit", name_zh=""),
        KeyActivity(name_en="Invite", name_zh=""),
    ]
    with translation.override("zh-hans"):
        assert [m.name for m in english] == ["Tasting", "Qualified", "Visit", "Invite"]


@pytest.mark.django_db
def test_an_activity_type_named_only_in_chinese(world: World) -> None:
    admin = world.users["admin"]
    created = activity_type_create(actor=admin, code="tasting", name_en="", name_zh=" 试吃 ")
    assert (created.name_en, created.name_zh, created.name) == ("", "试吃", "试吃")
    with pytest.raises(InvalidValue) as err:
        activity_type_update(actor=admin, type_id=created.pk, name_zh="")
    assert err.value.field == "name_en"
    renamed = activity_type_update(actor=admin, type_id=created.pk, name_en="Tasting", name_zh="")
    assert (renamed.name_en, renamed.name_zh) == ("Tasting", "")


@pytest.mark.django_db
def test_the_database_refuses_an_activity_type_without_any_name(world: World) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityType.objects.create(organization=world.org, code="nameless", name_en="", name_zh="")


@pytest.mark.django_db
def test_playbook_steps_and_activities_need_one_name_not_two(world: World) -> None:
    admin = world.users["admin"]
    playbook_install(organization=world.org)
    process = Process.objects.get(organization=world.org, code="customer_development")
    step = step_create(actor=admin, process_id=process.pk, name_en="", name_zh="试吃")
    item = step_activity_create(actor=admin, step_id=step.pk, name_en="Run a tasting", name_zh="")
    with translation.override("en"):
        assert (step.name, item.name) == ("试吃", "Run a tasting")
    with pytest.raises(InvalidValue) as err:
        step_create(actor=admin, process_id=process.pk, name_en=" ", name_zh="")
    assert err.value.field == "name_en"


@pytest.mark.django_db
def test_the_api_takes_an_activity_type_in_one_language(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    admin = as_user(world.users["admin"])
    response = admin.post("/activity-types", {"code": "tasting", "name_zh": "试吃"})
    assert response.status_code == 201
    assert (response.json()["name"], response.json()["name_en"]) == ("试吃", "")
    response = admin.post("/activity-types", {"code": "nameless"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name_en"
    assert not ActivityType.objects.filter(code="nameless").exists()


@pytest.mark.django_db
def test_the_page_asks_the_chinese_reader_for_the_chinese_name_only(world: World, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["admin"])
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("activity_types")).content.decode()
    assert "英文（可选）" in page  # noqa: RUF001
    response = client.post(
        reverse("activity_types"), {"name_zh": "试吃", "counterpart": "customer"}
    )
    assert response.status_code == 302
    created = ActivityType.objects.get(organization=world.org, name_zh="试吃")
    assert (created.name_en, created.code) == ("", "industry")
    count = ActivityType.objects.count()
    response = client.post(reverse("activity_types"), {"counterpart": "customer"})
    assert response.status_code == 200
    assert ActivityType.objects.count() == count
    assert "请填写名称（中文或英文均可）。" in response.content.decode()  # noqa: RUF001


@pytest.mark.django_db
def test_the_database_refuses_a_playbook_step_without_any_name(world: World) -> None:
    from django.db import IntegrityError, transaction

    from keyact.playbook.models import Step

    playbook_install(organization=world.org)
    step = Step.objects.filter(process__organization=world.org).first()
    assert step is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=step.pk).update(name_en="", name_zh="")
    Step.objects.filter(pk=step.pk).update(name_en="")
    step.refresh_from_db()
    assert step.name_zh != ""
