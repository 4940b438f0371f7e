"""The Word template's named styles: the one list the exporter, the check and the maker share.

A council restyles its documents by changing these styles in Word. Renaming or
deleting one would leave the exporter nothing to use, so the template is
checked when the settings are read and a missing style is named.
"""

from __future__ import annotations

import zipfile
from dataclasses import astuple, dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from recorder.reference.datafile import DataFileError

# Word's own styles the exporter uses as they are named in every template.
_BUILT_IN = ("Title", "Subtitle", "Heading 1")


@dataclass(frozen=True)
class StyleNames:
    council: str = "Council Name"
    department: str = "Council Department"
    notice: str = "Record Notice"
    spacer: str = "Table Spacer"
    """The small paragraph between two tables, which Word would otherwise join."""
    label: str = "Field Label"
    text: str = "Field Text"
    voice_label: str = "Voice Label"
    voice: str = "Child's Voice"
    table_text: str = "Table Text"
    table_heading: str = "Table Heading"
    marking: str = "Protective Marking"
    footer: str = "Record Footer"
    grid_table: str = "Record Table"
    pairs_table: str = "Record Details"


STYLES = StyleNames()


def check_template(path: Path) -> None:
    """The template opens as a Word document and has every style the exporter needs.

    :raises DataFileError: naming the template and what is wrong with it
    """
    try:
        names = {style.name for style in docx.Document(str(path)).styles}
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DataFileError(path, "this is not a Word document (.docx) that can be read") from None
    missing = [name for name in (*astuple(STYLES), *_BUILT_IN) if name not in names]
    if missing:
        raise DataFileError(
            path,
            f"the template has no style called {', '.join(repr(m) for m in missing)}; "
            "put the style back (or rename it back) in Word",
        )
