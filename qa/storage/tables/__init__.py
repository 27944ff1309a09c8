"""SQLModel table classes: rows as the database keeps them.

Open `tables.py`; `qa/storage/convert.py` turns rows into domain records. Importing this package
registers every table on `SQLModel.metadata`.
"""

from qa.storage.tables import agent_replay, calibration, leases, metrics, tables

__all__ = ["agent_replay", "calibration", "leases", "metrics", "tables"]
