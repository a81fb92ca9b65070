"""Nicknames the texts define ("X, also known as Y"): read per text, merged across the archive."""
from __future__ import annotations

from datetime import date

from searchapp.entities.nicknames import nickname_definitions
from searchapp.search.service import SearchService

from fixtures import build_index, make_article


def mentions(text: str, *values: str, kind: str = "person") -> list[tuple]:
    found = []
    for value in values:
        start = text.index(value)
        found.append((value, start, start + len(value), kind, value))
    return found


def definitions(text: str, *values: str) -> list[tuple[str, str]]:
    return list(nickname_definitions(text, mentions(text, *values)))


def test_a_nickname_after_a_name_and_a_comma_is_read_whole():
    assert definitions("the leadership of Kwame Osei, also known as Abu Kofi, who is expected",
                       "Kwame Osei") == [("Abu Kofi", "Kwame Osei")]
    assert definitions("And Ferrer, nicknamed Pepe, admitted it.", "Ferrer") == [("Pepe", "Ferrer")]
    assert definitions("Dundee Athletic, known as the Blue Herons.", "Dundee Athletic") == [
        ("Blue Herons", "Dundee Athletic")]
    assert definitions('Mr Vane, better known as "Flash", was there', "Vane") == [("Flash", "Vane")]


def test_a_list_of_names_takes_a_list_of_as_many_nicknames_in_order():
    text = "TV hosts Gerald Pinchbeck and Mortimer Fenwick, known as Jolly and Dash, said on Monday"
    assert definitions(text, "Gerald Pinchbeck", "Mortimer Fenwick") == [
        ("Jolly", "Gerald Pinchbeck"), ("Dash", "Mortimer Fenwick")]
    # one nickname for two names names the pair, neither of them
    assert definitions("Smith and Jones, known as the Twins, said", "Smith", "Jones") == []


def test_no_nickname_where_the_phrase_is_no_apposition_or_the_name_goes_on():
    # the deregulation is "Big Bang", not the exchange
    assert definitions("the deregulation of the London Stock Exchange known as Big Bang.",
                       "London Stock Exchange") == []
    # a title's first word is no nickname: the run of capitals goes on in lower case
    assert definitions("Ellen Simonetti, known as Queen of Sky, was sacked", "Ellen Simonetti") == []
    # the phrase must follow a name the model found
    assert list(nickname_definitions("The company, known as Vexco, said", [])) == []


def test_no_nickname_of_what_the_name_leads_or_across_a_clause():
    assert definitions("The rebel movement led by John Garang, known as the SPLA, signed", "John Garang") == []
    # a comma alone joins no list: it ended the nickname's clause, or the name's
    assert definitions("Talks between Sharon and Abbas, known as Abu Mazen, Bush said", "Sharon", "Abbas") == []
    assert definitions("In Ramallah, Mahmoud Abbas, known as Abu Mazen and Ahmed Qurei said",
                       "Ramallah", "Mahmoud Abbas") == []
    assert definitions("Smith, Brown and Jones, known as Tom, Dick and Harry, said", "Smith", "Brown", "Jones") == [
        ("Tom", "Smith"), ("Dick", "Brown"), ("Harry", "Jones")]


def story(n: int, body: str, **entities):
    return make_article(f"n{n}", f"Story {n}", body, date(2005, 1, 1 + n), **entities)


def counts(service: SearchService, kind: str) -> dict[str, int]:
    return {c.value: c.count for c in service.facet_values(kind, limit=100)}


def test_a_nickname_is_the_name_it_was_given_across_the_archive_whatever_kind_it_had(tmp_path):
    build_index(tmp_path, [
        story(0, "TV hosts Gerald Pinchbeck and Mortimer Fenwick, known as Jolly and Dash, said on Monday.",
              persons=("Gerald Pinchbeck", "Mortimer Fenwick")),
        # the model's organisation in most articles, a person in one: the vote alone made it an organisation
        *(story(1 + i, "It was a good night for Jolly and Dash who won two awards.", orgs=("Jolly",))
          for i in range(4)),
        story(5, "Presenters Jolly and Dash hosted the show.", persons=("Jolly",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person")["Gerald Pinchbeck"] == 6
    assert "Jolly" not in counts(service, "org") and "Jolly" not in counts(service, "person")
    page = service.article("n2")
    assert page.entities["person"] == ("Gerald Pinchbeck",)


def test_a_nickname_that_is_someones_given_name_or_a_persons_full_name_stays(tmp_path):
    build_index(tmp_path, [
        story(0, "And Ferrer, nicknamed Pepe, admitted it.", persons=("Ferrer",)),
        *(story(1 + i, "Pepe Lozano scored twice.", persons=("Pepe Lozano",)) for i in range(2)),
        story(3, "Pepe was booked.", persons=("Pepe",)),
        # the name before the phrase is the model's organisation ("says JK, also known as Jason King")
        story(4, "The show is an institution, says JK, also known as Jason Kerr.", orgs=("JK",),
              persons=("Jason Kerr",)),
        story(5, "Jason Murrow spoke.", persons=("Jason Murrow",)),
    ])
    service = SearchService(tmp_path)
    people = counts(service, "person")
    assert people["Pepe"] == 1 and people["Ferrer"] == 1
    assert people["Jason Kerr"] == 1


def test_a_nickname_others_share_or_that_names_something_else_stays(tmp_path):
    build_index(tmp_path, [
        # two clubs called so
        story(0, "Dunmore Athletic, known as the Blues, won.", orgs=("Dunmore Athletic",)),
        story(1, "Kelso Wanderers, known as the Blues, lost.", orgs=("Kelso Wanderers",)),
        story(2, "The Blues won again.", orgs=("Blues",)),
        # a surname of the people kind ("Mervyn King") is not the singer's title
        story(3, "Elvis Presley, known as the King, sang.", persons=("Elvis Presley",)),
        *(story(4 + i, "Mervyn King said rates would rise. King spoke.", persons=("Mervyn King", "King"))
          for i in range(2)),
        # an acronym is no person's nickname, nor one the texts define by another name
        story(6, "John Garang, known as the SPLA, signed.", persons=("John Garang",)),
        story(7, "The SPLA signed.", orgs=("SPLA",)),
        story(8, "The Australian Broadcasting Corporation (ABC) said.", orgs=("Australian Broadcasting Corporation",)),
        story(9, "Amerigo Broadcasting Company, known as ABC, said.", orgs=("Amerigo Broadcasting Company",)),
        story(10, "The ABC said so.", orgs=("ABC",)),
        # a place's nickname ("the invasion of Iraq, known as ...") is none
        story(11, "The invasion of Iraq, known as Desert Lance, began.", places=("Iraq",)),
        story(12, "Desert Lance began.", orgs=("Desert Lance",)),
        # one definition does not move more than NICKNAME_REACH times its articles of another kind
        story(13, "Holt Town, known as the Marlins, won.", orgs=("Holt Town",)),
        *(story(14 + i, "A holiday in the Marlins.", places=("Marlins",)) for i in range(6)),
    ])
    service = SearchService(tmp_path)
    orgs, people, places = counts(service, "org"), counts(service, "person"), counts(service, "place")
    assert orgs["Blues"] == 1
    assert "Elvis Presley" in people and people["Elvis Presley"] == 1
    assert orgs["SPLA"] == 1 and people["John Garang"] == 1
    assert orgs["Australian Broadcasting Corporation"] == 2 and orgs["Amerigo Broadcasting Company"] == 1
    assert orgs["Desert Lance"] == 1
    assert places["Marlins"] == 6
