"""Enrichment: RawDoc in, Article out (entities, publication date, mentioned dates).

pipeline.py runs the steps (spaCy NER in entities.py, normalisation in normalise.py, dates in
dates.py) over batches, in this process or a pool of workers.
"""
from searchapp.enrich.pipeline import Analysis, analyse_many, enrich, enrich_many

__all__ = ["Analysis", "analyse_many", "enrich", "enrich_many"]
