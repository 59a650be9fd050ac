"""Reading bytes safely: size limits, binary sniffing, UTF-8 with replacement."""

from __future__ import annotations

from ..errors import InputError, Problem, make_problem

# Signatures of common binary formats, to name what was found instead of text.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"\x00\x00\x00": "binary data",
}


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` or return ``None`` if it looks like text.

    Text in any common encoding has no NUL bytes and few control characters; UTF-16 text (which
    has NULs) is rare in news feeds and is treated as binary too.
    """
    head = data[:8192]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if b"\x00" in head:
        return "NUL bytes"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        return "control characters"
    return None


def decode_text(data: bytes, origin: str, line: int | None = None) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (BOM allowed); invalid sequences become U+FFFD with a W001 warning.

    Raises:
        InputError: the input is empty (E101) or binary (E102).
    """
    if not data.strip():
        raise InputError(make_problem("E101", origin, line))
    what = sniff_binary(data)
    if what:
        raise InputError(make_problem("E102", origin, line, what=what))
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
        return text, [make_problem("W001", origin, line, count=bad)]


def check_size(size: int, limit: int, origin: str, line: int | None = None) -> None:
    """Raise E103 if ``size`` exceeds ``limit`` bytes."""
    if size > limit:
        raise InputError(make_problem("E103", origin, line, size=size, limit=limit))
