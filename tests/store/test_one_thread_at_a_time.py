"""Two threads on one store take turns: neither slips its statements into the other's
transaction.

The app reads and writes on one worker thread; tests (and anything else) that use
the store from a second thread while that thread is part way through a transaction
used to break it now and then: "no such savepoint" at teardown, or a change logged
under the other's transaction id.
"""

from __future__ import annotations

import threading
import time

from recorder.domain import Person


def test_a_verb_from_a_second_thread_waits_for_the_first_threads_transaction(fresh_store):
    inside = threading.Event()
    order: list[str] = []

    tegan, macsen, lowri = (
        Person("Tegan", "Bowen-Rhys"),
        Person("Macsen", "Bowen-Rhys"),
        Person("Lowri", "Gwenllian"),
    )

    def long_write() -> None:
        with fresh_store.transaction():
            fresh_store.people.record_new(tegan)
            inside.set()
            time.sleep(0.3)  # the second thread asks meanwhile
            fresh_store.people.record_new(macsen)
            order.append("first done")

    first = threading.Thread(target=long_write)
    first.start()
    assert inside.wait(10)
    fresh_store.people.record_new(lowri)  # this thread's own write
    order.append("second done")
    first.join()

    assert order == ["first done", "second done"]
    txs = {
        row["entity_id"]: row["tx"]
        for row in fresh_store.rows(
            "SELECT entity_id, tx FROM change_log WHERE entity = 'people' AND op = 'insert'"
        )
    }
    assert txs[tegan.id] == txs[macsen.id]
    assert txs[lowri.id] != txs[tegan.id]
