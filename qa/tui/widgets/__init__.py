"""Reusable widgets: transcript, scorecard and timeline (shared by review and agent replay)."""
