"""The facet registry: every facet kind the app knows, and everything that names it.

A facet kind is a kind of entity an article names (people, places, organisations). Its entry
says how it is spelled in each place: the URL parameters, the index fields, the JSON keys, the
page's label. Everything else (schema, records, query parsing, links, views, OpenAPI, CLI)
iterates FACETS; no other module spells out the kinds.

Adding a kind is one entry here plus its extraction in enrich/ (mentions of that ``type``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .errors import BadQuery
from .gazetteer import typed_place


@dataclass(frozen=True)
class Facet:
    kind: str                 # "person": URL parameter, mention type, /api/facets/<kind>, CLI option, q prefix
    plural: str               # "persons": index field, JSON key in articles, hits and facet counts
    label: str                # "People": the facet's heading on the page
    noun: str                 # "person": in sentences ("Only articles naming this person")
    placeholder: str          # "Add a person…": the page's add-a-filter box
    # A value as a user types it -> the value the index holds (Kiev -> Kyiv, uk -> United
    # Kingdom); None: values match as written.
    canonical: Callable[[str], str | None] | None = None
    # Names of people: the archive-wide pass folds a bare surname into the full name that
    # dominates it ("Blair" -> "Tony Blair"), and a name shaped like a person's is one.
    fold_surnames: bool = False
    # Its values can be quoted (enrich/quotes.py attributes words to them): people, organisations.
    speaks: bool = False

    @property
    def exclude_param(self) -> str:
        """URL parameter (and JSON key) of values to leave out: not_person."""
        return f"not_{self.kind}"

    @property
    def field(self) -> str:
        """Index field of exact canonical values, for filters and counts."""
        return self.plural

    @property
    def names_field(self) -> str:
        """Index field of canonical and written forms, analysed, for `person:putin` queries."""
        return f"{self.kind}_names"


FACETS: tuple[Facet, ...] = (
    Facet("person", "persons", "People", "person", "Add a person…", fold_surnames=True, speaks=True),
    Facet("place", "places", "Places", "place", "Add a place…", canonical=typed_place),
    Facet("org", "orgs", "Organisations", "organisation", "Add an organisation…", speaks=True),
)
KINDS: tuple[str, ...] = tuple(facet.kind for facet in FACETS)
BY_KIND: dict[str, Facet] = {facet.kind: facet for facet in FACETS}
SPEAKERS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.speaks)


def facet_of(kind: str) -> Facet:
    """The entry for ``kind``; BadQuery (HTTP 400 naming "kind") when there is none."""
    facet = BY_KIND.get(kind)
    if facet is None:
        raise BadQuery(f"unknown facet {kind!r}: use {', '.join(KINDS[:-1])} or {KINDS[-1]}", param="kind")
    return facet
