"""Ceiling 1: a bare Django project whose one view inserts one Activity row with the ORM.

No middleware, no authentication, no validation, no audit row: the cost of Django's request
handling plus one ORM insert, with the same persistent connections keyact uses. Served by
gunicorn: ``gunicorn benchmarks.ceilings.bare_django:application``. The organisation, owner and
defaults come from BENCH_ORG_ID and BENCH_OWNER_ID.
"""

from __future__ import annotations

import json
import os

import dj_database_url
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "keyact.core",
        "keyact.users",
        "keyact.orgs",
        "keyact.customers",
        "keyact.deals",
        "keyact.activities",
    ],
    AUTH_USER_MODEL="users.User",
    DATABASES={
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    },
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    USE_TZ=True,
    TIME_ZONE="Asia/Shanghai",
)

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from keyact.activities.models import Activity  # noqa: E402

ORG_ID = int(os.environ.get("BENCH_ORG_ID", "0"))
OWNER_ID = int(os.environ.get("BENCH_OWNER_ID", "0"))


@csrf_exempt
def create(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body)
    now = timezone.now()
    activity = Activity.objects.create(
        organization_id=ORG_ID,
        type_id=data["type_id"],
        owner_id=OWNER_ID,
        customer_id=data.get("customer_id"),
        outcome=data.get("outcome", ""),
        occurred_at=now,
        completed_at=now,
        created_by_id=OWNER_ID,
        updated_by_id=OWNER_ID,
        created_at=now,
        updated_at=now,
    )
    return JsonResponse({"id": activity.pk}, status=201)


urlpatterns = [path("api/v1/activities", create)]
application = WSGIHandler()
