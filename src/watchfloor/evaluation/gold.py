"""Gold readers: quote attributions from hand-annotated files, as spans of our own Articles.

Two formats are read; :func:`read_gold` tells them apart by the path:

* a **seed file** (``*.json`` with ``document``, ``quotes`` and ``not_quotes``): the expected
  output for one text article. The article is built exactly as ingestion builds a ``.txt`` file
  (:func:`~watchfloor.sources.text.read_text` then
  :func:`~watchfloor.stages.prepare.prepare_article`), so offsets are into the cleaned text.
  Each quote's ``content`` is searched for inside its paragraph (the file's line, from 0).
* a **BRAT folder** (PolNeAR layout: ``text/<base>.txt`` and
  ``attributions/<base>_<annotator>.ann``; the first ``.ann`` per article in sorted order). The
  article keeps the raw text character for character (only spacing characters are replaced
  by a plain space, which keeps every offset), one paragraph per non-blank line, so the
  annotated offsets are article offsets as they stand.

Every span is checked against the text it claims to cover, and a gold file that does not line
up is refused with a :class:`~watchfloor.errors.ConfigError` rather than scored wrongly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..settings import Settings
from ..types import Article

Span = tuple[int, int]

#: Characters that open or close a quotation (straight and typographic, single and double).
OPENING_MARKS = "\"“„‟«‹‘'"
CLOSING_MARKS = "\"”»›’'"
#: Marks that signal quoted words inside a text; ’ and ' are left out (they are apostrophes
#: far more often than quotation marks: "Clinton’s").
INNER_MARKS = '"“”„‟«»‹›‘'

# Characters replaced by one space in BRAT texts: the replacement keeps every offset.
_SPACING = re.compile(r"[\t\r\f\v\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]")
_DIGITS = re.compile(r"\d+$")
_ANN_ID = re.compile(r"[TERAMN#]\d*$")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold attribution of one document.

    Attributes:
        id: the annotation's own id (``q3`` in a seed file, ``E12`` in a BRAT file).
        parts: the content's character spans in the article text, in text order.
        text: the content as annotated (BRAT: the parts joined by a space).
        kind: ``direct`` | ``indirect`` | ``mixed`` (given by the seed file; derived from the
            quotation marks for BRAT, see :func:`kind_of_content`).
        source_parts, cue_parts: spans of the Source and Cue annotations (BRAT; empty when the
            attribution has none).
        source_text, cue: the source and cue as written (``cue`` is ``None`` for an uncued
            continuation in a seed file).
        speaker, speaker_role, attribution: the seed file's resolved speaker, role and route.
    """

    id: str
    parts: tuple[Span, ...]
    text: str
    kind: str
    source_parts: tuple[Span, ...] = ()
    source_text: str | None = None
    cue_parts: tuple[Span, ...] = ()
    cue: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class NotQuote:
    """A text span that must not be extracted as a quote (seed files only)."""

    paragraph: int
    parts: tuple[Span, ...]
    text: str
    why: str = ""


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """An article and its gold attributions; ``name`` identifies it in reports (file base)."""

    name: str
    article: Article
    quotes: tuple[GoldQuote, ...]
    not_quotes: tuple[NotQuote, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldSet:
    """Every document of one gold file or folder; ``format`` is ``seed`` or ``brat``."""

    format: str
    path: str
    documents: tuple[GoldDocument, ...]
    notes: tuple[str, ...] = field(default=())


# -- shared helpers ---------------------------------------------------------------------------


def kind_of_content(parts: list[str]) -> str:
    """``direct`` if every part, stripped, starts and ends with a quotation mark (closing mark
    possibly followed by , . ; : ! ?), ``mixed`` if the content holds quotation marks otherwise,
    else ``indirect``."""
    pieces = [p.strip() for p in parts if p.strip()]
    if not pieces:
        return "indirect"

    def quoted(piece: str) -> bool:
        end = piece.rstrip(" ,.;:!?")
        return piece[0] in OPENING_MARKS and bool(end) and end[-1] in CLOSING_MARKS and len(end) > 1

    if all(quoted(p) for p in pieces):
        return "direct"
    if any(ch in INNER_MARKS for p in pieces for ch in p):
        return "mixed"
    return "indirect"


def span_text(text: str, parts: tuple[Span, ...]) -> str:
    """The text of (possibly discontinuous) spans, parts joined by a space as BRAT writes them."""
    return " ".join(text[start:end] for start, end in parts)


def span_mismatches(document: GoldDocument) -> list[str]:
    """Gold spans whose annotated text differs from the article text they point at (should be
    none; :func:`read_gold` refuses a gold set with any)."""
    text = document.article.text
    problems: list[str] = []
    for quote in document.quotes:
        checks = [("content", quote.parts, quote.text)]
        if quote.source_parts and quote.source_text is not None:
            checks.append(("source", quote.source_parts, quote.source_text))
        if quote.cue_parts and quote.cue is not None:
            checks.append(("cue", quote.cue_parts, quote.cue))
        for role, parts, expected in checks:
            found = span_text(text, parts)
            if not _same_text(found, expected):
                problems.append(f"{document.name} {quote.id} {role} {parts}: {expected!r} != {found!r}")
    for item in document.not_quotes:
        found = span_text(text, item.parts)
        if not _same_text(found, item.text):
            problems.append(f"{document.name} not_quote {item.parts}: {item.text!r} != {found!r}")
    return problems


def _same_text(found: str, expected: str) -> bool:
    """Equal, up to spacing characters (a BRAT text's no-break space is a space in ours)."""
    return found == expected or _SPACING.sub(" ", found) == _SPACING.sub(" ", expected)


# -- format detection -------------------------------------------------------------------------


def read_gold(path: str | Path, settings: Settings, *, limit: int | None = None) -> GoldSet:
    """Read a seed file or a BRAT folder (chosen by the path) into a :class:`GoldSet`.

    Args:
        limit: read only the first ``limit`` articles of a BRAT folder (sorted by name).

    Raises:
        ConfigError: the path does not exist, is not a recognised gold format, or its spans do
            not line up with the article text.
    """
    where = Path(path)
    if not where.exists():
        raise ConfigError(f"gold path {where} does not exist")
    if where.is_dir():
        if (where / "text").is_dir() and (where / "attributions").is_dir():
            gold = read_brat_folder(where, limit=limit)
        else:
            raise ConfigError(f"{where}: not a BRAT gold folder (expected text/ and attributions/)")
    elif where.suffix.lower() == ".json":
        gold = read_seed_file(where, settings)
    else:
        raise ConfigError(f"{where}: not a recognised gold format (a seed .json file or a BRAT folder)")
    problems = [p for document in gold.documents for p in span_mismatches(document)]
    if problems:
        shown = "; ".join(problems[:3])
        raise ConfigError(f"{where}: {len(problems)} gold spans do not match the article text: {shown}")
    return gold


# -- BRAT (PolNeAR) ---------------------------------------------------------------------------


def article_from_brat_text(text: str, origin: str) -> Article:
    """An Article whose text has the same length and offsets as ``text``.

    Spacing characters (tabs, carriage returns, no-break and zero-width spaces, a BOM) become a
    plain space; nothing is removed or reordered. Each non-blank line is a paragraph, its span
    trimmed of surrounding spaces.
    """
    from ..stages.prepare import hash_text

    clean = _SPACING.sub(" ", text)
    paragraphs: list[Span] = []
    pos = 0
    for line in clean.split("\n"):
        stripped = line.strip(" ")
        if stripped:
            start = pos + (len(line) - len(line.lstrip(" ")))
            paragraphs.append((start, start + len(stripped)))
        pos += len(line) + 1
    return Article(
        id=hash_text(clean), text=clean, paragraphs=tuple(paragraphs), origin=origin, language="en"
    )


@dataclass(frozen=True, slots=True)
class _TextBound:
    label: str
    parts: tuple[Span, ...]
    text: str


def parse_ann(content: str, origin: str = "ann") -> list[GoldQuote]:
    """Parse BRAT standoff into gold quotes: one per event (``E`` line) that has a Content.

    ``T<n>\\t<Label> <start> <end>[;<start> <end>…]\\t<text>`` lines are spans;
    ``E<n>\\t<Trigger>:T<a> <Role>:T<b>…`` lines tie them together. Role names may carry a
    digit (``Content2``: a second content span, added to the first). Other lines (notes,
    relations, attributes) are ignored. The quote's kind is derived from its content text.

    Raises:
        ConfigError: a malformed span line or an event naming an unknown span.
    """
    spans: dict[str, _TextBound] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    last_span: str | None = None  # a span text may run over several lines (PolNeAR train has some)
    pending = ""
    for number, line in enumerate(content.splitlines(), 1):
        fields = line.split("\t")
        if not _ANN_ID.match(fields[0]):
            if not line.strip():
                pending += "\n"
            elif last_span is not None:
                bound = spans[last_span]
                spans[last_span] = _TextBound(bound.label, bound.parts, f"{bound.text}\n{pending}{line}")
                pending = ""
            continue
        pending, last_span = "", None
        if line.startswith("T"):
            last_span = fields[0]
            try:
                label, offsets = fields[1].split(" ", 1)
                parts = tuple((int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";")))
            except (IndexError, ValueError) as e:
                raise ConfigError(f"{origin}:{number}: malformed span line {line!r}") from e
            spans[fields[0]] = _TextBound(label, parts, fields[2] if len(fields) > 2 else "")
        elif line.startswith("E") and len(fields) > 1:
            roles: dict[str, list[str]] = {}
            for argument in fields[1].split():
                role, _, ref = argument.partition(":")
                roles.setdefault(_DIGITS.sub("", role), []).append(ref)
            events.append((fields[0], roles))
    quotes: list[GoldQuote] = []
    for event_id, roles in events:
        try:
            contents = [spans[ref] for ref in roles.get("Content", [])]
            sources = [spans[ref] for ref in roles.get("Source", [])]
            cues = [spans[ref] for ref in roles.get("Cue", [])]
        except KeyError as e:
            raise ConfigError(f"{origin}: event {event_id} names unknown span {e}") from e
        if not contents:
            continue
        quotes.append(
            GoldQuote(
                id=event_id,
                parts=tuple(p for c in contents for p in c.parts),
                text=" ".join(c.text for c in contents),
                kind=kind_of_content([c.text for c in contents]),
                source_parts=tuple(p for s in sources for p in s.parts),
                source_text=" ".join(s.text for s in sources) if sources else None,
                cue_parts=tuple(p for c in cues for p in c.parts),
                cue=" ".join(c.text for c in cues) if cues else None,
            )
        )
    return sorted(quotes, key=lambda q: (min(q.parts), q.id))


