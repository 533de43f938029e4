"""The key-activity pages: the guided flow in both languages, refusals shown, scopes kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from keyact.keyactivities.models import Candidate, KeyActivity
from keyact.keyactivities.services import (
    OwnerSpec,
    key_activity_create_from_template,
    key_activity_publish,
    owners_set,
    targets_generate,
)
from keyact.users.models import User
from tests.conftest import World
from tests.keyactivities.conftest import VALID_FROM, define_post, draft, fresh, ready

Login = Callable[[User], Client]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_walks_the_flow_from_a_candidate_to_publication(
    kworld: World, login: Login, language: str
) -> None:
    client = login(kworld.users["manager"])
    client.cookies["django_language"] = language
    headers = {"Accept-Language": language}
    index = client.get("/key-activities/", headers=headers)
    assert index.status_code == 200
    page = client.get("/key-activities/candidates/", headers=headers)
    assert page.status_code == 200
    text = page.content.decode()
    assert ("把握关键" in text) and ("寻求创新" in text)
    if language == "zh-hans":
        assert "寻找候选关键活动" in text and "并排比较" in text
    else:
        assert "Find candidate key activities" in text
    assert client.post("/key-activities/candidates/suggest/").status_code == 302
    suggested = Candidate.objects.filter(organization=kworld.org).order_by("id")
    assert suggested.count() == 3
    first = suggested[0]
    rejected = client.post(
        f"/key-activities/candidates/{suggested[1].pk}/decide/", {"decision": "rejected"}
    )
    assert rejected.status_code == 400
    assert Candidate.objects.get(pk=suggested[1].pk).status == "proposed"
    compare = client.get("/key-activities/candidates/compare/", {"ids": [first.pk]})
    assert compare.status_code == 200
    assert first.title_en in compare.content.decode() or first.title_zh in compare.content.decode()
    client.post(f"/key-activities/candidates/{first.pk}/decide/", {"decision": "selected"})
    started = client.post(
        "/key-activities/start/", {"candidate_id": first.pk, "template": "reference_visit"}
    )
    assert started.status_code == 302
    ka = KeyActivity.objects.get()
    assert started["Location"] == f"/key-activities/{ka.pk}/define/"
    for step in ("define", "output", "owners", "publish"):
        response = client.get(f"/key-activities/{ka.pk}/{step}/", headers=headers)
        assert response.status_code == 200, step
    refused = client.post(f"/key-activities/{ka.pk}/do/publish/", {"version": ka.version})
    assert refused.status_code == 400
    assert "Name at least one owner." in refused.content.decode() or (
        "至少" in refused.content.decode()
    )
    assert fresh(ka).status == "draft"
    saved = client.post(
        f"/key-activities/{ka.pk}/do/owners/",
        {
            "version": ka.version,
            "owner_ids": [kworld.users["rep"].pk, kworld.users["rep2"].pk],
            "lead_id": kworld.users["rep"].pk,
        },
    )
    assert saved.status_code == 302
    ka = fresh(ka)
    assert ka.owners.filter(is_lead=True).get().user == kworld.users["rep"]
    generated = client.post(
        f"/key-activities/{ka.pk}/do/targets-generate/",
        {"version": ka.version, "period_start": timezone.localdate().replace(day=1).isoformat()},
    )
    assert generated.status_code == 302
    ka = fresh(ka)
    published = client.post(f"/key-activities/{ka.pk}/do/publish/", {"version": ka.version})
    assert published.status_code == 302
    assert fresh(ka).status == "published"
    detail = client.get(f"/key-activities/{ka.pk}/", headers=headers)
    assert detail.status_code == 200
    assert 'data-testid="history"' in detail.content.decode()


def test_a_stale_form_shows_the_conflict_keeps_the_input_and_changes_nothing(
    kworld: World, login: Login
) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    stale = ka.version - 1
    response = client.post(
        f"/key-activities/{ka.pk}/do/guide-add/", {"version": stale, "text_en": "Call back"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this key activity while you were editing it" in text
    assert 'value="Call back"' in text  # what was typed is still in the form
    assert f'name="version" value="{ka.version}"' in text  # saving again is deliberate
    assert fresh(ka).guide_steps.count() == 1


def test_a_bad_staged_standard_keeps_everything_typed_on_the_define_step(
    kworld: World, login: Login
) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    visit = kworld.org.activity_types.get(code="visit").pk
    demo = kworld.org.activity_types.get(code="product_demo").pk
    response = client.post(
        f"/key-activities/{ka.pk}/do/define/",
        define_post(
            ka,
            name_en="Visits that end with a commitment",
            purpose_en="Every visit asks for a next step",
            type_1=visit,
            quantity_1=3,
            type_2=demo,
            quantity_2=5,
        ),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "cannot exceed" in text
    assert 'value="Visits that end with a commitment"' in text
    assert "Every visit asks for a next step" in text
    # The message sits at the stage's quantity, and nothing was saved, not even the name.
    assert 'id="stages_quantity_2"' in text and "is-invalid" in text
    ka = fresh(ka)
    assert not ka.stages.exists()
    assert ka.name_en == "Customer visits with a commitment"


def test_save_and_continue_saves_the_define_step_and_moves_on(kworld: World, login: Login) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    response = client.post(
        f"/key-activities/{ka.pk}/do/define/",
        define_post(
            ka, quantity=12, tracking_frequency="monthly", review_monthday=5, **{"continue": "1"}
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/key-activities/{ka.pk}/output/"
    ka = fresh(ka)
    assert (ka.quantity, ka.tracking_frequency, ka.review_day) == (12, "monthly", 5)


def test_a_duplicate_name_is_refused_at_the_name_field(kworld: World, login: Login) -> None:
    client = login(kworld.users["manager"])
    first = ready(kworld)
    second = draft(kworld, name_en="Demo follow-up", name_zh="演示跟进")
    response = client.post(
        f"/key-activities/{second.pk}/do/define/",
        define_post(second, name_en=first.name_en, name_zh=first.name_zh),
        headers={"Accept-Language": "en"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert f"A key activity named “{first.name_zh}” exists already" in text
    assert fresh(second).name_en == "Demo follow-up"


def test_a_rep_sees_the_published_key_activity_but_not_the_flow(
    kworld: World, login: Login
) -> None:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    ka = owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True)],
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    targets_generate(
        actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=timezone.localdate()
    )
    client = login(kworld.users["rep"])
    page = client.get("/key-activities/")
    assert page.status_code == 200
    assert 'data-testid="my-key-activities"' in page.content.decode()
    assert "Send the invitation to the customer." in page.content.decode()
    assert client.get(f"/key-activities/{ka.pk}/").status_code == 200
    assert client.get(f"/key-activities/{ka.pk}/define/").status_code == 403
    assert (
        client.post(
            f"/key-activities/{ka.pk}/do/retire/", {"version": fresh(ka).version}
        ).status_code
        == 403
    )
    assert fresh(ka).status == "published"
    assert client.get("/key-activities/candidates/").status_code == 403


def test_other_organisations_and_other_teams_get_404(kworld: World, login: Login) -> None:
    ka = ready(kworld)
    for name in ("other_admin", "manager_b"):
        client = login(kworld.users[name])
        assert client.get(f"/key-activities/{ka.pk}/").status_code == 404
        assert client.get(f"/key-activities/{ka.pk}/define/").status_code == 404
        assert (
            client.post(f"/key-activities/{ka.pk}/do/publish/", {"version": ka.version}).status_code
            == 404
        )
        client.logout()
    assert fresh(ka).status == "draft"


def test_empty_states_teach_the_method(kworld: World, login: Login) -> None:
    text = login(kworld.users["manager"]).get("/key-activities/").content.decode()
    assert "No key activity yet." in text
    assert "Start from the example" in text


def test_the_back_office_lists_and_shows_key_activities(kworld: World, client: Client) -> None:
    ka = ready(kworld)
    boss = User.objects.create_superuser("backoffice", "b@example.com", "x-pass-1")
    client.force_login(boss)
    assert client.get("/admin/keyactivities/keyactivity/").status_code == 200
    assert client.get(f"/admin/keyactivities/keyactivity/{ka.pk}/change/").status_code == 200
    assert client.get("/admin/keyactivities/candidate/").status_code == 200


def test_deciding_with_htmx_swaps_the_card_and_the_selected_list(
    kworld: World, login: Login
) -> None:
    from keyact.keyactivities.services import candidate_create

    client = login(kworld.users["manager"])
    candidate = candidate_create(
        actor=kworld.users["manager"], lens="obstacles", title_en="Quote follow-up"
    )
    url = f"/key-activities/candidates/{candidate.pk}/decide/"
    refused = client.post(url, {"decision": "rejected"}, headers={"HX-Request": "true"})
    assert refused.status_code == 200
    assert "Say why this candidate is not selected." in refused.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).status == "proposed"
    chosen = client.post(url, {"decision": "selected"}, headers={"HX-Request": "true"})
    body = chosen.content.decode()
    assert chosen.status_code == 200
    assert body.count('data-testid="candidate"') == 1
    assert 'id="selected-list" hx-swap-oob="true"' in body
    assert 'data-testid="define"' in body
    assert "HX-Trigger" in chosen.headers
    assert Candidate.objects.get(pk=candidate.pk).status == "selected"


def test_every_page_of_the_flow_has_unique_element_ids(kworld: World, login: Login) -> None:
    import re

    client = login(kworld.users["manager"])
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True)],
    )
    pages = ["/key-activities/", "/key-activities/candidates/", f"/key-activities/{ka.pk}/"]
    pages += [f"/key-activities/{ka.pk}/{step}/" for step in ("define", "output", "owners")]
    pages.append(f"/key-activities/{ka.pk}/publish/")
    for url in pages:
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, (url, duplicates)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Rep became an owner.",
                "Rep leads it.",
                "Activities that count: Customer visit, Product demo. Before: Customer visit.",
                "Guide step added: “Plan”.",
            ],
        ),
        (
            "zh-hans",
            [
                "Rep成为责任人。",
                "Rep担任负责人。",
                "计入的活动：拜访、演示产品。之前：拜访。",  # noqa: RUF001
                "已添加指南步骤：“计划”。",  # noqa: RUF001
            ],
        ),
    ],
)
def test_the_history_reads_as_sentences_with_names(
    kworld: World, login: Login, language: str, expected: list[str]
) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    demo = kworld.org.activity_types.get(code="product_demo").pk
    visit = kworld.org.activity_types.get(code="visit").pk
    response = client.post(
        f"/key-activities/{ka.pk}/do/define/",
        define_post(ka, activity_type_ids=[visit, demo]),
    )
    assert response.status_code == 302
    text = client.get(f"/key-activities/{ka.pk}/", headers={"Accept-Language": language})
    html = text.content.decode()
    for sentence in expected:
        assert sentence in html
    assert "activity_type_ids" not in html and "[1, 2]" not in html and "None" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_defined_candidate_offers_open_and_a_second_start_opens_it(
    kworld: World, login: Login, language: str
) -> None:
    from keyact.keyactivities.services import candidate_create, candidate_decide

    manager = kworld.users["manager"]
    client = login(manager)
    client.cookies["django_language"] = language
    candidate = candidate_create(actor=manager, lens="benchmark", title_en="Reference visits")
    candidate_decide(actor=manager, candidate_id=candidate.pk, decision="selected")
    first = client.post("/key-activities/start/", {"candidate_id": candidate.pk})
    ka = KeyActivity.objects.get(candidate=candidate)
    assert first["Location"] == f"/key-activities/{ka.pk}/define/"
    page = client.get("/key-activities/candidates/").content.decode()
    assert 'data-testid="open-defined"' in page
    assert f'href="/key-activities/{ka.pk}/"' in page
    assert 'data-testid="define"' not in page
    # A stale page posting "Define it" again opens the key activity instead of a twin.
    again = client.post("/key-activities/start/", {"candidate_id": candidate.pk}, follow=True)
    assert again.redirect_chain[-1][0] == f"/key-activities/{ka.pk}/"
    assert KeyActivity.objects.filter(candidate=candidate).count() == 1
    said = "here it is" if language == "en" else "已定义"
    assert said in again.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_lead_who_is_not_an_owner_is_refused_at_the_lead_field(
    kworld: World, login: Login, language: str
) -> None:
    client = login(kworld.users["manager"])
    client.cookies["django_language"] = language
    ka = ready(kworld)
    response = client.post(
        f"/key-activities/{ka.pk}/do/owners/",
        {
            "version": ka.version,
            "owner_ids": [kworld.users["rep"].pk],
            "lead_id": kworld.users["rep2"].pk,
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    said = "The lead is chosen among the owners" if language == "en" else "负责人须从责任人中选出"
    assert said in text
    assert 'id="owners_lead_id"' in text and "is-invalid" in text
    assert list(fresh(ka).owners.values_list("user__username", flat=True)) == ["rep"]


@pytest.mark.parametrize(
    ("language", "field", "said"),
    [
        ("en", "title_en", "Enter the title, in English or in Chinese."),
        ("zh-hans", "title_zh", "请填写标题（中文或英文均可）。"),  # noqa: RUF001
    ],
)
def test_an_empty_candidate_title_is_named_at_the_title_field(
    kworld: World, login: Login, language: str, field: str, said: str
) -> None:
    import re

    client = login(kworld.users["manager"])
    client.cookies["django_language"] = language
    response = client.post(
        "/key-activities/candidates/new/",
        {
            "lens": "benchmark",
            "title_en": "",
            "title_zh": "",
            "rationale": "Top sellers",
            "impact": 3,
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert said in text
    # The message sits under the title the reader is asked for, which is marked invalid.
    field_html = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', text)
    assert field_html is not None and "is-invalid" in field_html.group(0)
    assert "Top sellers</textarea>" in text
    assert not Candidate.objects.filter(organization=kworld.org).exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Review day changed from Friday to Monday."), ("zh-hans", "检视日由周五改为周一。")],
)
def test_a_review_day_change_reads_as_weekdays(
    kworld: World, login: Login, language: str, said: str
) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    assert ka.review_day == 4
    response = client.post(f"/key-activities/{ka.pk}/do/define/", define_post(ka, review_weekday=0))
    assert response.status_code == 302
    html = client.get(f"/key-activities/{ka.pk}/", headers={"Accept-Language": language})
    assert said in html.content.decode()
