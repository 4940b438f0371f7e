"""Forms as data: reading definitions, checking values, filling what is known.

Nothing here imports Qt; the store is reached only through its read models
and verbs.
"""