def _decode_brat_text(data: bytes, annotations: list[GoldQuote]) -> str:
    """Decode a BRAT text so that the annotations' offsets fit it.

    Offsets count characters of the text as the annotation tool read it. A BOM or CRLF line
    ends may or may not have been counted; we keep the reading under which every annotated
    span matches (the BOM as a character; CR as a character, or dropped).
    """
    text = data.decode("utf-8")
    candidates = [text]
    if text.startswith("\ufeff"):
        candidates.append(text[1:])
    candidates += [c.replace("\r\n", "\n") for c in list(candidates) if "\r\n" in c]
    for candidate in candidates:
        if all(_same_text(span_text(candidate, q.parts), q.text) for q in annotations):
            return candidate
    return text


def read_brat_folder(folder: str | Path, *, limit: int | None = None) -> GoldSet:
    """Read a PolNeAR-style folder (``text/*.txt`` + ``attributions/<base>_<annotator>.ann``).

    Articles are taken in sorted order of their text file; an article with several annotators
    uses the first ``.ann`` in sorted order; an article without any is skipped (and noted).
    """
    root = Path(folder)
    ann_files: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        base = ann.stem.rsplit("_", 1)[0]
        ann_files.setdefault(base, ann)
    documents: list[GoldDocument] = []
    notes: list[str] = []
    for text_file in sorted((root / "text").glob("*.txt")):
        if limit is not None and len(documents) >= limit:
            break
        annotation = ann_files.get(text_file.stem)
        if annotation is None:
            notes.append(f"{text_file.name}: no annotation file, skipped")
            continue
        quotes = parse_ann(annotation.read_text("utf-8"), str(annotation))
        text = _decode_brat_text(text_file.read_bytes(), quotes)
        article = article_from_brat_text(text, str(text_file))
        documents.append(GoldDocument(text_file.stem, article, tuple(quotes)))
    if not documents:
        raise ConfigError(f"{root}: no annotated articles found")
    return GoldSet("brat", str(root), tuple(documents), tuple(notes))


