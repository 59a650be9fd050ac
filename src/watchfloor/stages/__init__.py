"""Pipeline stages, one module each.

Ingest side (text → :class:`~watchfloor.types.Article`): ``normalize``, ``furniture``,
``dates``, ``language``, ``prepare`` and ``dedup``. Processing side (Article → records):
``segment`` (spaCy sentences); later stages (quotes, actors, events) register beside it in
:mod:`watchfloor.registry`.
"""
