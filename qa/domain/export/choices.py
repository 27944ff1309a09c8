"""What a person may pick for an export or a report: file formats, review statuses, groupings."""

from __future__ import annotations

from typing import Literal

from qa.domain.call import ReviewStatus

FORMATS = ("csv", "json", "xlsx", "pdf")
STATUSES = tuple(s.value for s in ReviewStatus)

ReportBy = Literal["agent", "item", "team", "week", "month"]
REPORT_BY: tuple[ReportBy, ...] = ("agent", "item", "team", "week", "month")
