"""Team report figures from scored calls: per agent, team, item and period.

Open `reporting.py`.
"""
