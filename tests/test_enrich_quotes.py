"""Who said what: quotations and reported speech, attributed through the real pipeline (spaCy NER,
the entity rules, then enrich/quotes.py), one newswire shape per test, and the refusals."""
from __future__ import annotations

import pytest

from searchapp.enrich import enrich
from searchapp.records import RawDoc
from test_enrich_seed import seed_rawdoc


def quotes(body: str, title: str = "Talks resume in Geneva") -> list:
    article = enrich(RawDoc(doc_id="q", source="", url="", title=title, body=body))
    for quote in article.quotes:   # offsets point at the words in the body
        assert article.body[quote.start:quote.end].startswith(quote.text[:12])
    return list(article.quotes)


def said(body: str) -> dict[str, str | None]:
    """The first four words of each quote -> its speaker (None: no one)."""
    return {" ".join(quote.text.split()[:4]): quote.speaker or None for quote in quotes(body)}


# The seed article


@pytest.fixture(scope="module")
def seed_quotes():
    return enrich(seed_rawdoc()).quotes


def test_seed_quotes_have_their_speakers(seed_quotes):
    by_words = {quote.text: quote for quote in seed_quotes}
    lavrov = next(q for q in seed_quotes if q.text.startswith("Everyone knows that a third World War"))
    assert (lavrov.speaker, lavrov.speaker_kind, lavrov.direct) == ("Sergei Lavrov", "person", True)
    # split by its attribution ("…,” Lavrov said. “…”): one quote, its two parts joined
    assert lavrov.text == ("Everyone knows that a third World War can only be a nuclear one. I assure you that we "
                           "will not allow provocations that make us lose our balance.")
    assert by_words["taking measures to ensure the security of civilians"].speaker == "Igor Konashenkov"
    kremlin = next(q for q in seed_quotes if q.text.startswith("Attempts to gain time by dragging out the negotiations"))
    assert (kremlin.speaker, kremlin.speaker_kind) == ("Kremlin", "org")
    # reported speech, "X claimed that …", cut before its ", according to …"
    claimed = next(q for q in seed_quotes if not q.direct)
    assert (claimed.speaker, claimed.text) == ("Igor Konashenkov", "the forces had gained control of three more "
                                               "communities in the area surrounding Mariupol")


def test_seed_refuses_what_no_name_says(seed_quotes):
    by_words = {quote.text: quote for quote in seed_quotes}
    # "The defence official said": the article does not name him in that sentence
    assert by_words["through a specially designated corridor."].speaker == ""
    assert "scaremongering" not in by_words            # a scare quote is no quote
    assert not any(q.text.startswith("62 Ukrainian aircraft") for q in seed_quotes)   # "According to the Russians"


# Newswire shapes


def test_x_said_and_said_x():
    found = said('"The deal is dead and we will not revive it," Angela Merkel said on Tuesday.\n\n'
                 '"Nobody in this room believes the figures," said Gordon Brown, the chancellor.')
    assert found == {"The deal is dead": "Angela Merkel", "Nobody in this room": "Gordon Brown"}


def test_a_surname_names_the_person_the_article_gives_in_full():
    found = said("Russian Foreign Minister Sergei Lavrov arrived in Ankara on Thursday.\n\n"
                 '"We are ready to talk to anyone who is ready to listen," Lavrov said.')
    assert found == {"We are ready to": "Sergei Lavrov"}


def test_according_to_leading_and_trailing():
    found = quotes("According to Amnesty International, grain prices in East Africa will stay high until exports resume.\n\n"
                   "The harvest fell by a third this year, according to the World Food Programme.")
    assert [(q.speaker, q.direct) for q in found] == [("Amnesty International", False), ("World Food Programme", False)]
    assert found[0].text == "grain prices in East Africa will stay high until exports resume"
    assert found[1].text == "The harvest fell by a third this year"


def test_told_reporters_that():
    [quote] = quotes("Prosecutor Marc Leclerc told reporters outside the courthouse that the trial would last "
                     "about ten weeks.")
    assert (quote.speaker, quote.direct, quote.text) == (
        "Marc Leclerc", False, "the trial would last about ten weeks")


def test_claimed_that_and_said_without_that():
    found = quotes("Henrik Solberg claimed that the strike had cost the company 90 million euros.\n\n"
                   "Elena Varga said the city would not take sides.")
    assert [(q.speaker, q.text) for q in found] == [
        ("Henrik Solberg", "the strike had cost the company 90 million euros"),
        ("Elena Varga", "the city would not take sides")]