# -- seed files -------------------------------------------------------------------------------


def read_seed_file(path: str | Path, settings: Settings) -> GoldSet:
    """Read a seed gold file and build its article as ingestion would.

    The ``document`` it names is looked up relative to the gold file's folder, then to the
    folder above it (``shared/gold/x.json`` names ``corpus/x.txt`` relative to ``shared``).
    """
    gold_file = Path(path)
    try:
        data: dict[str, Any] = json.loads(gold_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"{gold_file}: cannot read gold file: {e}") from e
    if not isinstance(data, dict) or "document" not in data or "quotes" not in data:
        raise ConfigError(f"{gold_file}: not a seed gold file (expected 'document' and 'quotes')")
    candidates = [gold_file.parent / data["document"], gold_file.parent.parent / data["document"]]
    document_path = next((c for c in candidates if c.is_file()), None)
    if document_path is None:
        raise ConfigError(f"{gold_file}: document {data['document']!r} not found next to it")
    raw_text, article = _ingest_text_file(document_path, settings)
    lines = _line_paragraphs(raw_text, article)
    quotes: list[GoldQuote] = []
    for number, item in enumerate(data["quotes"]):
        parts = _locate(article, lines, int(item["paragraph"]), item["content"], gold_file)
        quotes.append(
            GoldQuote(
                id=str(item.get("id") or f"q{number + 1}"),
                parts=(parts,),
                text=article.text[parts[0] : parts[1]],
                kind=str(item.get("kind") or "indirect"),
                cue=item.get("cue"),
                speaker=item.get("speaker"),
                speaker_role=item.get("speaker_role"),
                attribution=item.get("attribution"),
            )
        )
    not_quotes = []
    for item in data.get("not_quotes") or ():
        parts = _locate(article, lines, int(item["paragraph"]), item["text"], gold_file)
        not_quotes.append(
            NotQuote(int(item["paragraph"]), (parts,), article.text[parts[0] : parts[1]], item.get("why", ""))
        )
    document = GoldDocument(document_path.stem, article, tuple(quotes), tuple(not_quotes))
    return GoldSet("seed", str(gold_file), (document,))


