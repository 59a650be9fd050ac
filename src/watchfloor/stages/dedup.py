"""Near-duplicate detection: MinHash signatures of word shingles, grouped with LSH.

A wire story republished with small edits shares most of its 5-word shingles with the first
copy. Each new article's signature is looked up in an LSH index of everything stored; if a
stored article is estimated to be at least ``threshold`` similar, the new one is recorded as
``duplicate_of`` that article's group root (the first copy), never chained copy to copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
#: datasketch's hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"


def shingles(text: str, size: int) -> set[bytes]:
    """Word ``size``-grams of the lower-cased text, as bytes for hashing."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """An LSH index over stored articles' signatures; finds the first copy of a story.

    Args:
        threshold: estimated Jaccard similarity at or above which two texts are one story.
        num_perm: MinHash permutations (signature length).
        shingle_words: words per shingle.
        min_words: shorter texts are neither indexed nor matched.
    """

    def __init__(self, *, threshold: float, num_perm: int, shingle_words: int, min_words: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.min_words = min_words
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of ``text``, or ``None`` when it is too short to judge."""
        if len(_WORD.findall(text)) < self.min_words:
            return None
        minhash = MinHash(num_perm=self.num_perm, scheme=SCHEME)
        minhash.update_batch(list(shingles(text, self.shingle_words)))
        return minhash

    def add(self, article_id: str, signature: MinHash, duplicate_of: str | None = None) -> None:
        """Index a stored article (``duplicate_of`` is its group root, if it is a copy)."""
        if article_id in self._signatures:
            return
        self._signatures[article_id] = signature
        self._root[article_id] = duplicate_of or article_id
        self._lsh.insert(article_id, signature)

    def add_stored(self, rows: Iterable[tuple[str, Iterable[int], str | None]]) -> None:
        """Load ``(article_id, hashvalues, duplicate_of)`` rows saved by the store."""
        for article_id, values, duplicate_of in rows:
            hashvalues = np.asarray(values, dtype=np.uint64)
            signature = MinHash(num_perm=self.num_perm, hashvalues=hashvalues, scheme=SCHEME)
            self.add(article_id, signature, duplicate_of)

    def find_original(self, signature: MinHash) -> str | None:
        """The root of the most similar stored article at or above the threshold, else ``None``.

        Ties go to the root that sorts first, so the answer does not depend on index order."""
        matches = []
        for candidate in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[candidate])
            if similarity >= self.threshold:
                matches.append((-similarity, self._root[candidate]))
        return min(matches)[1] if matches else None
