"""Builders that several test files share: articles with known entities and dates, small JSON
Lines feeds, and indexes written from them (real Whoosh, through the one writer loop)."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from searchapp.records import Article, Mention, Quote
from searchapp.store.writer import write_articles


def search_total(client, pairs) -> int:
    """The total of /api/search for these (name, value) parameters, through the app's test client."""
    response = client.get("/api/search?" + urlencode(pairs))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]


def build_index(index_dir: Path, articles) -> Path:
    """A new generation holding ``articles``, swapped in as the live index; its folder."""
    return write_articles(index_dir, articles)


# Synthetic articles: entities, dates over four years, some undated, HTML-ish text

PERSONS = ["Vladimir Putin", "Emmanuel Macron", "Olaf Scholz", "Joe Biden", "Xi Jinping", "Ursula von der Leyen"]
PLACES = ["Kyiv", "Moscow", "Paris", "Berlin", "Washington", "Beijing"]
ORGS = ["OPEC", "NATO", "European Union", "United Nations", "Reuters"]
WORDS = ("oil prices crude barrel market shares bank interest rates inflation grain harvest wheat "
         "election vote parliament minister summit talks sanctions gas pipeline energy exports").split()


def make_articles(count: int = 80, seed: int = 4) -> list[Article]:
    """Varied synthetic articles: entities, dates over four years, some undated, HTML-ish text."""
    rnd = random.Random(seed)
    articles = []
    for i in range(count):
        persons = tuple(rnd.sample(PERSONS, rnd.randint(0, 3)))
        places = tuple(rnd.sample(PLACES, rnd.randint(0, 2)))
        orgs = tuple(rnd.sample(ORGS, rnd.randint(0, 2)))
        words = rnd.sample(WORDS, 6)
        sentences = [f"The {words[0]} and {words[1]} <b>news</b> & more from {', '.join(places) or 'nowhere'}."]
        mentions = []
        for kind, values in (("person", persons), ("place", places), ("org", orgs)):
            for value in values:
                sentence = f"{value} spoke about {rnd.choice(WORDS)}."
                start = sum(len(s) + 1 for s in sentences)
                mentions.append(Mention(value, start, start + len(value), kind, value))
                sentences.append(sentence)
        sentences.append(" ".join(rnd.sample(WORDS, 8)) + ".")
        body = " ".join(sentences)
        published = None if i % 9 == 4 else date(2019, 1, 1) + timedelta(days=rnd.randint(0, 4 * 365))
        articles.append(Article(
            doc_id=f"doc-{i:03d}", source=rnd.choice(["Reuters", "BBC"]), url=f"https://example.com/{i}",
            title=f"{words[2].capitalize()} {words[3]} {i}", body=body, published=published,
            date_source="metadata" if published else "none",
            entities={"person": persons, "place": places, "org": orgs},
            mentions=tuple(mentions),
        ))
    return articles



# Hand-made news articles whose facets, dates and mentions are known (pages, gunicorn, browser)

def make_article(doc_id, title, body, published, persons=(), places=(), orgs=(), **extra) -> Article:
    """An Article whose mentions are every occurrence of its facet values in the body."""
    mentions = []
    for kind, values in (("person", persons), ("place", places), ("org", orgs)):
        for value in values:
            start = body.find(value)
            while start != -1:
                mentions.append(Mention(value, start, start + len(value), kind, value))
                start = body.find(value, start + len(value))
    return Article(
        doc_id=doc_id,
        source=extra.pop("source", "Reuters"),
        url=extra.pop("url", f"https://news.example.com/{doc_id}"),
        title=title,
        body=body,
        published=published,
        date_source="metadata" if published else "none",
        entities={"person": tuple(persons), "place": tuple(places), "org": tuple(orgs)},
        mentions=tuple(sorted(mentions, key=lambda m: m.start)),
        **extra,
    )


ARTICLES = (
    make_article(
        "a1", "Putin and Macron talk as Moscow talks resume",
        "Vladimir Putin spoke with Emmanuel Macron by telephone on Thursday.\n\n"
        "The Kremlin said talks in Moscow would continue. Vladimir Putin repeated his demands.",
        date(2022, 3, 3), persons=("Vladimir Putin", "Emmanuel Macron"), places=("Moscow",),
        orgs=("Kremlin",), dateline="Moscow, 3 March 2022", author="Staff reporter",
        mentioned_dates=(date(2022, 3, 1),),
    ),
    make_article(
        "a2", "Putin addresses the nation on Ukraine",
        "Vladimir Putin gave a televised address about Ukraine. Officials in Kyiv rejected his talks offer.",
        date(2022, 3, 15), persons=("Vladimir Putin",), places=("Ukraine", "Kyiv"),
    ),
    make_article(
        "a3", "Macron and Scholz meet in Berlin",
        "Emmanuel Macron met Olaf Scholz in Berlin for talks on the European Union budget and Ukraine.",
        date(2022, 4, 10), persons=("Emmanuel Macron", "Olaf Scholz"), places=("Berlin", "Ukraine"),
        orgs=("European Union",),
    ),
    make_article(
        "a4", "Oil prices rise after OPEC meeting",
        "Oil prices rose after OPEC agreed to limit output. Saudi Arabia led the talks.",
        date(2021, 6, 1), places=("Saudi Arabia",), orgs=("OPEC",),
    ),
    make_article(
        "a5", "Grain ships leave Kyiv region ports",
        "Grain shipments resumed from ports near Kyiv, the United Nations said. Talks continue.",
        date(2022, 3, 5), places=("Kyiv",), orgs=("United Nations",),
    ),
    make_article(
        "a6", "Markup in a press release <b>bold</b>",
        "A press release contained <script>alert('x')</script> and the name Jane Doe & Co.\n\n"
        "Jane Doe said the <b>tags</b> were a mistake in the talks.",
        date(2022, 3, 20), persons=("Jane Doe",),
    ),
    make_article(
        "a7", "Undated wire note about oil markets",
        "Oil traders waited for OPEC. Nothing else happened.",
        None, orgs=("OPEC",), source="", url="",
    ),
    make_article(
        "a8", "Putin visits Berlin",
        "Vladimir Putin flew to Berlin for talks with Olaf Scholz.",
        date(2021, 12, 1), persons=("Vladimir Putin", "Olaf Scholz"), places=("Berlin",),
        url="javascript:alert(1)",
    ),
)
BY_ID = {a.doc_id: a for a in ARTICLES}


