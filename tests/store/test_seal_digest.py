"""The change log's seal stays byte for byte what it was when the joined-message seal replaced
feeding HMAC part by part (for import speed): databases sealed before must still verify."""

from __future__ import annotations

import pytest

from recorder.store.chain import seal

KEY = b"k" * 32
ROWS = [
    (None, (1, "hlc", "2026-01-01T00:00:00.000Z", "tx", "dev", None, "people", "id", "insert",
            "first_name", None, "Zoë"), "b171bc7bf2c6bb0fbefab64ab56ec742"),
    (b"\x01" * 16, (2, "h", "a", "t", "d", "u", "records", "r", "update", "values.x", 3.5, True),
     "10761d09181a8fb36dd2799abb457939"),
    (b"\x02" * 16, (3, "h", "a", "t", "d", "u", "e", "i", "delete", "f", b"\x00\xff",
                    memoryview(b"ab")), "586682ce912f36eb2e04ca7a5b180999"),
    (b"\x03" * 16, (4, "\udcff", "a", "t", "d", "u", "e", "i", "op", "f", -7, [1, 2]),
     "b48d1dc1e9f11188fb6de9320574fa11"),
]  # fmt: skip


@pytest.mark.parametrize(("previous", "values", "expected"), ROWS)
def test_a_rows_seal_is_the_same_as_before(previous, values, expected):
    assert seal(KEY, previous, *values).hex() == expected
