"""The import report: counts per kind and every problem, in the shape ``keyact import --json``
prints, the import batch stores and the web summary shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("users", "customers", "contacts", "opportunities", "activities")
OUTCOMES = ("created", "updated", "unchanged", "skipped")
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth knowing (a warning) about a row of a file."""

    file: str
    line: int | None
    id: str
    field: str
    reason: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: file, line, id, field, reason, severity."""
        return {
            "file": self.file,
            "line": self.line,
            "id": self.id,
            "field": self.field,
            "reason": self.reason,
            "severity": self.severity,
        }


@dataclass
class Report:
    """What an import did or would do; ``committed`` tells whether anything was written."""

    committed: bool = False
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {o: dict.fromkeys(KINDS, 0) for o in OUTCOMES}
    )
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0

    def count(self, outcome: str, kind: str, n: int = 1) -> None:
        """Add ``n`` records of ``kind`` to an outcome (created, updated, unchanged, skipped)."""
        self.counts[outcome][kind] += n

    def add(self, problem: Problem) -> None:
        """Record a problem; errors are counted apart so callers can decide to abort."""
        self.problems.append(problem)
        if problem.severity == ERROR:
            self.errors += 1

    def error(self, file: str, line: int | None, id: str, field: str, reason: str) -> None:
        """Record an error of one row."""
        self.add(Problem(file, line, id, field, reason, ERROR))

    def warning(self, file: str, line: int | None, id: str, field: str, reason: str) -> None:
        """Record a warning about one row (the row is still imported)."""
        self.add(Problem(file, line, id, field, reason, WARNING))

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape."""
        return {
            "committed": self.committed,
            **{outcome: dict(self.counts[outcome]) for outcome in OUTCOMES},
            "problems": [p.as_dict() for p in self.problems],
        }
