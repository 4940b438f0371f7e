"""Facts learned on a form, sent back to the family record once the user agrees.

Tell us once: when a form changes a fact the family record holds (a new
address, a new phone number, someone new in the household), saving offers to
update the record, so every later form sees the new fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recorder.domain.changes import Changes
from recorder.domain.forms import FormSpec
from recorder.forms.bindings import WRITABLE
from recorder.forms.checks import is_empty
from recorder.store.views import CaseFacts


@dataclass(frozen=True)
class FactChange:
    field_id: str
    label: str
    binding: str
    old: Any
    new: Any

    def describe(self, names: dict[str, str] | None = None) -> str:
        names = names or {}
        if self.binding == "household.members":
            added = [names.get(i, "someone") for i in self.new if i not in (self.old or [])]
            return f"Add {', '.join(added)} to the household"
        return f"{self.label}: {_text(self.old) or 'not recorded'} → {_text(self.new)}"


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def fact_changes(
    form: FormSpec, values: dict[str, Any], provenance: dict[str, Any]
) -> list[FactChange]:
    """Bound facts the user changed from what the family record said, or added to it.

    Compares each writable field with the value it was filled with. A fact the
    record did not have (no phone number yet) and the user typed is offered
    too; a field the user emptied is not a new fact.
    """
    changes = []
    for spec in form.fields:
        if spec.bind not in WRITABLE or spec.id not in values:
            continue
        new = values[spec.id]
        entry = provenance.get(spec.id) or {}
        old = entry.get("suggested")
        if is_empty(new) or new == old or (entry and entry.get("binding") != spec.bind):
            continue
        if spec.bind == "household.address" and not isinstance(new, dict):
            continue  # an address typed on one line cannot be split into the record's parts
        if spec.bind == "household.members" and not set(new) - set(old or []):
            continue  # someone left off the list is not someone moving out
        changes.append(FactChange(spec.id, spec.label, spec.bind, old, new))
    return changes


def apply_fact_changes(store, facts: CaseFacts, changes: list[FactChange]) -> Changes:
    """Write confirmed fact changes to the family record, in one transaction."""
    done = Changes()
    child = facts.child
    home = facts.households[0].household if facts.households else None
    with store.transaction():
        for change in changes:
            group, _, name = change.binding.partition(".")
            if group == "child":
                done |= store.people.update(child.id, **{name: _child_value(name, change.new)})
            elif change.binding == "household.address" and home:
                address = change.new if isinstance(change.new, dict) else {"line1": change.new}
                done |= store.households.update(
                    home.id,
                    address_line1=address.get("line1", ""),
                    address_line2=address.get("line2", ""),
                    town=address.get("town", ""),
                    postcode=address.get("postcode", "").strip().upper(),
                )
            elif change.binding == "household.phone" and home:
                done |= store.households.update(home.id, phone=change.new)
            elif change.binding == "household.members" and home:
                for person_id in change.new:
                    if person_id not in (change.old or []):
                        done |= store.households.add_member(home.id, person_id)
    return done


def _child_value(name: str, value: Any) -> Any:
    from datetime import date

    if name == "date_of_birth" and isinstance(value, str):
        return date.fromisoformat(value)
    if name == "interpreter_needed":
        return bool(value)
    return value
