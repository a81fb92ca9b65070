from pathlib import Path

import pytest

from searchapp.readers import scraped
from searchapp.readers.datelines import parse_dateline
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"
SEED = CORPORA / "seed" / "000_21fa7b930a6c326f.txt"


def test_seed_page_title_dateline_and_clean_body():
    [doc] = list(scraped.read(SEED))
    assert doc.title == "Moscow, Kiev in second round of talks as battles rage in key cities"
    assert doc.dateline == "Kiev/Moscow, 3 March 2022 (dpa/MIA)"
    assert doc.dateline_places == ("Kiev", "Moscow")
    assert doc.date_text == ""  # no metadata date: the date is the dateline's
    assert parse_dateline(doc.dateline + " - ").date_text == "3 March 2022"
    assert doc.source == "dpa/MIA"
    assert doc.body.startswith("Moscow and Kiev began a second round of negotiations")
    assert doc.body.endswith("export ban on weaponry to Ukraine.")
    assert "Back to top" not in doc.body and "Slajder" not in doc.body and "0_Web" not in doc.body
    assert "\n\n" in doc.body and "\n\n\n" not in doc.body


def test_sample_page_drops_menu_and_footer_lines():
    [doc] = list(scraped.read(DATA / "scraped_page.txt"))
    assert doc.title == "Harare council votes to restore water supply"
    assert (doc.dateline_places, doc.source) == (("HARARE",), "Reuters")
    assert parse_dateline(doc.dateline + " - ").date_text == "Jan 5"
    assert doc.body.startswith("The Harare city council voted")
    assert doc.body.endswith('"We will not leave families without water," Moyo said.')
    for junk in ("Share", "Related articles", "Back to top button", "Home_Page"):
        assert junk not in doc.body


def test_byline_and_date_lines_before_the_article():
    page = ("News > World > Asia\n\nFerry service resumes on the river\n\nBy Anna Lee\n\nMarch 4, 2022\n\n"
            "Boats carried passengers across the river again on Friday after floods closed the crossing for two weeks.\n")
    parsed = scraped.parse_page(page)
    assert parsed.title == "Ferry service resumes on the river"
    assert parsed.author == "Anna Lee"
    assert parsed.date_text == "March 4, 2022"
    assert parsed.body.startswith("Boats carried passengers")


@pytest.mark.parametrize("text, places, date_text, source, rest", [
    ("Kiev/Moscow, 3 March 2022 (dpa/MIA) – Talks began.", ("Kiev", "Moscow"), "3 March 2022", "dpa/MIA", "Talks began."),
    ("HARARE, Jan 5 (Reuters) - The council", ("HARARE",), "Jan 5", "Reuters", "The council"),
    ("WASHINGTON (AP) — The Senate", ("WASHINGTON",), "", "AP", "The Senate"),
    ("LONDON, 3/3/2022 - Prices rose", ("LONDON",), "3/3/2022", "", "Prices rose"),
    ("SAN FRANCISCO, Calif., Jan 5 (Reuters) - A", ("SAN FRANCISCO", "Calif."), "Jan 5", "Reuters", "A"),
    ("TROMSO, Norway (AP) _ Kjetil Andre Aamodt won", ("TROMSO", "Norway"), "", "AP", "Kjetil Andre Aamodt won"),
    ("MONTE CARLO, Monaco (AP) _ The race", ("MONTE CARLO", "Monaco"), "", "AP", "The race"),
])
def test_dateline_shapes(text, places, date_text, source, rest):
    dateline = parse_dateline(text)
    assert (dateline.places, dateline.date_text, dateline.source) == (places, date_text, source)
    assert text[dateline.end:] == rest


@pytest.mark.parametrize("text", ["Moscow and Kiev began talks - on Thursday", "The talks - which began", "Mr Blair - said"])
def test_sentences_are_not_datelines(text):
    assert parse_dateline(text) is None


def test_menu_junk_rule():
    assert scraped.is_menu_junk("0_Web_Top storiesEuropeSvet.Slajder")
    assert scraped.is_menu_junk("Home > World > Europe")
    assert not scraped.is_menu_junk("YouTube star arrested in Paris")
    assert not scraped.is_menu_junk("McDonald's opens in Kiev")
    assert scraped.is_footer_junk("Back to top button")
    assert not scraped.is_footer_junk("These claims could not be independently verified.")


def test_unreadable_files_are_skipped(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    junk_only = tmp_path / "junk.txt"
    junk_only.write_text("Share\n\nBack to top button\n")
    for path, reason in ((empty, "empty file"), (binary, "binary"), (junk_only, "empty article")):
        [item] = list(scraped.read(path))
        assert isinstance(item, Skipped) and reason in item.reason


def test_id_is_relative_to_the_walked_folder(tmp_path):
    folder = tmp_path / "archive" / "2022"
    folder.mkdir(parents=True)
    page = folder / "a.txt"
    page.write_bytes((DATA / "scraped_page.txt").read_bytes())
    [doc] = list(scraped.read(page, root=tmp_path / "archive"))
    assert isinstance(doc, RawDoc) and doc.doc_id == "archive/2022/a.txt"
