"""The ``keyact`` console script: Django's management commands plus keyact's own.

``keyact demo``, ``keyact seed-demo``, ``keyact serve`` and ``keyact token create`` are management
commands of the keyact apps; everything else (``migrate``, ``createsuperuser``…) is Django's.
"""

from __future__ import annotations

import os
import sys

# Commands that serve keyact (and so collect static files first).
SERVING_COMMANDS = frozenset({"serve", "demo"})


def main(argv: list[str] | None = None) -> None:
    """Run a keyact command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        # keyact's own commands are spelled with dashes (seed-demo); Django's modules use _.
        args[0] = args[0].replace("-", "_")
    if args and args[0] in SERVING_COMMANDS:
        # Served static files are collected with hashed, compressed names (settings).
        os.environ.setdefault("KEYACT_STATIC_MANIFEST", "1")
    execute_from_command_line(["keyact", *args])


if __name__ == "__main__":
    main()
