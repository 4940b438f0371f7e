"""The words for how people are related, both ways round.

A relationship is stored once ("Sarah is mother of Mia"); this vocabulary
says how to read it from the other side ("Mia is Sarah's daughter").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.reference.datafile import DataFileError, line_of, read_toml

_GENDER_KEYS = {"female": "female", "male": "male"}


@dataclass(frozen=True)
class RelationshipKind:
    key: str
    label: str
    inverse: dict[str, str]
    """Reverse wording by gender of the other person: ``female``, ``male`` and ``any``."""

    @property
    def symmetric(self) -> bool:
        """Reads the same both ways (sibling, partner), gender aside."""
        return self.inverse["any"] == self.label

    def inverse_label(self, gender: str) -> str:
        return self.inverse.get(
            _GENDER_KEYS.get(gender.strip().lower(), "any"), self.inverse["any"]
        )


@dataclass(frozen=True)
class RelationshipVocabulary:
    kinds: dict[str, RelationshipKind]

    def __contains__(self, key: str) -> bool:
        return key in self.kinds

    def label(self, key: str) -> str:
        kind = self.kinds.get(key)
        return kind.label if kind else key.replace("_", " ")

    def inverse_label(self, key: str, gender: str) -> str:
        kind = self.kinds.get(key)
        return kind.inverse_label(gender) if kind else f"related ({key.replace('_', ' ')})"

    def describe(self, key: str, *, person_gender: str, person_is_subject_side: bool) -> str:
        """How a person is related to the one in view, in that person's own words.

        Stored "A is sibling of B": seen from B, A is a "sister" or "brother";
        seen from A, B is too. Symmetric kinds take the described person's gender
        either way; others read the label one way and the inverse the other.

        :param person_is_subject_side: True when the stored row reads
            "<person> is <kind> of <the one in view>"
        """
        kind = self.kinds.get(key)
        if kind is None:
            return key.replace("_", " ")
        if person_is_subject_side and not kind.symmetric:
            return kind.label
        return kind.inverse_label(person_gender)


def load_relationships(path: Path) -> RelationshipVocabulary:
    data = read_toml(path)
    kinds: dict[str, RelationshipKind] = {}
    for key, entry in data.get("kind", {}).items():
        line = line_of(path, f"[kind.{key}]")
        label = entry.get("label")
        inverse = entry.get("inverse")
        if isinstance(inverse, str):
            inverse = {"any": inverse}
        if not isinstance(label, str) or not label:
            raise DataFileError(path, f"kind.{key} needs a label", line=line)
        if not isinstance(inverse, dict) or not isinstance(inverse.get("any"), str):
            raise DataFileError(
                path,
                f"kind.{key} needs an inverse: a word, or a table with at least 'any'",
                line=line,
            )
        kinds[key] = RelationshipKind(key=key, label=label, inverse=dict(inverse))
    if not kinds:
        raise DataFileError(path, "expected one or more [kind.<name>] tables")
    return RelationshipVocabulary(kinds)
