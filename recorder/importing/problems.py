"""One thing wrong with an import, named by file, line and column."""

from __future__ import annotations


class ImportProblem(Exception):
    """A problem in one cell, line or file; ``str()`` reads as one sentence.

    ``line`` 0 means the file as a whole; an empty ``column`` means the whole line.
    """

    def __init__(self, file: str, line: int, column: str, problem: str) -> None:
        super().__init__(problem)
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem

    def __str__(self) -> str:
        where = [self.file]
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.problem}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImportProblem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
