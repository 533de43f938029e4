"""``keyact token create|list|revoke``: manage API tokens from the shell."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from keyact.core import cli_args
from keyact.core.errors import DomainError
from keyact.core.params import MAX_ID
from keyact.users.models import ApiToken, User
from keyact.users.selectors import token_list
from keyact.users.services import token_create, token_revoke


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(f"No user named {username!r}.") from exc


def _when(moment: datetime | None) -> str:
    return f"{localtime(moment):%Y-%m-%d %H:%M}" if moment else "never"


def _token_line(token: ApiToken) -> str:
    state = f"revoked {_when(token.revoked_at)}" if token.revoked_at else "active"
    return (
        f"{token.pk}\t{token.prefix}…\t{token.name}\tcreated {_when(token.created_at)}"
        f"\tlast used {_when(token.last_used_at)}\t{state}"
    )


class Command(BaseCommand):
    help = "Create, list or revoke API tokens. The raw token is printed once, at creation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token and print it once.")
        create.add_argument("--user", required=True, help="Username of the token's owner.")
        create.add_argument(
            "--name",
            type=cli_args.text(100),
            default="CLI",
            help="A name to recognise the token by.",
        )
        listing = sub.add_parser("list", help="List a user's tokens (never the secrets).")
        listing.add_argument("--user", required=True, help="Username.")
        revoke = sub.add_parser("revoke", help="Revoke a token by id.")
        revoke.add_argument(
            "--id",
            type=cli_args.bounded_int(1, MAX_ID),
            required=True,
            dest="token_id",
            help="Token id.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            _, raw = token_create(user=_user(options["user"]), name=options["name"])
            self.stdout.write(raw)
        elif action == "list":
            for token in token_list(user=_user(options["user"])):
                self.stdout.write(_token_line(token))
        else:
            self._revoke(options["token_id"])

    def _revoke(self, token_id: int) -> None:
        found = ApiToken.objects.filter(pk=token_id).select_related("user").first()
        if found is None:
            raise CommandError(f"No token with id {token_id}.")
        try:
            token_revoke(user=found.user, token_id=found.pk)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Revoked token {found.pk} ({found.prefix}…) of {found.user.username}.")
