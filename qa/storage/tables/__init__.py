"""SQLModel table classes: rows as the database keeps them (`qa/storage/convert.py` makes domain

records of them). Open `tables.py` first; importing this package registers every table on
`SQLModel.metadata`.
"""

from qa.storage.tables import agent_replay, calibration, leases, metrics, tables

__all__ = ["agent_replay", "calibration", "leases", "metrics", "tables"]
