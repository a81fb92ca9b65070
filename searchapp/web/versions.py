"""The versions of an article's story on its page: each copy against the representative, word by
word (what was added, what was removed), rendered by the server (templates/_versions.html).

Long unchanged runs are cut to their edges, and at most DIFF_WORDS words of each text and
DIFFS versions are compared, so a page stays small and quick whatever the story holds.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..records import Article, Version

DIFF_WORDS = 3000     # of each text compared
DIFFS = 10            # versions compared with the representative on one page
CONTEXT = 12          # unchanged words kept on each side of a change


@dataclass(frozen=True)
class Piece:
    kind: str          # "same", "added", "removed" or "gap" (unchanged words left out)
    text: str


@dataclass(frozen=True)
class WordDiff:
    title: tuple[Piece, ...]
    body: tuple[Piece, ...]
    added: int          # words
    removed: int
    cut: bool           # a text was longer than DIFF_WORDS: only its start was compared

    @property
    def same(self) -> bool:
        return not self.added and not self.removed


@dataclass(frozen=True)
class Change:
    version: Version
    diff: WordDiff
    current: bool       # the article the page shows


@dataclass(frozen=True)
class Story:
    versions: tuple[Version, ...]     # the representative first
    changes: tuple[Change, ...]       # versions other than the representative, compared with it
    current: str                      # the id of the article the page shows

    @property
    def representative(self) -> Version:
        return self.versions[0]


def story(service, article: Article) -> Story | None:
    """The story of ``article`` as its page shows it; None when it has no other copy."""
    found = service.versions(article.doc_id)
    if len(found) < 2:
        return None
    base = article if found[0].doc_id == article.doc_id else service.article(found[0].doc_id)
    others = [v for v in found[1:] if v.doc_id == article.doc_id]
    others += [v for v in found[1:] if v.doc_id != article.doc_id][:DIFFS - len(others)]
    changes = []
    for version in others:
        text = article if version.doc_id == article.doc_id else service.article(version.doc_id)
        changes.append(Change(version, word_diff(base, text), version.doc_id == article.doc_id))
    return Story(found, tuple(changes), article.doc_id)


def word_diff(old: Article, new: Article) -> WordDiff:
    title, title_added, title_removed, title_cut = _pieces(old.title, new.title)
    body, body_added, body_removed, body_cut = _pieces(old.body, new.body)
    return WordDiff(title, body, title_added + body_added, title_removed + body_removed, title_cut or body_cut)


def _pieces(old: str, new: str) -> tuple[tuple[Piece, ...], int, int, bool]:
    a, b = old.split(), new.split()
    cut = len(a) > DIFF_WORDS or len(b) > DIFF_WORDS
    a, b = a[:DIFF_WORDS], b[:DIFF_WORDS]
    pieces: list[Piece] = []
    added = removed = 0
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.extend(_unchanged(a[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(a[i1:i2])))
            removed += i2 - i1
        if j2 > j1:
            pieces.append(Piece("added", " ".join(b[j1:j2])))
            added += j2 - j1
    return tuple(pieces), added, removed, cut


def _unchanged(words: list[str], first: bool, last: bool) -> list[Piece]:
    """An unchanged run, cut to CONTEXT words beside each change."""
    keep_start = 0 if first else CONTEXT
    keep_end = 0 if last else CONTEXT
    if len(words) <= keep_start + keep_end + CONTEXT:
        return [Piece("same", " ".join(words))]
    pieces = [Piece("same", " ".join(words[:keep_start]))] if keep_start else []
    pieces.append(Piece("gap", f"{len(words) - keep_start - keep_end:,} words unchanged"))
    if keep_end:
        pieces.append(Piece("same", " ".join(words[-keep_end:])))
    return pieces
