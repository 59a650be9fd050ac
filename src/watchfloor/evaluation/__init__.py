"""Evaluation: score what the stages extract against gold data written by others.

One module per kind of record (``quotes`` now; actors and events to follow), each with a plain
``evaluate_<records>(gold_path, settings)`` function behind ``watchfloor eval <records>``.
Gold readers live in :mod:`watchfloor.evaluation.gold`.
"""

from __future__ import annotations

from .quotes import QuoteScores, evaluate_quotes, score_quotes

__all__ = ["QuoteScores", "evaluate_quotes", "score_quotes"]
