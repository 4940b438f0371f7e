"""Records as Word documents, laid out from their form definitions (no Qt, no SQL).

``material`` reads what a document needs from the store; ``outline`` decides
what the document says; ``word`` lays it out in the template's styles;
``files`` names and saves it whole; ``batch`` exports many with progress and
cancel.
"""

from recorder.export.batch import (
    BatchResult,
    Exported,
    NotExported,
    document_name,
    export_document,
    write_documents,
)
from recorder.export.files import ExportError
from recorder.export.material import NotGathered, RecordMaterial, gather_material, gather_materials
from recorder.export.settings import EmptyFields, ExportSettings, load_export_settings

__all__ = [
    "BatchResult",
    "EmptyFields",
    "ExportError",
    "ExportSettings",
    "Exported",
    "NotExported",
    "NotGathered",
    "RecordMaterial",
    "document_name",
    "export_document",
    "gather_material",
    "gather_materials",
    "load_export_settings",
    "write_documents",
]
