"""The central sync service: one PostgreSQL database that every enrolled laptop of a team
pushes its changes to and pulls the team's changes from.

Installed with the ``[server]`` extra; nothing else in the project imports it, and it
never imports Qt or the SQLite store.
"""
