"""Importing a caseload from a council's CSV files (no Qt; writes only through the store).

``files`` declares and reads the files; ``plan`` checks rows and decides what
to add, match or change; ``run`` ties them to a store. The file set is
described for the people who fill it in ``resources/import-template/README.md``.
"""

from recorder.importing.problems import ImportProblem
from recorder.importing.run import ImportResult, run_import, summary_lines

__all__ = ["ImportProblem", "ImportResult", "run_import", "summary_lines"]
