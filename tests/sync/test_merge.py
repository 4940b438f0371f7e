"""Per-field merge: a conflict is found by cause, kept with both values, and every copy
shows the same thing whatever order the edits reached it in."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from recorder.sync.merge import DELETED_FIELD, Merge
from recorder.sync.protocol import Change


def edit(hlc_ms, device, value, *, base=None, field="values.notes", entity_id="r1", seq=1):
    return Change(
        device_id=device, device_seq=seq, tx=f"{device}-{hlc_ms}",
        hlc=f"{hlc_ms:016d}-0000-{device[:8]}", base_hlc=base, user_id=f"user-{device}",
        entity="records", entity_id=entity_id, op="update", field=field, value=value,
    )  # fmt: skip


def merged(*changes):
    m = Merge()
    m.add_all(changes)
    return m


def test_one_edit_after_another_is_no_conflict():
    first = edit(1, "laptop-a", "Seen at home.")
    second = edit(5, "laptop-b", "Seen at home with mum.", base=first.hlc)
    view = merged(second, first).view("records", "r1")
    assert view.values() == {"values.notes": "Seen at home with mum."}
    assert view.conflicts == []


def test_two_offline_edits_of_one_field_are_a_conflict_with_both_values():
    first = edit(1, "laptop-a", "Seen at home.")
    mine = edit(5, "laptop-a", "Seen at school.", base=first.hlc)
    theirs = edit(4, "laptop-b", "Seen at nursery.", base=first.hlc)
    view = merged(first, mine, theirs).view("records", "r1")
    (conflict,) = view.conflicts
    assert [h.value for h in conflict.heads] == ["Seen at school.", "Seen at nursery."]
    # meanwhile the latest clock reading is shown, whoever synced first
    assert view.values()["values.notes"] == "Seen at school."


def test_the_same_value_typed_on_two_laptops_is_no_conflict():
    first = edit(1, "laptop-a", "Seen at home.")
    a = edit(5, "laptop-a", "Seen at school.", base=first.hlc)
    b = edit(4, "laptop-b", "Seen at school.", base=first.hlc)
    assert merged(first, a, b).view("records", "r1").conflicts == []


def test_a_to_b_and_back_to_a_is_still_an_edit_that_conflicts():
    first = edit(1, "laptop-a", "A")
    to_b = edit(2, "laptop-a", "B", base=first.hlc)
    back = edit(3, "laptop-a", "A", base=to_b.hlc)
    other = edit(4, "laptop-b", "C", base=first.hlc)
    assert len(merged(first, to_b, back, other).conflicts()) == 1


def test_an_edit_based_on_every_head_settles_the_conflict():
    first = edit(1, "laptop-a", "Seen at home.")
    a = edit(5, "laptop-a", "Seen at school.", base=first.hlc)
    b = edit(4, "laptop-b", "Seen at nursery.", base=first.hlc)
    m = merged(first, a, b)
    settle = edit(3, "laptop-c", "Seen at nursery, then school.",
                  base=m.view("records", "r1").fields["values.notes"].settling_base())  # fmt: skip
    m.add(settle)
    view = m.view("records", "r1")
    # the settling edit wins even with an older clock: it saw both
    assert view.conflicts == [] and view.values()["values.notes"] == settle.value


def test_three_laptops_editing_one_field_keep_all_three():
    first = edit(1, "laptop-a", "x")
    heads = [edit(10 + i, d, f"from {d}", base=first.hlc) for i, d in enumerate("abc")]
    (conflict,) = merged(first, *heads).conflicts()
    assert {h.value for h in conflict.heads} == {"from a", "from b", "from c"}


def test_a_delete_that_did_not_see_an_edit_is_a_conflict():
    first = edit(1, "laptop-a", "Seen at home.")
    later = edit(6, "laptop-b", "Seen at home with dad.", base=first.hlc)
    m = merged(first)
    delete = edit(5, "laptop-a", "2026-11-20T10:00:00Z", field=DELETED_FIELD,
                  base=m.delete_base("records", "r1"))  # fmt: skip
    m.add_all([delete, later])
    view = m.view("records", "r1")
    assert view.deleted
    (conflict,) = view.conflicts
    assert conflict.field == DELETED_FIELD and conflict.heads[1].value == later.value


def test_a_delete_after_seeing_every_edit_is_no_conflict_and_a_restore_undoes_it():
    first = edit(1, "laptop-a", "Seen at home.")
    m = merged(first)
    delete = edit(5, "laptop-b", "2026-11-20T10:00:00Z", field=DELETED_FIELD,
                  base=m.delete_base("records", "r1"))  # fmt: skip
    m.add(delete)
    assert m.view("records", "r1").deleted and m.conflicts() == []
    m.add(edit(7, "laptop-a", None, field=DELETED_FIELD, base=delete.hlc))
    assert not m.view("records", "r1").deleted


def test_duplicates_change_nothing():
    first = edit(1, "laptop-a", "Seen at home.")
    m = merged(first)
    before = m.snapshot()
    assert m.add(first) is False
    assert m.snapshot() == before


# A model of laptops editing offline and syncing in any order.

FIELDS = ("values.notes", "values.date", DELETED_FIELD)

actions = st.lists(
    st.tuples(
        st.sampled_from(["edit", "edit", "settle", "delete", "restore", "sync"]),
        st.integers(0, 2),  # device
        st.integers(0, 2),  # other device, or field
        st.integers(0, 3),  # value
        st.integers(-50, 50),  # clock skew of this step
    ),
    max_size=40,
)


def simulate(steps, devices):
    """Run ``steps``; returns each device's known changes and every change made."""
    known = [dict() for _ in range(devices)]  # hlc -> Change
    clocks = [0] * devices
    made = []
    for kind, d, other, value, skew in steps:
        d %= devices
        if kind == "sync":
            known[d].update(known[other % devices])
            clocks[d] = max([clocks[d]] + [int(h[:16]) for h in known[d]])
            continue
        m = merged(*known[d].values())
        entity = m.view("records", "r1")
        if kind in ("delete", "restore"):
            field = DELETED_FIELD
            val = "2026-11-20T10:00:00Z" if kind == "delete" else None
            base = m.delete_base("records", "r1") if kind == "delete" else None
            if kind == "restore":
                view = entity.fields.get(DELETED_FIELD)
                base = view.settling_base() if view else None
        else:
            field = FIELDS[other % 2]
            view = entity.fields.get(field)
            val = f"value {value}"
            if view is None:
                base = None
            elif kind == "settle":
                base = view.settling_base()
            else:
                base = view.shown.hlc
        # a hybrid clock: never behind what it has seen, whatever the wall clock says
        clocks[d] = max(clocks[d] + 1, 1000 + len(made) * 10 + skew)
        change = edit(clocks[d], f"laptop-{d}", val, base=base, field=field, seq=len(made) + 1)
        known[d][change.hlc] = change
        made.append(change)
    return known, made


