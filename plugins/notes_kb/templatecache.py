"""Compiled theme templates kept across rebuilds: MkDocs makes a new Jinja environment for every build.

Why: under `mkdocs serve` each saved edit compiles Material's templates again (about a tenth of a no-change
rebuild). Jinja's bytecode cache checks each template's source checksum, so an edited template is compiled anew.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class TemplateCache(BytecodeCache):
    """An in-memory Jinja bytecode cache, kept by the plugin for the lifetime of `mkdocs serve`."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.loads = 0

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # discarded by Jinja when the template's checksum differs
            self.loads += bucket.code is not None

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
