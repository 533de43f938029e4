"""A small per-process cache whose entries expire after a fixed number of seconds.

Used on hot paths (API token lookup, activity-type checks) to save a database round trip per
request. Entries are per worker process, so a change (a revoked token, a deactivated type) takes
effect everywhere within ``ttl`` seconds; callers document that bound.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    """A bounded mapping whose entries expire ``ttl`` seconds after they were stored."""

    def __init__(self, *, ttl: float, max_entries: int = 1024) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The live value stored under ``key``, or None."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                del self._data[key]
                return None
            return value

    def set(self, key: Hashable, value: V) -> None:
        """Store ``value``; the oldest entry goes when the cache is full."""
        with self._lock:
            self._data[key] = (time.monotonic() + self.ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def discard(self, key: Hashable) -> None:
        """Forget ``key`` in this process (other processes wait out the TTL)."""
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        """Forget everything (tests use it between cases)."""
        with self._lock:
            self._data.clear()
