"""What the extraction evaluations in bench/ share (extraction_eval.py on CoNLL-2003, entity_gold.py
on the hand-checked gold): the model's spans of texts, kept in a file if asked; raw spaCy's
entities from them; precision, recall and F1 from counts."""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchapp.enrich.entities import find_spans  # noqa: E402

RAW_LABELS = {"persons": ("PERSON",), "places": ("GPE", "LOC"), "orgs": ("ORG",)}


def model_spans(texts: list[str], cache: Path | None) -> list:
    """The model's spans of each text; with a cache file, read from it (and written on the first
    run), so that trying rules again on eng.train needs no NER."""
    if cache is None:
        return list(find_spans(texts))
    stored = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    missing = [text for text in dict.fromkeys(texts) if text not in stored]
    if missing:
        stored.update(zip(missing, find_spans(missing)))
        cache.write_bytes(pickle.dumps(stored))
    return [stored[text] for text in texts]


def raw_entities(found) -> dict[str, set[str]]:
    """Raw spaCy's distinct span texts per scored kind: PERSON, GPE and LOC, ORG."""
    return {kind: {span.text for span in found if span.label in labels} for kind, labels in RAW_LABELS.items()}


class Score:
    """Precision, recall and F1 from counts added up over articles."""

    def __init__(self):
        self.true_positive = self.predicted = self.gold = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.add_counts(len(predicted & gold), len(predicted), len(gold))

    def add_counts(self, true_positive: int, predicted: int, gold: int) -> None:
        self.true_positive += true_positive
        self.predicted += predicted
        self.gold += gold

    def figures(self) -> tuple[float, float, float]:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1
