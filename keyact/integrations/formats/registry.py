"""The format names of ``keyact import <format>`` and of the upload page."""

from __future__ import annotations

from keyact.integrations.formats.base import Dataset
from keyact.integrations.formats.presets import (
    FollowupDataset,
    GenericDataset,
    HubSpotDataset,
    OdooDataset,
    PipedriveDataset,
)
from keyact.integrations.formats.salesforce import SalesforceDataset

FORMATS: dict[str, type[Dataset]] = {
    "salesforce": SalesforceDataset,
    "hubspot": HubSpotDataset,
    "pipedrive": PipedriveDataset,
    "odoo": OdooDataset,
    "followup": FollowupDataset,
    "generic": GenericDataset,
}