def test_a_participle_shares_the_subject_of_its_sentence():
    [quote] = quotes("Gordon Brown issued a rallying cry to supporters, warning that the stakes were too high "
                     "to stay at home.")
    assert (quote.speaker, quote.text) == ("Gordon Brown", "the stakes were too high to stay at home")


def test_he_said_is_the_last_person_named_as_speaker_in_the_paragraph():
    found = said('Union chair Annelies Dekker said members would vote next week. "We will not be rushed," '
                 'she said.')
    assert found["We will not be"] == "Annelies Dekker"


def test_an_organisation_threatened():
    found = said('At the same time, the Kremlin threatened: "Any delay will only lead to new demands on Kyiv."')
    assert found == {"Any delay will only": "Kremlin"}


def test_a_spokesman_for_an_organisation_speaks_for_it():
    found = said('"We have the capacity and we have the cranes," a spokesman for the Baltic Ports Authority '
                 'said. "Our job is to keep cargo moving."')
    assert found == {"We have the capacity": "Baltic Ports Authority"}   # one quote, split


def test_appositions_before_the_verb():
    found = quotes("Peter Jansen, chair of the Federation of Port Workers, said the agreement protected jobs "
                   "but not pay.\n\n"
                   'The Shadow Secretary of State for Health, Andrew Lansley, said: "These plans were announced '
                   'a year ago."')
    assert [q.speaker for q in found] == ["Peter Jansen", "Andrew Lansley"]


def test_a_quotation_run_on_into_the_next_paragraph_is_one_quote():
    [quote] = quotes('Tony Blair said: "We have doubled the length of maternity pay.\n\n'
                     '"We are going to extend the pay to nine months by 2007."')
    assert quote.speaker == "Tony Blair"
    assert quote.text == ("We have doubled the length of maternity pay. We are going to extend the pay to nine "
                          "months by 2007.")


def test_a_standalone_quotation_goes_on_with_the_paragraphs_speaker():
    found = said('Mayor Elena Varga said the city would not take sides. "Nobody in this city wants to see '
                 'the ships at anchor again."')
    assert found["Nobody in this city"] == "Elena Varga"


def test_straight_and_curly_quotation_marks():
    curly = said("“Every contract is real, every client is real,” Zoë Brandt said.")
    straight = said('"Every contract is real, every client is real," Zoë Brandt said.')
    assert curly == straight == {"Every contract is real,": "Zoë Brandt"}


# Refusals: no speaker is better than a wrong one


@pytest.mark.parametrize("body", [
    '"The talks have failed and nobody will say so," officials in Moscow said.',
    '"The talks have failed and nobody will say so," a source close to Vladimir Putin said.',
    '"The talks have failed and nobody will say so," a spokesman for Vladimir Putin said.',
    '"The talks have failed and nobody will say so," friends of Vladimir Putin said.',
    '"The talks have failed and nobody will say so," he said.',
])
def test_no_speaker_when_none_is_named(body):
    assert said(body) == {"The talks have failed": None}


def test_two_subjects_or_a_name_inside_a_description_are_no_speaker():
    assert quotes("The Conservatives and the Liberal Democrats insisted that voters faced higher taxes.") == []
    found = said('"We will appeal against every count," Peter Jansen, the lawyer of Quillon Technologies, said.')
    assert found == {"We will appeal against": "Peter Jansen"}
    found = said('"We will appeal against every count," the founder of Quillon Technologies said.')
    assert found == {"We will appeal against": None}


def test_no_reported_speech_without_a_named_speaker():
    assert quotes("Analysts said the growth in new jobs was weaker than expected.\n\n"
                  "The report said inflation would stay above target.") == []


def test_he_said_after_someone_unnamed_spoke_is_not_the_earlier_speaker():
    found = said('Elena Varga said the port would reopen. A spokesman said the talks had stalled. '
                 '"They will resume when both sides are ready," he said.')
    assert found["They will resume when"] is None


def test_a_quotation_reported_by_someone_else_is_not_theirs():
    found = said("Crown prosecutor Marc Leclerc said Zoe Brandt told a shareholder meeting that revenue was "
                 '"the cleanest in the industry".')
    assert found == {"the cleanest in the": None}


def test_a_conditional_clause_is_no_attribution():
    assert quotes("That could change if he maintains his current form and repeats the times he produced in "
                  "Stuttgart.") == []


def test_scare_quotes_and_titles_are_no_quotes():
    assert quotes('Critics called the plan "desperate". The film "Million Dollar Baby" won four awards.') == []
