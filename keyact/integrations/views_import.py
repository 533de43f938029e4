"""The import flow for administrators: upload → preview and mapping → check → import as a
background task with a progress bar → summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.activities.models import Counterpart
from keyact.activities.selectors import activity_type_list
from keyact.core.errors import DomainError
from keyact.deals.selectors import stage_list
from keyact.integrations.formats.registry import FORMATS
from keyact.integrations.models import ImportBatch, Source
from keyact.integrations.preview import KIND_FIELDS, upload_preview
from keyact.integrations.report import KINDS, OUTCOMES
from keyact.integrations.services import import_batch_queue, import_mapping_set, import_upload
from keyact.orgs.access import acting_user, admin_view
from keyact.orgs.selectors import scope_for, user_list

PROBLEMS_SHOWN = 200
VALUES_SHOWN = 40


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    scope = scope_for(acting_user(request))
    batch = (
        ImportBatch.objects.filter(pk=batch_id, organization_id=scope.organization_id)
        .select_related("created_by")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@admin_view
def imports(request: HttpRequest) -> HttpResponse:
    """Upload an export; the organisation's earlier imports."""
    user = acting_user(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        source = request.POST.get("source", "")
        upload = request.FILES.get("upload")
        if source not in FORMATS:
            errors["source"] = _("Choose the format of the export.")
        elif upload is None:
            errors["upload"] = _("Choose a file.")
        else:
            try:
                batch = import_upload(
                    actor=user,
                    source=source,
                    upload=upload,
                    on_error=request.POST.get("on_error", "abort"),
                )
            except DomainError as exc:
                errors[exc.field or "upload"] = exc.message
            else:
                return redirect("integrations:batch_map", batch_id=batch.pk)
    batches = ImportBatch.objects.filter(
        organization_id=scope_for(user).organization_id
    ).select_related("created_by")[:20]
    return render(
        request,
        "integrations/imports.html",
        {
            "tab": "import",
            "sources": Source.choices,
            "batches": batches,
            "errors": errors,
            "selected": request.POST.get("source", ""),
        },
    )


def _mapping_from_post(
    request: HttpRequest, batch: ImportBatch, files: list[Any]
) -> dict[str, Any]:
    post = request.POST
    mapping: dict[str, Any] = {}
    file_specs: dict[str, Any] = {}
    for index, preview in enumerate(files):
        kind = post.get(f"kind-{index}", "")
        if kind not in KIND_FIELDS:
            continue
        columns = {
            f: post[f"col-{index}-{f}"] for f in KIND_FIELDS[kind] if post.get(f"col-{index}-{f}")
        }
        file_specs[preview.name] = {"kind": kind, "columns": columns}
    if file_specs:
        mapping["files"] = file_specs
    for group in ("activity_types", "stages", "users"):
        values = {}
        for key, value in post.items():
            prefix = f"{group}::"
            if key.startswith(prefix) and value:
                values[key[len(prefix) :]] = value
        if values:
            mapping[group] = values
    if post.get("create_missing_users"):
        mapping["create_missing_users"] = True
    return mapping


@admin_view
def batch_map(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Preview the first rows; map columns and values; check or import."""
    user = acting_user(request)
    batch = _batch(request, batch_id)
    preview = upload_preview(batch=batch)
    if request.method == "POST":
        mapping = _mapping_from_post(request, batch, preview.files)
        try:
            import_mapping_set(
                actor=user,
                batch=batch,
                mapping=mapping,
                remember=bool(request.POST.get("remember")),
            )
            import_batch_queue(
                actor=user, batch=batch, dry_run=request.POST.get("action") != "import"
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("integrations:batch", batch_id=batch.pk)
    mapping = batch.mapping
    dataset = FORMATS[batch.source]
    survey = preview.survey
    return render(
        request,
        "integrations/batch_map.html",
        {
            "tab": "import",
            "batch": batch,
            "preview": preview,
            "kinds": list(KIND_FIELDS.items()),
            "type_labels": [label for label, _n in survey.type_labels.most_common(VALUES_SHOWN)]
            if survey
            else [],
            "stage_labels": [
                label for label, _n in survey.stage_labels.most_common(VALUES_SHOWN) if label
            ]
            if survey
            else [],
            "owner_names": list(survey.owner_names)[:VALUES_SHOWN] if survey else [],
            "types": list(activity_type_list(user=user)),
            "stages": list(stage_list(user=user)),
            "people": list(user_list(user=user)),
            "counterparts": Counterpart.choices,
            "chosen_types": {**dataset.default_types, **mapping.get("activity_types", {})},
            "chosen_stages": {**dataset.default_stages, **mapping.get("stages", {})},
            "chosen_users": mapping.get("users", {}),
            "create_missing_users": bool(mapping.get("create_missing_users")),
        },
    )


def _summary(batch: ImportBatch) -> dict[str, Any]:
    report = batch.report
    return {
        "rows": [(kind, [int(report.get(o, {}).get(kind, 0)) for o in OUTCOMES]) for kind in KINDS],
        "problems": report.get("problems", [])[:PROBLEMS_SHOWN],
        "problems_total": report.get("problems_total", len(report.get("problems", []))),
        "errors": sum(1 for p in report.get("problems", []) if p["severity"] == "error"),
    }


def _progress_context(batch: ImportBatch) -> dict[str, Any]:
    running = batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    percent = int(100 * batch.rows_done / batch.rows_total) if batch.rows_total else 0
    return {"batch": batch, "running": running, "percent": min(percent, 100), **_summary(batch)}


@admin_view
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """A batch: its progress while it runs, then its summary and problems."""
    current = _batch(request, batch_id)
    if request.method == "POST" and request.POST.get("action") == "import":
        try:
            import_batch_queue(actor=acting_user(request), batch=current, dry_run=False)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("integrations:batch", batch_id=current.pk)
    return render(
        request,
        "integrations/batch.html",
        {"tab": "import", "outcomes": OUTCOMES, **_progress_context(current)},
    )


@admin_view
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress card alone (polled by htmx while the import runs)."""
    current = _batch(request, batch_id)
    return render(
        request,
        "integrations/_progress.html",
        {"outcomes": OUTCOMES, **_progress_context(current)},
    )


@admin_view
def batch_report(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The full JSON report of a batch."""
    current = _batch(request, batch_id)
    response = JsonResponse(current.report, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="import-{current.pk}.json"'
    return response
