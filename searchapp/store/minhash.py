"""An article's MinHash signature over its word shingles: what near-duplicate grouping compares.

The text (title and body) is folded as content hashes fold it (NFKC, case), cut into words, and
every run of SHINGLE_WORDS consecutive words is one shingle; datasketch's MinHash (its default
SHA-1 hash of each shingle, the affine32 permutation scheme, seed 1) keeps NUM_PERM minima. The
signature is a pure function of the text, so any process (a worker, a Dask machine, the writer)
computes the same bytes. It is stored with the article as a fixed-width Whoosh column
(schema.py): the word count (uint32, "the longest" copy is the representative's tie-break)
followed by the NUM_PERM uint32 minima, little-endian. A text with fewer than SHINGLE_WORDS
words has no signature (all zero bytes): too short to tell a copy from a coincidence.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
SCHEME = "affine32"        # datasketch >= 2.0: uint32 minima, no hash collisions from the fold
SIGNATURE_BYTES = 4 * (1 + NUM_PERM)
NO_SIGNATURE = bytes(SIGNATURE_BYTES)
_WORD = re.compile(r"\w+")


def words(title: str, body: str) -> list[str]:
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    return _WORD.findall(text)


def shingles(found: list[str]) -> list[bytes]:
    return [" ".join(found[i:i + SHINGLE_WORDS]).encode("utf-8")
            for i in range(len(found) - SHINGLE_WORDS + 1)]


@lru_cache(maxsize=1)
def _prototype():
    # datasketch (and the scipy its LSH module imports) load only where signatures are made,
    # never in a web worker; one prototype's permutations serve every signature (making them
    # anew per MinHash doubled the cost).
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME)


def signature(title: str, body: str) -> bytes:
    """The column value of one article: word count, then the MinHash minima."""
    found = words(title, body)
    if len(found) < SHINGLE_WORDS:
        return NO_SIGNATURE
    from datasketch import MinHash

    prototype = _prototype()
    sketch = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=prototype.permutations)
    sketch.update_batch(shingles(found))
    head = np.array([min(len(found), 2**32 - 1)], dtype="<u4")
    return head.tobytes() + np.asarray(sketch.hashvalues, dtype="<u4").tobytes()


def unpack(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Column values -> (word counts, signatures as an (n, NUM_PERM) uint32 matrix)."""
    if not values:
        return np.zeros(0, dtype=np.uint32), np.zeros((0, NUM_PERM), dtype=np.uint32)
    packed = np.frombuffer(b"".join(values), dtype="<u4").reshape(len(values), 1 + NUM_PERM)
    return packed[:, 0].astype(np.uint32), packed[:, 1:].astype(np.uint32)
