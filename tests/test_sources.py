"""Every input kind, and every kind of bad input, read through the one entry point."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from watchfloor.errors import Problem
from watchfloor.sources import iter_raw_articles, sniff_format
from watchfloor.types import RawArticle

LIMIT = 5_000_000
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def read(
    *inputs: str | Path, fetch: bool = False, stdin: io.BufferedReader | None = None
) -> tuple[list[RawArticle], list[Problem]]:
    items = list(
        iter_raw_articles([str(i) for i in inputs], max_article_bytes=LIMIT, fetch=fetch, stdin=stdin)
    )
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Problem)]


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A throwaway HTTP server on 127.0.0.1 serving a temporary folder."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_sources_text_file_has_no_title(samples: Path) -> None:
    articles, problems = read(samples / "kyiv-briefing.txt")
    assert not problems and len(articles) == 1
    assert articles[0].title is None and articles[0].published is None
    assert articles[0].text.startswith((samples / "kyiv-briefing.txt").read_text("utf-8")[:40])


def test_sources_jsonl_fields_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {
            "id": "x1",
            "title": "T",
            "text": "Body one.",
            "date": "2026-01-02",
            "source": "S",
            "url": "https://e.org/1",
            "section": "world",
        },
        {"id": "x2", "text": "Body two.", "published": "2026-01-03T10:00:00+01:00"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", "utf-8")
    articles, problems = read(path)
    assert not problems
    first, second = articles
    assert (first.source_id, first.title, first.source, first.url) == ("x1", "T", "S", "https://e.org/1")
    assert first.published == "2026-01-02" and first.date_source == "jsonl:date"
    assert first.metadata == {"section": "world"}
    assert second.published == "2026-01-03T10:00:00+01:00" and second.date_source == "jsonl:published"
    assert first.origin == f"{path}:1" and second.origin == f"{path}:2"


def test_sources_jsonl_malformed_line_reported_with_line_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"text": "one"}\n{"text": "two",,}\n["not", "an object"]\n{"title": "no text"}\n{"text": "five"}\n',
        "utf-8",
    )
    articles, problems = read(path)
    assert [a.text for a in articles] == ["one", "five"]
    assert [(p.code, p.line) for p in problems] == [("E104", 2), ("E104", 3), ("E105", 4)]
    assert all(p.origin == str(path) for p in problems)


def test_sources_jsonl_oversized_line_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write('{"text": "small"}\n')
        f.write(json.dumps({"text": "x" * 300}) + "\n")
        f.write('{"text": "after"}\n')
    items = list(iter_raw_articles([str(path)], max_article_bytes=100))
    assert [i.text for i in items if isinstance(i, RawArticle)] == ["small", "after"]
    assert [(i.code, i.line) for i in items if isinstance(i, Problem)] == [("E103", 2)]


def test_sources_html_page_main_text_and_metadata(samples: Path) -> None:
    articles, problems = read(samples / "ceasefire-talks.html")
    assert not problems
    (page,) = articles
    assert page.title and page.source and page.url and page.url.startswith("https://example.net/")
    assert page.published == "2026-04-21T10:15:00+00:00" and page.date_source == "html:meta"
    assert page.paragraphs and len(page.paragraphs) >= 5
    lowered = page.text.lower()
    assert "cookie" not in lowered and "all rights reserved" not in lowered


def test_sources_html_without_body_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "utf-8",
    )
    articles, problems = read(path)
    assert not articles and [p.code for p in problems] == ["E106"]


def test_sources_feed_full_content_entries_and_teaser_notice(samples: Path) -> None:
    articles, problems = read(samples / "world-feed.xml")
    assert len(articles) == 2
    assert all(a.published and a.published.endswith("+0000") for a in articles)  # parsed later
    assert all(a.date_source == "feed:published" and len(a.text.split()) >= 80 for a in articles)
    assert [p.code for p in problems] == ["W002"] and not problems[0].skipped


def test_sources_feed_fetches_teaser_entries_with_fetch(
    tmp_path: Path, http_root: tuple[Path, str], samples: Path
) -> None:
    root, base = http_root
    (root / "story.html").write_bytes((samples / "ceasefire-talks.html").read_bytes())
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<item><title>Teaser</title><link>{base}/story.html</link><description>Short teaser.</description>"
        "<pubDate>Tue, 21 Apr 2026 09:00:00 +0000</pubDate></item></channel></rss>",
        "utf-8",
    )
    offline, notices = read(feed)
    assert not offline and [p.code for p in notices] == ["W002"]
    articles, problems = read(feed, fetch=True)
    assert not problems and len(articles) == 1
    assert articles[0].published == "Tue, 21 Apr 2026 09:00:00 +0000"  # the feed's own date wins
    assert len(articles[0].paragraphs or ()) >= 5


def test_sources_url_input_is_sniffed(http_root: tuple[Path, str], samples: Path) -> None:
    root, base = http_root
    (root / "feed").write_bytes((samples / "world-feed.xml").read_bytes())
    articles, _ = read(f"{base}/feed")
    assert len(articles) == 2
    missing, problems = read(f"{base}/nope.html")
    assert not missing and [p.code for p in problems] == ["E109"]


@pytest.mark.parametrize(
    "content",
    ["<rss><channel><title>x</chan", "<rss version='2.0'>\x01\x02 garbage &&& <<<", "<feed>not atom</feed>"],
)
def test_sources_feed_that_does_not_parse(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(content, "utf-8")
    articles, problems = read(path)
    assert not articles and [p.code for p in problems] == ["E107"]


def test_sources_malformed_feed_recovers_entries_with_warning(tmp_path: Path, samples: Path) -> None:
    path = tmp_path / "truncated.xml"
    text = (samples / "world-feed.xml").read_text("utf-8")
    path.write_text(text[: text.rindex("</item>")], "utf-8")  # cut off mid-feed
    articles, problems = read(path)
    assert len(articles) == 2 and "W004" in [p.code for p in problems]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", b"  \n\n \t\n", "E101"),
        ("image.txt", PNG + bytes(range(256)), "E102"),
        ("nul.txt", b"text\x00with\x00nuls" * 10, "E102"),
    ],
)
def test_sources_bad_text_files_skipped(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A real article paragraph.", "utf-8")
    articles, problems = read(path, good)
    assert [p.code for p in problems] == [code] and problems[0].origin == str(path)
    assert [a.text for a in articles] == ["A real article paragraph."]


def test_sources_invalid_utf8_replaced_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 talks in M\u00fcnchen resumed.".encode("latin-1"))
    articles, problems = read(path)
    assert [p.code for p in problems] == ["W001"] and "2 bad" in problems[0].message
    assert articles[0].text == "Caf\ufffd talks in M\ufffdnchen resumed."


def test_sources_50mb_text_file_skipped_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: the reader must refuse it by size alone
    articles, problems = read(path)
    assert not articles and [p.code for p in problems] == ["E103"]


def test_sources_missing_path_reported(tmp_path: Path) -> None:
    articles, problems = read(tmp_path / "nope.txt")
    assert not articles and [p.code for p in problems] == ["E108"]


def test_sources_folder_recursive_known_types_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.", "utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("Two.", "utf-8")
    (tmp_path / "a" / "b" / "skip.png").write_bytes(PNG)
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden.", "utf-8")
    articles, problems = read(tmp_path / "a")
    assert not problems and sorted(a.text for a in articles) == ["One.", "Two."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"text": "x"}\n', "jsonl"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!doctype html><html>", "html"),
        (b"Plain words.", "text"),
    ],
)
def test_sources_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def test_sources_stdin_jsonl_is_streamed() -> None:
    stream = io.BufferedReader(io.BytesIO(b'{"text": "from stdin"}\nnot json\n'))
    articles, problems = read("-", stdin=stream)
    assert [a.text for a in articles] == ["from stdin"]
    assert [(p.origin, p.line, p.code) for p in problems] == [("<stdin>", 2, "E104")]


def test_sources_stdin_plain_text() -> None:
    articles, _ = read("-", stdin=io.BufferedReader(io.BytesIO("Plain “quoted” text.".encode())))
    assert articles[0].text == "Plain “quoted” text." and articles[0].origin == "<stdin>"
