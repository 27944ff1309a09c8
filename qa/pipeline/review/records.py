"""The records the front ends are handed (queue rows and filters, disputes, an agent's calls).

They are defined beside the queries that fill them (qa/storage); the CLI and the TUI import
them from here, so they reach data only through the pipeline (an import-linter contract).
"""

from __future__ import annotations

from qa.storage.agent_store import AgentCall, Dispute
from qa.storage.queue import PAGE_SIZE, QueueFilter, QueueRow, QueueSort
from qa.storage.store import Store

__all__ = ["PAGE_SIZE", "AgentCall", "Dispute", "QueueFilter", "QueueRow", "QueueSort", "Store"]
