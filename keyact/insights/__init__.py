"""Insights: what the data says about which activities move results (METHOD.md §8)."""
