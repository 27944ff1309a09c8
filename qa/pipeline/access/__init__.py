"""Who is running the tool and what they may do; the workspace's store opened for them.

Open `identity.py` first (login, role, visible calls), then `permissions.py` (the one
permission table), `agents.py` (the agent directory) and `open_store.py`.
"""
