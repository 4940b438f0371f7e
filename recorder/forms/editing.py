"""A record being edited: each field's value and where it came from, in plain Python.

One :class:`RecordEditor` holds what a form window shows: the values, the
provenance of each (prefilled, drafted from the dictation, suggested by
business support, typed), business support's suggestions still to decide,
write-back offers to the family record, and what has changed since the record
was loaded. The window renders it and forwards input; the dictation pane puts
its drafted items in through it. Saves are field-level: :meth:`edits` lists
only what changed since the editor read the record, each with the value it
started from, so another window's or another device's change to a different
field survives, and the same field comes back as a
:class:`~recorder.domain.conflicts.FieldConflict` for the user to settle.

Nothing here touches Qt or SQL, and nothing here files a suggestion as the
record's own without a person accepting it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from recorder.dictation.to_form import DICTATION_KEY
from recorder.domain.conflicts import FieldConflict, FieldEdit, SaveOutcome, Side
from recorder.domain.forms import FieldSpec, FieldType, FormSpec
from recorder.domain.lifecycle import edit_problem
from recorder.domain.records import (
    BUSINESS_SUPPORT_BINDING,
    Record,
    RecordStatus,
    editable_fields,
    split_reserved,
)
from recorder.domain.users import Role
from recorder.domain.working_copy import WorkingCopy
from recorder.forms.business_support import (
    SUGGESTED_KEY,
    accept_suggestion,
    business_support_edit,
    reject_suggestion,
)
from recorder.forms.checks import is_empty
from recorder.forms.prefill import Suggestion
from recorder.forms.write_back import FactChange, fact_changes

KEPT_NOTE = (
    "Your wording here is kept as a suggestion for the social worker: the record keeps "
    "theirs until they accept it."
)
WAITING_NOTE = (
    "Business support have suggested new wording for this field; it waits for the social "
    "worker to accept or reject it."
)


@dataclass(frozen=True)
class Provenance:
    """Where a field's value came from, and what a person has done with it.

    Saved in a record as a plain mapping (:meth:`as_saved`), the shape exports,
    history and reports read; keys this version does not know are carried through.
    """

    source: str
    """In words: "Family record", "Drafted from dictation", "Suggested by ... (business
    support)"."""
    binding: str = ""
    """The fact it is bound to (``child.nhs_number``), ``dictation`` or ``business_support``."""
    suggested: Any = None
    """The value as suggested, to tell a real edit from the suggestion itself."""
    accepted: bool = False
    edited: bool = False
    """Changed by the user from the suggestion (and so theirs)."""
    typed: bool = False
    """Typed on this form: no suggestion was made (a new fact for the family record)."""
    declined: Any = None
    """A new fact the user chose not to send to the family record, not offered again."""
    record_id: str | None = None
    """The earlier record a carried-forward value came from."""
    record_said: Any = None
    """Business support's suggestion: what the record said before it."""
    by: str | None = None
    at: str | None = None
    evidence: list[Any] | None = None
    """Drafted values: the dictation's words, as [start, end, words]."""
    other: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_saved(cls, entry: dict[str, Any] | Provenance | None) -> Provenance | None:
        if entry is None or isinstance(entry, Provenance):
            return entry
        if not isinstance(entry, dict):
            return None
        known = {f.name for f in fields(cls)} - {"other"}
        given = {k: v for k, v in entry.items() if k in known}
        return cls(
            **{"source": "", **given},
            other={k: v for k, v in entry.items() if k not in known},
        )

    def as_saved(self) -> dict[str, Any]:
        """The mapping a record keeps: flags and details only where they say something."""
        saved: dict[str, Any] = {
            "source": self.source,
            "binding": self.binding,
            "suggested": self.suggested,
            "accepted": self.accepted,
        }
        for name in ("edited", "typed"):
            if getattr(self, name):
                saved[name] = True
        for name in ("declined", "record_id", "record_said", "by", "at", "evidence"):
            if getattr(self, name) is not None:
                saved[name] = getattr(self, name)
        return saved | self.other

    @property
    def by_business_support(self) -> bool:
        return self.binding == BUSINESS_SUPPORT_BINDING

    @property
    def is_suggestion(self) -> bool:
        """Still only a suggestion: no one has accepted, typed or edited it."""
        return not (self.accepted or self.typed or self.edited)


@dataclass
class FieldState:
    """One field on the form: its value, its provenance, and a note to show under it."""

    spec: FieldSpec
    value: Any = None
    provenance: Provenance | None = None
    note: str = ""


