"""The formats questions are imported from (GIFT, CSV): which one a file's name
implies, and reading a text in one of them."""

from __future__ import annotations

from .csv import parse_csv
from .gift import parse_gift
from .questions import ParseResult

FORMAT_GIFT = "gift"
FORMAT_CSV = "csv"
_EXTENSIONS = {".gift": FORMAT_GIFT, ".txt": FORMAT_GIFT, ".csv": FORMAT_CSV}


def format_for_filename(name: str) -> str | None:
    """The format a file's extension implies (.gift and .txt: GIFT, .csv: CSV)."""
    lowered = name.lower()
    for extension, fmt in _EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None


def parse(*, text: str, fmt: str) -> ParseResult:
    """Read `text` in format `fmt` ("gift" or "csv")."""
    if fmt == FORMAT_GIFT:
        return parse_gift(text)
    if fmt == FORMAT_CSV:
        return parse_csv(text)
    raise ValueError(f"Unknown import format: {fmt!r}")
