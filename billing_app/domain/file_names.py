"""Names for files a user downloads: safe on every system, unique within one zip."""

from __future__ import annotations

import re

UNSAFE = re.compile(r"[^\w.\-]+")


def safe_file_name(text: str) -> str:
    """Letters, digits, dots, dashes and underscores only: `INV/2026/7` → `INV-2026-7`,
    `October 2026` → `October-2026`; never empty, never hidden (a leading dot)."""
    return UNSAFE.sub("-", text).strip("-.") or "file"


def unique_names(names: list[str]) -> list[str]:
    """The same names, a repeated one numbered `name-2.pdf`, `name-3.pdf`..."""
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
        candidate, count = name, 1
        while candidate in seen:
            count += 1
            candidate = f"{stem}-{count}{dot}{extension}"
        seen.add(candidate)
        unique.append(candidate)
    return unique
