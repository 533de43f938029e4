"""The insights pages' wording in the reader's language: win-rate differences in points."""

from __future__ import annotations

from django.utils import translation

from keyact.insights.presentation import effectiveness_rows


def _result() -> dict[str, object]:
    return {
        "effectiveness": [
            {
                "name_en": "Visits",
                "name_zh": "拜访",
                "method": "difference_in_differences",
                "estimate": 0.147,
                "ci": [-0.046, 0.341],
            }
        ]
    }


def test_percentage_points_are_written_in_the_readers_language() -> None:
    with translation.override("zh-hans"):
        row = effectiveness_rows(_result())[0]
        assert row["estimate_text"] == "+14.7 个百分点"
        assert row["ci_text"].endswith("34.1 个百分点")
        assert "pp" not in row["ci_text"]
    with translation.override("en"):
        row = effectiveness_rows(_result())[0]
        assert row["estimate_text"] == "+14.7 pp"
