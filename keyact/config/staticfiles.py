"""The front-end files keyact takes from npm packages (``node_modules``), and nothing else.

A package's ``dist`` folder holds many builds (ESM, unminified, source maps of each); keyact
uses one file or two of each. Serving and collecting only those keeps ``collectstatic`` fast
and ``STATIC_ROOT`` small (ADR 0003).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.files.storage import FileSystemStorage

# URL prefix under STATIC_URL → (folder inside node_modules, the files used from it).
NPM_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "vendor/bootstrap": (
        "bootstrap/dist",
        ("css/bootstrap.min.css", "css/bootstrap.min.css.map", "js/bootstrap.bundle.min.js*"),
    ),
    "vendor/bootstrap-icons": ("bootstrap-icons/font", ("bootstrap-icons.min.css", "fonts/*")),
    "vendor/htmx": ("htmx.org/dist", ("htmx.min.js",)),
    "vendor/echarts": ("echarts/dist", ("echarts.min.js",)),
}


def _used(prefix: str, path: str) -> bool:
    patterns = NPM_FILES[prefix][1]
    return any(fnmatch.fnmatchcase(path.replace("\\", "/"), pattern) for pattern in patterns)


class NpmFilesFinder(FileSystemFinder):
    """Finds the listed files of the npm packages in ``settings.NODE_MODULES``."""

    def __init__(self, app_names: Any = None, *args: Any, **kwargs: Any) -> None:
        self.locations = []
        self.storages = {}
        for prefix, (folder, _patterns) in NPM_FILES.items():
            root = str(settings.NODE_MODULES / folder)
            self.locations.append((prefix, root))
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]
            self.storages[root] = storage
        super(FileSystemFinder, self).__init__(*args, **kwargs)

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find_location(self, root: str, path: str, prefix: str | None = None) -> str | None:
        if prefix is None or not path.startswith(prefix + "/"):
            return None
        if not _used(prefix, path.removeprefix(prefix + "/")):
            return None
        found: str | None = super().find_location(root, path, prefix)
        return found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for path, storage in super().list(ignore_patterns):
            if _used(storage.prefix, path):
                yield path, storage
