"""Sync between a laptop's working copy and the team's central service (no Qt, no SQL).

``protocol`` holds the change row as it travels and what a working copy must offer;
``merge`` decides, per field, what a copy shows and which edits are in conflict;
``client`` pushes and pulls over HTTP.
"""