# Articles with their quotes, as enrich/quotes.py would give them (who said what is known)

def said(body: str, words: str, speaker: str = "", kind: str = "", direct: bool = True) -> Quote:
    start = body.index(words)
    return Quote(words, start, start + len(words), speaker, kind, direct)


def quoted_article(doc_id, title, body, published, quotes, **entities) -> Article:
    """An article (make_article) whose ``quotes`` are (words, speaker, kind[, direct]) in its body."""
    return make_article(doc_id, title, body, published, quotes=tuple(said(body, *q) for q in quotes), **entities)


_LAVROV = ('Russian Foreign Minister Sergei Lavrov spoke in Moscow. "Everyone knows that a third World War can only be '
           'a nuclear one," Lavrov said. The Kremlin threatened: "Attempts to gain time will only lead to new demands."')
_GENEVA = '"Diplomacy is not dead, whatever the nuclear alarmists say," Sergei Lavrov said in Geneva.'
_KONASHENKOV = ('Igor Konashenkov said that Russia was "taking measures to ensure the security of civilians" '
                'around Kyiv.')
_CORRIDOR = 'Officials said the grain corridor reopened. "We expect ships within weeks," said Oksana Melnychuk.'
_HOAX = 'A hoaxer wrote "=HYPERLINK(1) is where the money went" on a wall in Kyiv, police said.'
_KREMLIN = "The Kremlin said the nuclear talks would resume."
QUOTE_ARTICLES = (
    quoted_article("q1", "Lavrov warns of a nuclear war", _LAVROV, date(2022, 3, 3),
                   [("Everyone knows that a third World War can only be a nuclear one", "Sergei Lavrov", "person"),
                    ("Attempts to gain time will only lead to new demands.", "Kremlin", "org")],
                   persons=("Sergei Lavrov",), places=("Moscow",), orgs=("Kremlin",)),
    quoted_article("q2", "Lavrov in Geneva", _GENEVA, date(2021, 11, 10),
                   [("Diplomacy is not dead, whatever the nuclear alarmists say", "Sergei Lavrov", "person")],
                   persons=("Sergei Lavrov",), places=("Geneva",)),
    quoted_article("q3", "Corridors around Kyiv", _KONASHENKOV, date(2022, 3, 4),
                   [("taking measures to ensure the security of civilians", "Igor Konashenkov", "person")],
                   persons=("Igor Konashenkov",), places=("Kyiv",)),
    quoted_article("q4", "Grain corridor reopens", _CORRIDOR, date(2022, 8, 1),
                   [("We expect ships within weeks", "Oksana Melnychuk", "person")],
                   persons=("Oksana Melnychuk",)),
    quoted_article("q5", "Graffiti in Kyiv", _HOAX, date(2023, 1, 2),
                   [("=HYPERLINK(1) is where the money went", "", "")], places=("Kyiv",)),
    quoted_article("q6", "Undated note from the Kremlin", _KREMLIN, None,
                   [("the nuclear talks would resume", "Kremlin", "org", False)], orgs=("Kremlin",)),
)
TALKS = {a.doc_id for a in ARTICLES if "talks" in (a.title + " " + a.body).lower()}



# JSON Lines feeds for reindex

def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


FEED_ARTICLES = [
    {"id": "a1", "title": "Port strike spreads to Rotterdam", "date": "2023-05-12",
     "text": "Dock workers in Rotterdam joined the strike on Monday, union leader Anna de Vries said."},
    {"id": "a2", "title": "Drought forces water rationing in Lisbon", "date": "2022-08-02",
     "text": "The city of Lisbon began rationing water as the drought entered its third month."},
    {"id": "a3", "title": "Election results delayed in Nairobi", "date": "2021-11-30",
     "text": "Officials in Nairobi said the count would take another week, according to Peter Mwangi."},
]




def one_line_dump(path: Path, size: int, bbc: Path) -> Path:
    """A text file of one line of ``size`` characters, as a dump indexed by mistake: within its
    first 200,000 characters every shape whose cost once grew with the square of its length (a
    run of brackets, a hyphenated chain, capitalised words, dates with no sentence end), then BBC
    prose on the same line, the name "Gordon Brown" only past the first 200,000, "zanzibarite" last."""
    shapes = ["(" * 30_000, "-".join(["Jean", "Pierre", "Marie"] * 1_500), "Alpha Beta Gamma Delta " * 4_000,
              "the talks resumed on Monday and 3 March " * 600]   # before: > 5 minutes, now seconds
    prose = " ".join(" ".join(p.read_text(encoding="utf-8", errors="replace").split())
                     for p in sorted((bbc / "business").glob("*.txt"))[:200])
    prose = prose.replace("Gordon Brown", "Mr Brown")
    head = " ".join(shapes)
    tail = " Gordon Brown spoke. The last word is zanzibarite"
    filler = (prose + " ") * (size // len(prose) + 1)
    path.write_text(head + " " + filler[:size - len(head) - len(tail) - 1] + tail, encoding="utf-8")
    return path
