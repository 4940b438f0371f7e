"""Drafted items written into a record editor's fields, and taken out again.

A field may hold several drafted items (people present, lines of worries),
each accepted or rejected on its own. Writing remembers the field as it was
before the draft first touched it, so that rejecting every item puts back what
was there (a prefilled value, or what the worker typed); long text is added to,
never replaced. Plain Python over :class:`~recorder.forms.editing.RecordEditor`:
the dictation pane only lists the items and forwards the user's choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recorder.dictation.to_form import (
    BINDING,
    SINGLE_VALUE,
    FormSuggestion,
    drafted_provenance,
    holds_suggestion,
    with_suggestion,
    without_suggestion,
)
from recorder.domain.forms import FieldType
from recorder.forms.editing import Provenance, RecordEditor


@dataclass(frozen=True)
class DraftedItem:
    """One drafted item in a field, and whether the user has accepted it yet."""

    suggestion: FormSuggestion
    accepted: bool


@dataclass(frozen=True)
class _FieldBefore:
    """A field as it was before the draft first touched it, to put back on rejection."""

    value: Any
    provenance: Provenance | None
    own: Any
    """What of it was the user's own (typed or accepted), kept under the draft."""


class DraftedFields:
    """The fields a dictation's draft has written into, on one record editor."""

    def __init__(self, editor: RecordEditor) -> None:
        self.editor = editor
        self._before: dict[str, _FieldBefore] = {}

    def write(self, field_id: str, items: list[DraftedItem]) -> None:
        """Put every item of a field into it, over what was there."""
        state = self.editor.fields[field_id]
        spec = state.spec
        entry = state.provenance
        if field_id not in self._before:
            current = state.value
            # Long text (the worries) is added to, never replaced: what the record already
            # says, typed or carried from the last visit, stays above the drafted lines.
            adds = spec.type is FieldType.LONG_TEXT
            own = current if (not entry or entry.accepted or entry.typed or adds) else None
            self._before[field_id] = _FieldBefore(current, entry, own)
            value = own
        else:
            value = state.value
            if (
                entry
                and entry.binding != BINDING
                and not entry.accepted
                and spec.type is not FieldType.LONG_TEXT
            ):
                value = None  # an earlier suggestion from elsewhere gives way to the draft
        for item in items:
            value = with_suggestion(spec, value, item.suggestion.value)
        evidence = [e for item in items for e in item.suggestion.evidence]
        accepted = all(item.accepted for item in items)
        self.editor.put_suggestion(
            field_id, value, drafted_provenance(value, evidence, accepted=accepted)
        )

    def take_out(self, suggestion: FormSuggestion, left: list[DraftedItem]) -> None:
        """Withdraw one item from its field; a field left with nothing drafted is put back.

        :param left: the field's other items, still in play
        """
        field_id = suggestion.field_id
        state = self.editor.fields[field_id]
        spec = state.spec
        current = state.value
        untouched = holds_suggestion(spec, current, suggestion.value)
        # An item the user has since changed on the form stays as they left it.
        value = without_suggestion(spec, current, suggestion.value) if untouched else current
        before = self._before.get(field_id)
        single = spec.type in SINGLE_VALUE
        if not left and before is not None and (_same(value, before.own) or (single and untouched)):
            self.editor.put_suggestion(field_id, before.value, before.provenance)
            del self._before[field_id]
            return
        entry = state.provenance
        if entry and entry.binding == BINDING:
            entry = Provenance.from_saved(
                entry.as_saved()
                | {
                    "suggested": value,
                    "evidence": [
                        [e.start, e.end, e.words] for r in left for e in r.suggestion.evidence
                    ],
                    "accepted": entry.edited or all(r.accepted for r in left),
                }
            )
        self.editor.put_suggestion(field_id, value, entry)

    def forget(self, field_id: str) -> None:
        """The field was cleared on the form: nothing of the draft is left to put back."""
        self._before.pop(field_id, None)

    def accepted_in_field(self, field_id: str, value: Any) -> bool:
        """Whether the field already holds ``value`` as an accepted drafted value."""
        state = self.editor.fields[field_id]
        entry = state.provenance
        return bool(
            holds_suggestion(state.spec, state.value, value)
            and entry
            and entry.binding == BINDING
            and entry.accepted
        )


def _same(a: Any, b: Any) -> bool:
    return (a or None) == (b or None)
