"""The rules a person's values obey when they join an organisation, in one place.

``member_create`` applies them and the importers call them for every person row. Plain
functions over values: no query, no side effect; each raises an ``InvalidValue`` naming the
field at fault.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from keyact.core.columns import columns_check
from keyact.core.errors import InvalidValue
from keyact.orgs.models import Membership
from keyact.users.models import User


def member_values_check(*, display_name: str, email: str, title: str) -> None:
    """An e-mail address that is one, and what the columns can hold."""
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise InvalidValue(_("Enter a valid e-mail address."), field="email") from exc
    columns_check(User, {"display_name": display_name, "email": email})
    columns_check(Membership, {"title": title})
