"""Ethnicity as the census asks it: a fixed list of categories within groups.

The list itself is data (``resources/ethnicity.toml``, read by
:mod:`recorder.reference.ethnicity`); this module only holds its shape and the
check every entry point (the person dialog, the import) makes against it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EthnicityCategories:
    """The census groups, each with its categories, plus earlier wordings still accepted."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    earlier: frozenset[str] = frozenset()

    def choices(self) -> list[str]:
        """Every current category as stored: "White - Irish", in the census's order."""
        return [f"{group} - {category}" for group, categories in self.groups for category in categories]

    def problem(self, value: str) -> str | None:
        """Why ``value`` is not an ethnicity the record can hold; None when it is.

        Empty is allowed (not yet recorded). Case and spacing are forgiven by
        :meth:`canonical`, so a caller should store what that returns.
        """
        if not value.strip() or self.canonical(value) is not None:
            return None
        return (
            f"{value.strip()!r} is not one of the census ethnicity categories: "
            "choose one from the list (for example \"White - Irish\")."
        )

    def canonical(self, value: str) -> str | None:
        """The category as the list writes it, matched ignoring case and spacing; None when
        no category matches. The bare category ("Irish") is accepted when only one group
        has it."""
        wanted = _squash(value)
        if not wanted:
            return ""
        known = self.choices() + sorted(self.earlier)
        for choice in known:
            if _squash(choice) == wanted:
                return choice
        bare = [f"{g} - {c}" for g, cs in self.groups for c in cs if _squash(c) == wanted]
        return bare[0] if len(bare) == 1 else None


def _squash(text: str) -> str:
    return " ".join(text.replace("–", "-").split()).casefold().replace(" - ", "-")
