"""Plain text articles: the title on the first line, then the body (the BBC dataset's shape)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from searchapp.readers.cleaning import load_text, looks_like_notes, make_doc, path_id
from searchapp.readers.datelines import split_dateline
from searchapp.records import RawDoc, Skipped


def read(path: str | Path, root: str | Path | None = None) -> Iterator[RawDoc | Skipped]:
    text = load_text(Path(path))
    if isinstance(text, Skipped):
        yield text
        return
    if looks_like_notes(text):
        yield Skipped(str(path), "", "not an article: a long list or data file, not prose (notes on the collection)")
        return
    title, _, body = text.strip().partition("\n")
    dateline, body = split_dateline(body.strip())
    doc = make_doc(
        doc_id=path_id(Path(path), Path(root) if root else None),
        source=dateline.source if dateline else "",
        url="",
        title=title,
        body=body,
        dateline=dateline.text if dateline else "",
        dateline_places=dateline.places if dateline else (),
        path=str(path),
    )
    yield doc if doc else Skipped(str(path), "", "empty article")
