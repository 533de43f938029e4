"""The JSON API: assembles every app's router under /api/v1/."""

from keyact.activities.api import activities_router, activity_types_router
from keyact.core.api_errors import JsonErrorsAPI, install_error_handlers
from keyact.customers.api import contacts_router, customers_router
from keyact.deals.api import opportunities_router, stages_router
from keyact.orgs.api import me_router, users_router
from keyact.users.api_auth import BearerTokenAuth, CsrfSessionAuth

api = JsonErrorsAPI(
    title="keyact API",
    version="1",
    description=(
        "Sales activities, customers, contacts and opportunities of the caller's organisation, "
        "limited to the caller's data scope: records outside it answer 404. Authenticate with "
        "`Authorization: Bearer <token>` (`keyact token create --user NAME`, or POST "
        "/me/tokens) or the browser session (unsafe methods need the CSRF token). Every error "
        'answers {"detail": "...", "errors": [{"field": "...", "message": "..."}]}.'
    ),
    urls_namespace="api",
    auth=[BearerTokenAuth(), CsrfSessionAuth()],
)
install_error_handlers(api)

api.add_router("/me", me_router)
api.add_router("/users", users_router)
api.add_router("/activity-types", activity_types_router)
api.add_router("/activities", activities_router)
api.add_router("/customers", customers_router)
api.add_router("/contacts", contacts_router)
api.add_router("/opportunities", opportunities_router)
api.add_router("/stages", stages_router)

from keyact.playbook.api import playbook_router  # noqa: E402

api.add_router("/playbook", playbook_router)

from keyact.tracking.api import (  # noqa: E402
    coaching_router,
    notifications_router,
    progress_router,
    reviews_router,
)

# Before the key-activities router: its "/{key_activity_id}" would take "/mine".
api.add_router("/key-activities", progress_router)
from keyact.keyactivities.api import router as key_activities_router  # noqa: E402

api.add_router("/key-activities", key_activities_router)
api.add_router("/reviews", reviews_router)
api.add_router("/coaching", coaching_router)
api.add_router("/notifications", notifications_router)
from keyact.insights.api import router as insights_router  # noqa: E402

api.add_router("/insights", insights_router)