def _ingest_text_file(path: Path, settings: Settings) -> tuple[str, Article]:
    """Read a ``.txt`` article through the ingestion functions: decode, clean, identify."""
    from ..sources.text import read_text
    from ..stages.furniture import load_furniture_rules
    from ..stages.prepare import prepare_article
    from ..types import RawArticle

    try:
        items = list(read_text(path.read_bytes(), str(path)))
    except (OSError, InputError) as e:
        raise ConfigError(f"cannot read gold document {path}: {e}") from e
    raw = next(item for item in items if isinstance(item, RawArticle))
    rules = load_furniture_rules(settings.furniture_file or None)
    try:
        article, _ = prepare_article(raw, rules=rules, settings=settings)
    except InputError as e:
        raise ConfigError(f"gold document {path}: {e}") from e
    return raw.text, article


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _line_paragraphs(raw_text: str, article: Article) -> dict[int, int]:
    """Map each line number of the raw file (from 0) to the article paragraph holding it.

    Cleaning drops page furniture and blank lines but never edits inside a paragraph, so the
    lines are walked in order against the paragraphs; a line that became no paragraph (it was
    removed) maps to nothing."""
    paragraphs = [_squash(p) for p in article.paragraph_texts()]
    mapping: dict[int, int] = {}
    current = 0
    for number, line in enumerate(raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        wanted = _squash(line.replace("\ufeff", ""))
        if not wanted:
            continue
        for index in range(current, len(paragraphs)):
            paragraph = paragraphs[index]
            if wanted == paragraph:  # a paragraph of its own (the usual one-line layout)
                mapping[number], current = index, index + 1
                break
            # a line of a hard-wrapped block: the block's first line, or a later one
            if paragraph.startswith(wanted) or (index == current and wanted in paragraph):
                mapping[number], current = index, index
                break
    return mapping


def _locate(article: Article, lines: dict[int, int], line: int, wanted: str, origin: Path) -> Span:
    """Find ``wanted`` in the article paragraph of raw line ``line``: exactly, else up to
    spacing; the whole article is searched only if the paragraph does not have it."""
    regions: list[Span] = []
    if line in lines:
        regions.append(article.paragraphs[lines[line]])
    regions.append((0, len(article.text)))
    needle = unicodedata.normalize("NFC", wanted).strip()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in needle.split()))
    for start, end in regions:
        found = article.text.find(needle, start, end)
        if found >= 0:
            return found, found + len(needle)
        match = pattern.search(article.text, start, end)
        if match:
            return match.start(), match.end()
    raise ConfigError(f"{origin}: text {wanted[:60]!r} of paragraph {line} is not in the article")
