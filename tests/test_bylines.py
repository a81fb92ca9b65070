"""A byline or a slug before the dateline: the dateline in the first lines is still the
publication date (readers/datelines.py split_dateline), a date deeper in the text never is;
through the readers, then through a real index (reindex, spaCy, Whoosh) and the API."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searchapp.readers import plain, scraped
from searchapp.readers.datelines import split_dateline

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

# (file name, text as a plain-text file holds it, the publication date, the dateline's places)
ARTICLES = [
    ("conll.txt", "Iran beat Syria to reach Asian Cup quarter-finals\n\nNadim Ladki\n"
     "AL-AIN, United Arab Emirates 1996-12-06\nFormer champions Iran beat Syria 2-1 on Friday.\n",
     "1996-12-06", ("AL-AIN", "United Arab Emirates")),
    ("by.txt", "Council backs port plan\n\nBy Anna Lee\n\nHARARE, Jan 5 1997 (Reuters) - The council "
     "backed the port plan on Sunday after a long debate.\n", "1997-01-05", ("HARARE",)),
    ("by-two.txt", "Prices rise again\n\nBy Anna Lee and Tom Fox\nLONDON, 3 March 2022 - Prices rose "
     "for a third month, the statistics office said.\n", "2022-03-03", ("LONDON",)),
    ("credit.txt", "Senate votes on budget\n\nAnna Lee, Reuters\nWASHINGTON, March 3, 2021 - The Senate "
     "voted on the budget late on Wednesday.\n", "2021-03-03", ("WASHINGTON",)),
    ("slug.txt", "English league results\n\nSOCCER - ENGLISH LEAGUE RESULTS\nLONDON 1996-08-24\n"
     "Results of English league matches played on Saturday.\n", "1996-08-24", ("LONDON",)),
    ("split.txt", "Kindercare says debt buy to hit Q1 results\n\nMONTGOMERY, Ala.\n1996-08-22\n"
     "KinderCare Learning Centers Inc said on Thursday a debt buyback would mean a charge.\n",
     "1996-08-22", ("MONTGOMERY", "Ala.")),
    ("deep.txt", "A long report\n\nThe ferry between the two islands returned to service on Monday after "
     "a month in dry dock, the operator said.\nLONDON 1996-08-22\nMore text follows here.\n", None, ()),
    ("too-deep.txt", "Four lines on top\n\nOne\nTwo\nThree\nFour\nLONDON 1996-08-22\nThe text.\n", None, ()),
]


@pytest.mark.parametrize("name, text, day, places", ARTICLES, ids=[a[0] for a in ARTICLES])
def test_plain_reader_finds_the_dateline_below_a_byline(tmp_path, name, text, day, places):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [doc] = list(plain.read(path))
    assert doc.dateline_places == places
    if day:
        assert day[:4] in doc.dateline
        assert doc.dateline not in doc.body     # taken out of the text, the byline kept
    else:
        assert doc.dateline == "" and "LONDON 1996-08-22" in doc.body


def test_byline_stays_in_the_text():
    dateline, body = split_dateline("Nadim Ladki\nAL-AIN, United Arab Emirates 1996-12-06\nIran won.")
    assert dateline.text == "AL-AIN, United Arab Emirates 1996-12-06"
    assert body == "Nadim Ladki\nIran won."


@pytest.mark.parametrize("body", [
    "CHELSEA 2-1\nArsenal lost.",                 # a score line is no dateline
    "MONDAY, 3 March 2022\nThe text.",             # a weekday is no place
    "Brussels 1996-08-22\nThe text.",              # a line form needs capitals or a credit
])
def test_lines_shaped_like_datelines_that_are_not(body):
    assert split_dateline(body)[0] is None


@pytest.mark.parametrize("byline", ["By Anna Lee", "Anna Lee"])
def test_seed_shape_with_a_byline(byline):
    page = ("0_Web_Top storiesEuropeSvet.Slajder\n\nMoscow, Kiev in second round of talks\n\n"
            f"{byline}\n\nKiev/Moscow, 3 March 2022 (dpa/MIA) – Moscow and Kiev began a second round of "
            "negotiations in western Belarus on Thursday, officials said.\n")
    parsed = scraped.parse_page(page)
    assert parsed.title == "Moscow, Kiev in second round of talks"
    assert parsed.dateline == "Kiev/Moscow, 3 March 2022 (dpa/MIA)"
    assert parsed.body.startswith("Moscow and Kiev began") or parsed.body.startswith("Anna Lee")


@pytest.fixture(scope="module")
def byline_index(tmp_path_factory, corpora):
    from searchapp.store.indexer import reindex

    folder = tmp_path_factory.mktemp("bylines")
    for name, text, _, _ in ARTICLES:
        (folder / name).write_text(text, encoding="utf-8")
    seed = CORPORA / "seed" / "000_21fa7b930a6c326f.txt"
    page = seed.read_text(encoding="utf-8").replace("Kiev/Moscow, 3 March", "By Anna Lee\n\nKiev/Moscow, 3 March", 1)
    (folder / "seed-byline.txt").write_text(page, encoding="utf-8")
    shutil.copy(CORPORA / "bbc" / "business" / "001.txt", folder / "bbc-001.txt")
    index_dir = tmp_path_factory.mktemp("bylines-index")
    reindex([folder], index_dir)
    return index_dir, folder.name


def test_dates_through_the_index(byline_index):
    from searchapp.web import create_app

    index_dir, folder = byline_index
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    for name, _, day, _ in ARTICLES:
        article = client.get(f"/api/articles/{folder}/{name}").get_json()
        assert article["date"] == day, name
        assert article["date_source"] == ("dateline" if day else "none")
    seed = client.get(f"/api/articles/{folder}/seed-byline.txt").get_json()
    assert (seed["date"], seed["date_source"]) == ("2022-03-03", "dateline")
    assert client.get(f"/api/articles/{folder}/bbc-001.txt").get_json()["date"] is None   # BBC stays undated
    iran = client.get(f"/api/articles/{folder}/conll.txt").get_json()
    assert "United Arab Emirates" in iran["places"]
