"""A run killed with SIGKILL mid-way loses nothing and duplicates nothing when re-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ARTICLES = 160


def write_corpus(path: Path, samples: Path) -> None:
    """Many distinct short articles built from the sample sentences (dedup is off for them)."""
    sentences = [
        s.strip() + "."
        for line in (samples / "articles.jsonl").read_text("utf-8").splitlines()
        for s in json.loads(line)["text"].replace("\n", " ").split(". ")
        if len(s.split()) > 6
    ]
    with path.open("w", encoding="utf-8") as f:
        for i in range(ARTICLES):
            picked = [sentences[(i * 7 + k) % len(sentences)] for k in range(6)]
            text = f"{' '.join(picked[:3])}\n\n{' '.join(picked[3:])}\n\nDispatch number {i}."
            f.write(json.dumps({"id": f"a{i}", "text": text, "date": "2026-03-16"}) + "\n")


def cli(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "watchfloor", *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)  # type: ignore[call-overload]


def finish(*args: object) -> str:
    proc = cli(*args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return out.decode()


def kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        proc.communicate()
        pytest.fail("the run finished before it could be killed; make the corpus larger")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()


def kill_after_first_progress_line(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL ``proc`` right after it reports its first stored batch (non-terminal progress)."""
    assert proc.stderr is not None
    line = proc.stderr.readline().decode()
    assert line.startswith("processing: "), line
    kill(proc)


def kill_when_wal_grows(proc: subprocess.Popen[bytes], wal: Path, *, min_bytes: int) -> None:
    """SIGKILL ``proc`` once its write-ahead log holds ``min_bytes``, while it still runs."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size >= min_bytes:
            break
        time.sleep(0.005)
    kill(proc)


def table(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_resume_process_killed_mid_run(tmp_path: Path, samples: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, samples)
    reference, killed = tmp_path / "reference.duckdb", tmp_path / "killed.duckdb"
    for db in (reference, killed):
        finish("ingest", corpus, "--db", db, "--no-dedup", "--quiet")
    finish("process", "--db", reference, "--workers", "1", "--batch-size", "4", "--quiet")

    proc = cli("process", "--db", killed, "--workers", "1", "--batch-size", "4")
    kill_after_first_progress_line(proc)
    (done,) = table(killed, "SELECT count(*) FROM articles WHERE status = 'processed'")[0]
    assert 0 < done < ARTICLES  # killed mid-way, with whole batches stored
    assert table(killed, "SELECT count(DISTINCT article_id) FROM sentences")[0][0] == done
    assert table(killed, "SELECT status FROM runs WHERE command = 'process'") == [("running",)]

    finish("process", "--db", killed, "--workers", "1", "--batch-size", "4", "--quiet")
    sentences = "SELECT article_id, idx, paragraph, start_char, end_char FROM sentences ORDER BY 1, 2"
    assert table(killed, sentences) == table(reference, sentences)
    assert table(killed, "SELECT count(*) FROM (SELECT DISTINCT article_id, idx FROM sentences)") == table(
        killed, "SELECT count(*) FROM sentences"
    )
    assert table(killed, "SELECT count(*) FROM articles WHERE status <> 'processed'")[0][0] == 0
    statuses = sorted(r[0] for r in table(killed, "SELECT status FROM runs WHERE command = 'process'"))
    assert statuses == ["interrupted", "ok"]


def test_resume_ingest_killed_mid_run(tmp_path: Path, samples: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:  # enough batches of 256 to kill between them
        for i in range(3000):
            f.write(
                json.dumps(
                    {
                        "id": f"n{i}",
                        "text": f"Item {i}: officials met in Geneva on Monday for talk round {i}.",
                    }
                )
                + "\n"
            )
    db = tmp_path / "w.duckdb"
    proc = cli("ingest", corpus, "--db", db, "--quiet")
    kill_when_wal_grows(proc, Path(f"{db}.wal"), min_bytes=40_000)
    (stored,) = table(db, "SELECT count(*) FROM articles")[0]
    assert 0 < stored < 3000 and stored % 256 == 0  # whole batches only
    out = finish("ingest", corpus, "--db", db, "--quiet")
    assert table(db, "SELECT count(*), count(DISTINCT id), count(DISTINCT source_id) FROM articles") == [
        (3000, 3000, 3000)
    ]
    assert str(stored) in out  # reported as already stored
