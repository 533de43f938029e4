"""The format names of ``keyact import <format>`` and of the upload page."""

from __future__ import annotations

from keyact.integrations.formats.base import Dataset
from keyact.integrations.formats.salesforce import SalesforceDataset

FORMATS: dict[str, type[Dataset]] = {
    "salesforce": SalesforceDataset,
}
