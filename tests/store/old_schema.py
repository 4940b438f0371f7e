"""Writing a record as an older version of the app did, for tests of a migration.

A test that stops the migrations early has a ``records`` table without the columns
later ones add (``dictation``, ``suggested_json`` since 0014); the data class has
them. This writes only the columns the table has, and the values as given, even
keys that a newer version keeps elsewhere (an old record's ``dictation``).
"""

from __future__ import annotations

import json
from typing import Any

from recorder.domain import Record
from recorder.store.rows import to_row


def add_old_record(store, record: Record, values: dict[str, Any] | None = None) -> None:
    """Insert ``record`` with only the columns its table has now; ``values`` as they stand."""
    columns = store.db["records"].columns_dict
    row = {k: v for k, v in to_row(record).items() if k in columns}
    if values is not None:
        row["values_json"] = json.dumps(values, ensure_ascii=False, sort_keys=True)
    marks = ", ".join("?" for _ in row)
    with store.transaction():
        store.db.execute(
            f"INSERT INTO records ({', '.join(row)}) VALUES ({marks})", list(row.values())
        )