@settings(max_examples=150, deadline=None)
@given(steps=actions, devices=st.integers(2, 3), seed=st.integers(0, 2**32 - 1))
def test_every_delivery_order_gives_every_copy_the_same_result(steps, devices, seed):
    known, made = simulate(steps, devices)
    expected = merged(*made).snapshot()
    rng = random.Random(seed)
    for d in range(devices):
        # what this device already had, then everything, shuffled, some twice
        rest = made + rng.sample(made, k=len(made) // 2)
        rng.shuffle(rest)
        copy = merged(*known[d].values(), *rest)
        assert copy.snapshot() == expected


@settings(max_examples=150, deadline=None)
@given(steps=actions, devices=st.integers(2, 3))
def test_no_edit_is_a_silent_loser(steps, devices):
    """An edit that is no longer shown was seen by whoever replaced it, or is in a conflict."""
    _, made = simulate(steps, devices)
    m = merged(*made)
    view = m.view("records", "r1") if made else None
    for change in made:
        named_as_base = any(change.hlc in other.bases for other in made if other is not change)
        if named_as_base:
            continue
        fv = view.fields[change.field]
        in_conflict = any(change.hlc in {h.hlc for h in c.heads} for c in view.conflicts)
        assert fv.shown.hlc == change.hlc or in_conflict or fv.value == change.value
