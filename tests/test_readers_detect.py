from pathlib import Path

import pytest

from searchapp.readers import READERS, detect_format, read_any, survey, walk
from searchapp.records import RawDoc, Skipped

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("path, fmt", [
    (DATA / "reuters_sample.sgm", "sgml"),
    (DATA / "articles.jsonl", "jsonl"),
    (DATA / "article.html", "html"),
    (DATA / "scraped_page.txt", "scraped"),
    (DATA / "plain_article.txt", "plain"),
    (CORPORA / "seed" / "000_21fa7b930a6c326f.txt", "scraped"),
    (CORPORA / "bbc" / "tech" / "001.txt", "plain"),
])
def test_format_by_extension_and_content(path, fmt):
    assert detect_format(path) == fmt


def test_format_by_sniffing_without_extension(tmp_path):
    cases = {
        "reuters": (DATA / "reuters_sample.sgm").read_bytes(),
        "lines": (DATA / "articles.jsonl").read_bytes(),
        "page": (DATA / "article.html").read_bytes(),
        "seedlike": (DATA / "scraped_page.txt").read_bytes(),
        "note": (DATA / "plain_article.txt").read_bytes(),
        "crawl": b"WARC/1.0\r\nWARC-Type: warcinfo\r\n",
        "image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
        "nothing": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    found = {name: detect_format(tmp_path / name) for name in cases}
    assert found == {"reuters": "sgml", "lines": "jsonl", "page": "html", "seedlike": "scraped",
                     "note": "plain", "crawl": "warc", "image": None, "nothing": None}


def test_bbc_texts_are_all_plain():
    files = sorted((CORPORA / "bbc" / "business").glob("*.txt"))[:100]
    assert {detect_format(f) for f in files} == {"plain"}


def test_every_reuters_file_is_read_or_named_with_its_reason():
    folder = CORPORA / "reuters21578"
    found = list(survey([folder]))
    named = {Path(item.path).name: item.reason for item in found if isinstance(item, Skipped)}
    to_read = [item for item in found if isinstance(item, Path)]
    assert len(named) + len(to_read) == len([p for p in folder.iterdir()])
    assert {"README.txt", "SHA256SUMS", "lewis.dtd", "all-topics-strings.lc.txt"} <= set(named)
    notes = {p.name: list(read_any(p)) for p in to_read if p.suffix == ".txt"}
    assert set(notes) == {"cat-descriptions_120396.txt", "feldman-cia-worldfactbook-data.txt"}
    for items in notes.values():   # recognised by their content: long lists, few sentences
        assert [type(i) for i in items] == [Skipped] and "not an article" in items[0].reason


def test_walk_rules(tmp_path):
    for rel in ("b/2.txt", "a/1.txt", "a/README.md", "PROVENANCE.txt", "LICENSE", "SHA256SUMS", ".hidden.txt",
                ".git/x.txt", "c/news.sgm", "c/notes.txt", "c/schema.dtd", "c/names.lc.txt", "d/x.html",
                "d/feed.jsonl", "d/page.txt", "d/license-fee-row.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Title\n\nBody.\n")
    (tmp_path / "e").symlink_to(tmp_path / "a")
    found = [p.relative_to(tmp_path).as_posix() for p in walk([tmp_path])]
    # A text file beside an SGML file is read like any other (c/notes.txt).
    assert found == ["a/1.txt", "b/2.txt", "c/news.sgm", "c/notes.txt", "d/feed.jsonl",
                     "d/license-fee-row.txt", "d/page.txt", "d/x.html"]
    named = {Path(s.path).relative_to(tmp_path).as_posix(): s.reason
             for s in survey([tmp_path]) if isinstance(s, Skipped)}
    assert set(named) == {".git", ".hidden.txt", "a/README.md", "PROVENANCE.txt", "LICENSE", "SHA256SUMS",
                          "c/schema.dtd", "c/names.lc.txt", "e"}
    assert named[".git"] == "hidden folder, not walked" and "symlink to a folder" in named["e"]
    assert "documentation" in named["LICENSE"]
    # Files named directly are read whatever their name; a missing one is passed on to be reported.
    assert list(walk([tmp_path / "PROVENANCE.txt", tmp_path / "gone.txt"])) == [
        tmp_path / "PROVENANCE.txt", tmp_path / "gone.txt"]


def test_symlink_loops_and_broken_symlinks_are_named_as_such(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    [loop] = list(read_any(tmp_path / "loop.txt"))
    [dangling] = list(read_any(tmp_path / "dangling.txt"))
    assert "symlink loop" in loop.reason
    assert "broken symlink" in dangling.reason and "nowhere.txt" in dangling.reason


def test_utf16_text_is_read_with_or_without_bom(tmp_path):
    text = "Grève à Zürich\n\nLes employés de Zoë Müller ont cessé le travail lundi.\n"
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        assert detect_format(path) == "plain"
        [doc] = list(read_any(path))
        assert isinstance(doc, RawDoc), doc
        assert (doc.title, doc.body) == ("Grève à Zürich", "Les employés de Zoë Müller ont cessé le travail lundi.")
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes('{"id": "z1", "title": "Zoë", "text": "Gdańsk port reopens."}\n'.encode("utf-16"))
    [doc] = list(read_any(feed))
    assert isinstance(doc, RawDoc) and doc.body == "Gdańsk port reopens."


def test_read_any_never_raises(tmp_path):
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 30)
    (tmp_path / "empty.txt").write_bytes(b"")
    cases = {
        tmp_path / "image.bin": "binary",
        tmp_path / "empty.txt": "empty file",
        tmp_path / "missing.sgm": "no such file",
        tmp_path: "not a regular file",
    }
    for path, reason in cases.items():
        [item] = list(read_any(path))
        assert isinstance(item, Skipped) and reason in item.reason and item.location == ""
    [unknown] = list(read_any(DATA / "plain_article.txt", fmt="pdf"))
    assert "unknown format 'pdf'" in unknown.reason


def test_read_any_with_explicit_format_and_root():
    items = list(read_any(DATA / "plain_article.txt", fmt="plain", root=DATA))
    assert [type(i) for i in items] == [RawDoc] and items[0].doc_id == "data/plain_article.txt"
    assert set(READERS) == {"sgml", "jsonl", "html", "warc", "scraped", "plain"}


def test_ids_are_stable_across_runs():
    def ids():
        return [item.doc_id for path in sorted(DATA.iterdir()) for item in read_any(path, root=DATA)
                if isinstance(item, RawDoc)]
    assert ids() == ids() and len(set(ids())) == len(ids())


def test_utf16_sgml_keeps_its_accents(tmp_path):
    record = ('<REUTERS NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE><PLACES><D>brazil</D></PLACES>'
              '<TEXT><TITLE>SÃO PAULO COFFEE TALKS RESUME</TITLE><BODY>Coffee talks in São Paulo '
              'resumed on Thursday, officials said.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n')
    path = tmp_path / "reut2-utf16.sgm"
    path.write_bytes(record.encode("utf-16"))
    [doc] = [d for d in read_any(path) if isinstance(d, RawDoc)]
    assert "São Paulo" in doc.body
