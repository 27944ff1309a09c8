"""Who is running the tool and what they may do: logins, roles, the permission table and the agent

directory. Open `identity.py` first, then `permissions.py`.
"""
