"""Downloading a feed or page the user pointed us at (the only network use at run time)."""

from __future__ import annotations

import urllib.error
import urllib.request

from ..errors import InputError, make_problem

USER_AGENT = "watchfloor/0.1 (+news event coding; respects robots of the user's choosing)"
TIMEOUT_SECONDS = 30


def fetch_url(url: str, *, limit: int) -> bytes:
    """GET ``url`` and return at most ``limit`` bytes of its body.

    Raises:
        InputError: the download failed (E109) or the body exceeds ``limit`` (E103).
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body: bytes = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise InputError(make_problem("E109", url, detail=str(e))) from e
    if len(body) > limit:
        raise InputError(make_problem("E103", url, size=len(body), limit=limit))
    return body
