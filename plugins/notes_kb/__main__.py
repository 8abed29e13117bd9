"""`python -m notes_kb check|search …`: the same as the `notes-kb` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