class RecordEditor:
    """A record, or a new one, as one user edits it.

    :param record: the record as read from the store; None for a new one
    :param suggestions: for a new record, prefilled values with their sources
    """

    def __init__(
        self,
        form: FormSpec,
        *,
        role: Role,
        user_id: str,
        record: Record | None = None,
        suggestions: dict[str, Suggestion] | None = None,
    ) -> None:
        self.form = form
        self.role = role
        self.user_id = user_id
        self.fields: dict[str, FieldState] = {s.id: FieldState(s) for s in form.fields}
        self.names: dict[str, str] = {}
        """Users by id, to name who made a suggestion."""
        self.conflicts: list[FieldConflict] = []
        """Fields someone else changed while this user did: each waits for a choice."""
        self.load(record, suggestions or {})

    # -- loading ----------------------------------------------------------------

    def load(self, record: Record | None, suggestions: dict[str, Suggestion] | None = None) -> None:
        """Show ``record`` afresh (or a new record filled with ``suggestions``)."""
        self.record = record
        self.record_id = record.id if record else None
        self.status = record.status if record else RecordStatus.DRAFT
        self.dirty = False
        """Something on the form is not yet in the record."""
        self.unkept = False
        """Something on the form is in neither the record nor the working copy."""
        self.conflicts = []
        self._rejected: set[str] = set()
        if record is not None:
            values, provenance = dict(record.values), dict(record.provenance)
            self.loaded = editable_fields(record)
            """The record's values as last read or saved, with its dictation and business
            support's suggestions under their names: each edit's starting point."""
            self.loaded_provenance = dict(record.provenance)
            # Business support's suggestions are not the record: never a field of their own.
            self.suggestions: dict[str, Any] = dict(record.suggested)
            # Values of fields this version of the form no longer has are kept, not dropped.
            self.kept = {k: v for k, v in values.items() if k not in self.fields}
            self.dictation = record.dictation or ""
        else:
            suggestions = suggestions or {}
            values = {k: s.value for k, s in suggestions.items()}
            provenance = {k: s.provenance() for k, s in suggestions.items()}
            self.loaded, self.loaded_provenance = {}, {}
            self.suggestions, self.kept, self.dictation = {}, {}, ""
        for field_id, state in self.fields.items():
            state.value = values.get(field_id)
            state.provenance = Provenance.from_saved(provenance.get(field_id))
            state.note = ""
        self._show_suggestions()

    @property
    def editable(self) -> bool:
        return edit_problem(self.role, self.status) is None

    @property
    def edit_problem(self) -> str | None:
        return edit_problem(self.role, self.status)

    def _show_suggestions(self) -> None:
        """Put business support's suggestions where the person who decides them will see them."""
        for field_id, suggestion in self.suggestions.items():
            state = self.fields.get(field_id)
            if state is None or not isinstance(suggestion, dict):
                continue
            if self.role is Role.BUSINESS_SUPPORT:
                if self.editable:  # their own wording stays in front of them, to go on with
                    state.value = suggestion.get("value")
                    state.note = KEPT_NOTE
                else:
                    state.note = WAITING_NOTE
            elif self.editable:
                state.value = suggestion.get("value")
                state.provenance = Provenance(
                    source=self._suggestion_source(suggestion),
                    binding=BUSINESS_SUPPORT_BINDING,
                    suggested=state.value,
                    record_said=self.loaded.get(field_id),
                    by=suggestion.get("by"),
                    at=suggestion.get("at"),
                )
            else:
                state.note = WAITING_NOTE

    def _suggestion_source(self, suggestion: dict[str, Any]) -> str:
        who = self.names.get(str(suggestion.get("by") or ""))
        return f"Suggested by {who} (business support)" if who else "Suggested by business support"

    def name_users(self, names: dict[str, str]) -> list[str]:
        """Users' names have arrived: say whose each suggestion is. Returns the fields renamed."""
        self.names = dict(names)
        renamed = []
        for field_id, state in self.fields.items():
            entry = state.provenance
            suggestion = self.suggestions.get(field_id)
            if entry and entry.by_business_support and not entry.accepted:
                if isinstance(suggestion, dict):
                    state.provenance = replace(entry, source=self._suggestion_source(suggestion))
                    renamed.append(field_id)
        return renamed

    # -- reading ----------------------------------------------------------------

    def value(self, field_id: str) -> Any:
        return self.fields[field_id].value

    def values(self) -> dict[str, Any]:
        """What the form shows, with the dictation and values of fields it no longer has."""
        values = dict(self.kept)
        for field_id, state in self.fields.items():
            if state.value is not None:
                values[field_id] = state.value
        if self.dictation.strip():
            values[DICTATION_KEY] = self.dictation
        return values

    def provenance(self) -> dict[str, Any]:
        return {k: s.provenance.as_saved() for k, s in self.fields.items() if s.provenance}

    def unaccepted(self) -> list[str]:
        """Fields showing a suggestion no one has accepted yet, in form order."""
        return [k for k, s in self.fields.items() if s.provenance and not s.provenance.accepted]

    # -- input ------------------------------------------------------------------

    def type(self, field_id: str, value: Any) -> None:
        """The user changed a field: a suggestion changed by them becomes theirs."""
        state = self.fields[field_id]
        state.value = value
        entry = state.provenance
        if entry and value != entry.suggested:
            state.provenance = replace(entry, edited=True, accepted=True)
        self._changed()

    def shown_as(self, field_id: str, value: Any) -> None:
        """How the screen holds a value just put there (a list of people comes back in the
        list's order): kept without counting as the user's edit."""
        state = self.fields[field_id]
        entry = state.provenance
        if entry and entry.suggested == state.value and value != state.value:
            state.provenance = replace(entry, suggested=value)
        if value != state.value:
            state.value = value

    def set_dictation(self, text: str) -> None:
        if text != self.dictation:
            self.dictation = text
            self._changed()

    def touch(self) -> None:
        """Something changed that the editor does not hold itself: save it next time."""
        self._changed()

    def accept(self, field_id: str) -> bool:
        """The user takes a field's suggestion as theirs. False when there is none."""
        state = self.fields[field_id]
        if not state.provenance:
            return False
        state.provenance = replace(state.provenance, accepted=True)
        self._changed()
        return True

    def accept_all(self) -> list[str]:
        """Accept every suggestion still waiting; the fields accepted, in form order."""
        waiting = self.unaccepted()
        for field_id in waiting:
            self.accept(field_id)
        return waiting

    def clear(self, field_id: str) -> bool:
        """Take a suggestion out of a field. Business support's wording is rejected instead:
        the field goes back to what the record said. True when it was such a rejection."""
        state = self.fields[field_id]
        self._changed()
        entry = state.provenance
        if entry and entry.by_business_support and field_id in self.suggestions:
            self._rejected.add(field_id)
            state.value = self.loaded.get(field_id)
            state.provenance = Provenance.from_saved(self.loaded_provenance.get(field_id))
            return True
        state.value = None
        state.provenance = None
        return False

    def put_suggestion(
        self, field_id: str, value: Any, provenance: Provenance | dict[str, Any] | None
    ) -> None:
        """Fill a field with a suggestion made elsewhere (the dictation's draft)."""
        state = self.fields[field_id]
        state.value = value
        state.provenance = Provenance.from_saved(provenance)
        self._changed()

    # -- write-back to the family record -------------------------------------------

    def write_back_offers(self) -> list[FactChange]:
        """Facts this form changed that the family record holds, not already declined."""
        changes = fact_changes(self.form, self.values(), self.provenance())
        return [c for c in changes if _declined(self.fields[c.field_id]) != c.new]

    def prepare_write_back(self, changes: list[FactChange]) -> None:
        """A fact the record did not have gets an entry to answer on."""
        for change in changes:
            state = self.fields[change.field_id]
            if state.provenance is None:
                state.provenance = Provenance(
                    "Typed on this form", change.binding, None, accepted=True, typed=True
                )

    def written_back(self, changes: list[FactChange]) -> None:
        """The family record now has these facts: the fields say so."""
        self.prepare_write_back(changes)
        for change in changes:
            state = self.fields[change.field_id]
            state.provenance = replace(
                state.provenance,
                suggested=change.new,
                source="Family record (updated from this form)",
                edited=False,
                accepted=True,
                typed=False,
            )
        self._changed()

    def declined_write_back(self, changes: list[FactChange]) -> None:
        """Not sent to the family record: not offered again while the value stays."""
        self.prepare_write_back(changes)
        for change in changes:
            state = self.fields[change.field_id]
            state.provenance = replace(state.provenance, declined=change.new)
        self._changed()

    # -- saving -----------------------------------------------------------------

    def record_values(self) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """What saving now writes: values (the dictation and suggestions beside them, under
        their names: see :func:`~recorder.domain.records.editable_fields`), provenance, and
        the fields that became suggestions.

        Business support's changes to a practitioner's fields become suggestions; a
        practitioner's accepted and rejected suggestions leave the record's suggestions,
        and one not yet decided leaves the record's own wording in place.
        """
        if not self.editable:
            return dict(self.loaded), dict(self.loaded_provenance), []
        screen, provenance = self.values(), self.provenance()
        if self.role is Role.BUSINESS_SUPPORT:
            loaded = {k: v for k, v in self.loaded.items() if k != SUGGESTED_KEY}
            edit = business_support_edit(
                self.form, loaded, screen, user_id=self.user_id,
                suggestions=self.loaded.get(SUGGESTED_KEY) or {},
            )  # fmt: skip
            for spec in self.form.fields:
                if not spec.admin:
                    _put(provenance, spec.id, self.loaded_provenance.get(spec.id))
            values = dict(edit.values)
            _put(values, SUGGESTED_KEY, edit.suggestions or None)
            return values, provenance, edit.suggested
        values, suggestions = dict(screen), dict(self.suggestions)
        for field_id in list(self.suggestions):
            state = self.fields.get(field_id)
            if state is None:
                continue  # a field this version of the form does not show: left as it is
            entry = state.provenance
            shown = bool(entry and entry.by_business_support)
            if field_id in self._rejected:
                values, suggestions = reject_suggestion(values, suggestions, field_id)
            elif shown and entry.accepted:
                values, suggestions = accept_suggestion(values, suggestions, field_id)
                _put(values, field_id, screen.get(field_id))  # as accepted, or edited after
            elif shown:  # not decided yet: the record keeps its own wording
                _put(values, field_id, self.loaded.get(field_id))
                _put(provenance, field_id, self.loaded_provenance.get(field_id))
            else:  # something else has taken the field's place (a draft from the dictation)
                values, suggestions = reject_suggestion(values, suggestions, field_id)
        _put(values, SUGGESTED_KEY, suggestions or None)
        return values, provenance, []

    def new_record(
        self, case_id: str, values: dict[str, Any], provenance: dict[str, Any]
    ) -> Record:
        """The record a first save adds, written by this user, from :meth:`record_values`:
        the dictation and any suggestions go to the record's own fields, not its values."""
        plain, dictation, suggested = split_reserved(values)
        return Record(
            case_id=case_id,
            form_id=self.form.id,
            form_version=self.form.version,
            author_id=self.user_id,
            values=plain,
            provenance=provenance,
            dictation=dictation,
            suggested=suggested,
        )

    def _same(self, field_id: str, a: Any, b: Any) -> bool:
        state = self.fields.get(field_id)
        return _same_value(state.spec.type if state else None, a, b)

    def sending(self) -> None:
        """A save of what :meth:`record_values` gave has started: later typing is unsaved."""
        self.dirty = self.unkept = False

    def unsent(self) -> None:
        """That save failed: what it carried is still to save."""
        self._changed()

    def _changed(self) -> None:
        self.dirty = self.unkept = True

    # -- the working copy: typing kept between saves ------------------------------------

    def working_copy(self, user_id: str = "") -> WorkingCopy:
        """The form as it stands, to keep safe until the record takes it."""
        if self.record_id is None:
            raise ValueError("a working copy is of a record already written")
        self.unkept = False
        return WorkingCopy(
            self.record_id,
            user_id,
            values=self.values(),
            provenance=self.provenance(),
            base=dict(self.loaded),
            base_provenance=dict(self.loaded_provenance),
        )

    def restore(self, copy: WorkingCopy) -> None:
        """Put back typing kept when the form last closed without saving it (a crash).

        The edits keep the starting point they had, so saving them is checked
        against whatever the record took meanwhile.
        """
        for field_id, state in self.fields.items():
            state.value = copy.values.get(field_id)
            state.provenance = Provenance.from_saved(copy.provenance.get(field_id))
        self.dictation = str(copy.values.get(DICTATION_KEY) or "")
        self.kept = {
            k: v
            for k, v in copy.values.items()
            if k not in self.fields and k not in (DICTATION_KEY, SUGGESTED_KEY)
        }
        self.loaded = dict(copy.base)
        self.loaded_provenance = dict(copy.base_provenance)
        self.dirty, self.unkept = True, False

    def edits(
        self, values: dict[str, Any], provenance: dict[str, Any]
    ) -> tuple[list[FieldEdit], dict[str, Any]]:
        """Only what changed since the record was read: each field with its starting value,
        and the provenance of every field whose provenance changed (None: it has none).
        A field with a conflict waiting for the user's choice is left out."""
        waiting = {c.field for c in self.conflicts}  # not written until the user chooses
        changed = [
            FieldEdit(k, self.loaded.get(k), values.get(k))
            for k in dict.fromkeys([*self.loaded, *values])
            if not self._same(k, self.loaded.get(k), values.get(k)) and k not in waiting
        ]
        new_provenance = {
            k: provenance.get(k)
            for k in dict.fromkeys([*self.loaded_provenance, *provenance])
            if self.loaded_provenance.get(k) != provenance.get(k)
        }
        return changed, new_provenance

    def saved(
        self,
        outcome: SaveOutcome,
        sent: dict[str, Any],
        sent_provenance: dict[str, Any],
        *,
        record_id: str | None = None,
    ) -> list[str]:
        """A save has reached the store: the record as it now stands is the new starting point.

        Another writer's change to a field this user has not touched since the save
        began is taken onto the form; a field both changed is kept as this user left
        it, with its conflict in :attr:`conflicts` until they choose.

        :param sent: the values the save was made from (:meth:`record_values`)
        :returns: the fields whose value changed on the form (to show again)
        """
        if record_id is not None:
            self.record_id = record_id
        before, now = dict(self.loaded), outcome.now or sent
        decided = set(self.suggestions) - set(sent.get(SUGGESTED_KEY) or {})
        taken_in: list[str] = []
        self.loaded = dict(now)
        for field_id in dict.fromkeys([*before, *now]):
            theirs = now.get(field_id)
            if field_id in outcome.written or theirs == sent.get(field_id):
                continue
            clash = next((c for c in outcome.conflicts if c.field == field_id), None)
            if clash is not None:  # not written over theirs while the user has not chosen
                _put(self.loaded, field_id, clash.base)
                continue
            state = self.fields.get(field_id)
            mine_now = state.value if state else self.values().get(field_id)
            if mine_now != sent.get(field_id):
                # Typed into since the save began: the next save meets their change as a
                # conflict, so the field keeps its old starting point.
                _put(self.loaded, field_id, before.get(field_id))
                continue
            if state is not None:
                state.value = theirs
                state.provenance = Provenance.from_saved(outcome.provenance.get(field_id))
                taken_in.append(field_id)
            elif field_id == DICTATION_KEY:
                self.dictation = str(theirs or "")
                taken_in.append(field_id)
            elif field_id != SUGGESTED_KEY:
                _put(self.kept, field_id, theirs)
        self.loaded_provenance = dict(outcome.provenance or sent_provenance)
        for conflict in outcome.conflicts:
            if all(c.field != conflict.field for c in self.conflicts):
                self.conflicts.append(conflict)
        if self.conflicts:
            self._changed()
        if self.role is Role.BUSINESS_SUPPORT:
            self.suggestions = dict(now.get(SUGGESTED_KEY) or {})
            for spec in self.form.fields:
                if not spec.admin:
                    self.fields[spec.id].note = KEPT_NOTE if spec.id in self.suggestions else ""
        else:
            for field_id in decided:
                self.suggestions.pop(field_id, None)
                self._rejected.discard(field_id)
        return taken_in

    def settle(self, conflict: FieldConflict, side: Side) -> None:
        """The user chose one side of a conflict; the next save writes it over theirs."""
        self.conflicts = [c for c in self.conflicts if c.field != conflict.field]
        _put(self.loaded, conflict.field, conflict.theirs)
        kept = conflict.kept(side)
        state = self.fields.get(conflict.field)
        if state is not None:
            state.value = kept
            if Side(side) is Side.MINE and state.provenance:
                state.provenance = replace(state.provenance, accepted=True)
        elif conflict.field == DICTATION_KEY:
            self.dictation = str(kept or "")
        self._changed()


def _same_value(kind: FieldType | None, a: Any, b: Any) -> bool:
    """Equal as a record means it: empty is empty, and people ticked in any order are the same."""
    if is_empty(a) and is_empty(b):
        return True
    if kind in _SETS and isinstance(a, list) and isinstance(b, list):
        return sorted(map(repr, a)) == sorted(map(repr, b))
    return a == b


_SETS = (FieldType.PEOPLE, FieldType.CHOICES)


def _declined(state: FieldState) -> Any:
    return state.provenance.declined if state.provenance else None


def _put(values: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key``, or take it out when there is nothing to keep."""
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value
