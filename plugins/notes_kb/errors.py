"""Errors and warnings about a user's notes: always with a file and, where known, a line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """A problem in a note or its metadata, located precisely enough for a contributor to fix it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class NoteError(Exception):
    """A problem the build cannot repair: it stops cleanly with this message, never a traceback."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.diagnostic = Diagnostic(path, line, message)
        super().__init__(str(self.diagnostic))
