"""Searching an opened index: snapshots, query parsing, matching and scoring, facet counts."""
