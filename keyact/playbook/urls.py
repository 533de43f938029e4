"""Playbook pages under /playbook/."""

from django.urls import URLPattern, URLResolver, path

from keyact.playbook import views

app_name = "playbook"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("diagnosis/", views.diagnosis_view, name="diagnosis"),
    path("diagnosis/thresholds/", views.thresholds_update, name="thresholds"),
    path("diagnosis/questionnaire/", views.questionnaire_view, name="questionnaire"),
    path("processes/in-use/", views.processes_in_use, name="processes_in_use"),
    path("processes/<id:process_id>/", views.process_detail, name="process"),
    path("processes/<id:process_id>/edit/", views.process_edit, name="process_edit"),
    path("processes/<id:process_id>/steps/", views.step_add, name="step_add"),
    path(
        "processes/<id:process_id>/steps/<id:step_id>/edit/",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "processes/<id:process_id>/steps/<id:step_id>/move/",
        views.step_reorder,
        name="step_move",
    ),
    path(
        "processes/<id:process_id>/steps/<id:step_id>/activities/",
        views.step_activity_add,
        name="step_activity_add",
    ),
    path(
        "processes/<id:process_id>/activities/<id:item_id>/map/",
        views.step_activity_map,
        name="step_activity_map",
    ),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<id:plan_id>/", views.visit_detail, name="visit"),
    path("visits/<id:plan_id>/cancel/", views.visit_cancel, name="visit_cancel"),
    path(
        "opportunities/<id:opportunity_id>/assessment/",
        views.assessment_view,
        name="assessment",
    ),
]
