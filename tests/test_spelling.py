"""Did-you-mean over a small real index: the closest words of the archive, and among them the
ones that spell a person, place or organisation the archive names."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from searchapp.records import Query
from searchapp.search.service import SearchService

from fixtures import build_index, make_article

DAY = date(2005, 3, 1)


def _articles():
    articles = [
        make_article(f"blair-{i}", f"Tony Blair visit {i}", f"Tony Blair spoke in Sedgefield on day {i}.", DAY,
                     persons=["Tony Blair"], places=["Sedgefield"])
        for i in range(3)
    ]
    articles += [
        make_article(f"blame-{i}", f"Who is to blame {i}", f"Ministers blame the weather; Tony Benn disagreed {i}.",
                     DAY, persons=["Tony Benn"])
        for i in range(5)
    ]
    articles += [
        make_article(f"market-{i}", f"Market report {i}", f"The market rose; analysts at Marker said so {i}.",
                     DAY, orgs=["Marker"] if i == 0 else [])
        for i in range(6)
    ]
    articles += [
        # a value the text never writes, as a canonical form may be ("Kyiv" for "Kiev")
        make_article("canonical", "Voters", "Tony met voters.", DAY, persons=["Tony Blaze"]),
    ]
    articles += [
        make_article(f"solo-{i}", f"Bill {i}", f"Blair said little about the bill {i}.", DAY, persons=["Blair"])
        for i in range(6)
    ]
    articles += [
        make_article(f"zoe-{i}", f"Derby {i}", f"Zoë Blair scored twice {i}.", DAY, persons=["Zoë Blair"])
        for i in range(3)
    ]
    return articles


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    index_dir = tmp_path_factory.mktemp("spelling-index")
    build_index(index_dir, _articles())
    service = SearchService(index_dir)
    yield service
    service.close()


def suggestion(service, text: str) -> str | None:
    return service.search(Query(text=text)).suggestion


def test_a_correction_that_spells_a_name_of_the_archive_wins(service):
    # "blame" is one edit from "blare", "blair" two: the closest word alone gives "Tony Blame".
    # "Tony Blaze" is one edit away, but no article writes "Blaze": it would find nothing.
    assert suggestion(service, "Tony Blare") == "Tony Blair"
    assert suggestion(service, "tony blare") == "tony blair"
    assert suggestion(service, "Tonny Blare Sedgefield") == "Tony Blair Sedgefield"
    assert suggestion(service, "Tonny Blare speech") is None   # "speech" is in no article


def test_a_name_is_preferred_only_where_it_is_spelled_and_finds_something(service):
    under_filter = service.search(Query(text="Tony Blare", include={"person": ("Tony Blair",)}))
    assert under_filter.suggestion == "Tony Blair"
    # no article has "Tony Blair" and "weather": the closest words do ("Tony Benn ... blame the weather")
    assert suggestion(service, "Tony Blare weather") == "Tony Blame weather"
    assert suggestion(service, "ministers blane") == "ministers blame"
    assert suggestion(service, "Tony Bemn") == "Tony Benn"
    # one word alone is weak evidence: the closest word, although "Blair" is a name of six articles
    assert suggestion(service, "Blare") == "Blame"
    assert suggestion(service, "markat") == "market"   # not the org "Marker"


def test_names_are_matched_with_accents_folded(service):
    # "Zoe" is how the index folds "Zoë"; the closest word alone gives "Zoe Blame"
    assert suggestion(service, "Zoe Blare") == "Zoe Blair"
