"""The archive-wide resolution pass, one rule at a time, on small real indexes (Whoosh in
tmp_path, written through the one writer loop, searched through the search service)."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date

import pytest

from searchapp.entities import archive, evidence, tables
from searchapp.entities.valuemap import VALUE_MAP_FILE, ValueMap
from searchapp.records import Mention, Query
from searchapp.search.request import build_query
from searchapp.search.service import SearchService
from searchapp.store import generations
from searchapp.store.indexer import reindex

from fixtures import build_index, make_article


def article(n: int, body: str, **entities):
    return make_article(f"r{n}", f"Story {n}", body, date(2005, 1, 1 + n % 28), **entities)


def counts(service: SearchService, kind: str) -> dict[str, int]:
    return {c.value: c.count for c in service.facet_values(kind, limit=100)}


def total(service: SearchService, **include) -> int:
    return service.search(build_query("", include={k: (v,) for k, v in include.items()})).total


def test_a_bare_surname_folds_into_the_full_name_that_dominates_it(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Tony Blair spoke.", persons=("Tony Blair",)) for i in range(3)),
        article(3, "Blair spoke again.", persons=("Blair",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Tony Blair": 4}
    assert total(service, person="Blair") == 4            # a filter on the variant finds its target
    page = service.article("r3")
    assert page.entities["person"] == ("Tony Blair",)
    assert [(m.text, m.value) for m in page.mentions] == [("Blair", "Tony Blair")]


def test_a_surname_taken_for_a_place_or_an_organisation_folds_into_the_persons_full_name(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Andy Goode kicked well and Tom Drennick scored.", persons=("Andy Goode", "Tom Drennick"))
          for i in range(3)),
        article(3, "Goode kicked three penalties.", places=("Goode",)),
        article(4, "Shares in Drennick rose.", orgs=("Drennick",)),
        *(article(5 + i, "Brenton Villa won.", persons=("Brenton Villa",), orgs=("Brenton Villa",)) for i in range(3)),
        article(8, "Villa won again.", orgs=("Villa",)),
        *(article(9 + i, "Michael Dellmar spoke.", persons=("Michael Dellmar",)) for i in range(3)),
        article(12, "Dellmar overtook its rivals in PC sales.", orgs=("Dellmar",)),
    ])
    service = SearchService(tmp_path)
    # no phrase of its mention calls "Goode" a place; "shares in Drennick" calls that one a
    # company; "Brenton Villa" is no person's full name, the organisations kind has it too
    assert counts(service, "person")["Andy Goode"] == 4 and "Goode" not in counts(service, "place")
    assert counts(service, "org")["Drennick"] == 1 and counts(service, "org")["Villa"] == 1
    assert counts(service, "org")["Dellmar"] == 1     # a company is often its founder's surname


def test_an_ambiguous_surname_is_left_alone(tmp_path):
    build_index(tmp_path, [
        *(article(i, "George Bush spoke.", persons=("George Bush",)) for i in range(3)),
        *(article(3 + i, "George W Bush spoke.", persons=("George W Bush",)) for i in range(3)),
        article(6, "Bush spoke.", persons=("Bush",)),
    ])
    assert counts(SearchService(tmp_path), "person") == {"George Bush": 3, "George W Bush": 3, "Bush": 1}


def dated(n: int, year: int, body: str, **entities):
    return make_article(f"r{n}", f"Story {n}", body, date(year, 3, 1 + n % 28), **entities)


def test_a_surname_is_left_alone_when_two_periods_have_two_men_of_that_name(tmp_path):
    # archive-wide George W Bush has 80% of the full names, but the bare Bush of 1988 is his father
    build_index(tmp_path, [
        *(dated(i, 2005, "George W Bush spoke.", persons=("George W Bush",)) for i in range(8)),
        *(dated(8 + i, 1988, "George Bush spoke.", persons=("George Bush",)) for i in range(2)),
        dated(10, 1988, "Bush spoke.", persons=("Bush",)),
        dated(11, 2005, "Bush spoke.", persons=("Bush",)),
    ])
    assert counts(SearchService(tmp_path), "person")["Bush"] == 2


def test_a_surname_of_one_period_folds_into_the_name_dominating_it_archive_wide(tmp_path):
    build_index(tmp_path, [
        *(dated(i, 2005, "George W Bush spoke.", persons=("George W Bush",)) for i in range(8)),
        *(dated(8 + i, 1988, "George Bush spoke.", persons=("George Bush",)) for i in range(2)),
        dated(10, 2005, "Bush spoke.", persons=("Bush",)),
        *(dated(11 + i, 1987, "Ronald Reagan spoke.", persons=("Ronald Reagan",)) for i in range(2)),
        dated(13, 1987, "Reagan spoke.", persons=("Reagan",)),
    ])
    got = counts(SearchService(tmp_path), "person")
    assert got == {"George W Bush": 9, "George Bush": 2, "Ronald Reagan": 3}


def test_an_acronym_defined_in_the_text_merges_with_its_full_name(tmp_path):
    build_index(tmp_path, [
        article(0, "The Arctic Fisheries Council (AFC) met.", orgs=("Arctic Fisheries Council",)),
        article(1, "The Arctic Fisheries Council wrote.", orgs=("Arctic Fisheries Council",)),
        article(2, "The AFC said no.", orgs=("AFC",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Arctic Fisheries Council": 3}
    assert total(service, org="AFC") == 3


def test_an_acronym_defined_by_a_name_of_a_class_goes_where_the_class_says(tmp_path):
    build_index(tmp_path, [
        article(0, "The Harbour Boat Show (HBS) opened.", orgs=("Harbour Boat Show", "HBS")),
        article(1, "Crowds at HBS grew.", orgs=("HBS",)),
        article(2, "The Harbour Boat Company (HBC) sold boats; HBC grew.", orgs=("Harbour Boat Company", "HBC")),
        article(3, "The Endangered Species Act (ESA) was cited.", orgs=("ESA",)),
        article(4, "The European Space Agency (ESA) launched it.", orgs=("European Space Agency", "ESA")),
    ])
    # a show is an event, no facet value, and so is its acronym; a company's stays, and so does an
    # acronym with two meanings, one of them a law's
    assert counts(SearchService(tmp_path), "org") == {"Harbour Boat Company": 1, "European Space Agency": 1, "ESA": 2}


def test_an_acronym_the_texts_write_in_the_plural_is_a_thing_one_counts(tmp_path):
    build_index(tmp_path, [
        article(0, "The MEP said MEPs would vote; the BBC and QTV reported.", orgs=("MEP", "BBC", "QTV")),
        article(1, "Two PDAs and a PDA; shares in QTV rose as QTVs sold.", orgs=("PDA", "QTV")),
        *(article(2 + i, "BMW said sales rose.", orgs=("BMW",)) for i in range(2)),
        article(4, "Thieves stole two BMWs from the garage."),
    ])
    # "QTV": a phrase calls it a company, whatever its plural says; one article's "BMWs" (cars)
    # against two naming the company hides nothing
    assert counts(SearchService(tmp_path), "org") == {"BBC": 1, "QTV": 2, "BMW": 2}


def test_the_curated_alias_table_merges_short_forms_and_prefixed_variants(tmp_path):
    build_index(tmp_path, [
        article(0, "The EU and the UN.", orgs=("EU", "UN")),
        article(1, "The European Union.", orgs=("European Union",)),
        article(2, "BBC News and the BBC.", orgs=("BBC News", "BBC")),
        *(article(3 + i, "The Opec oil cartel.", orgs=("Opec",)) for i in range(2)),
        article(5, "The Organization of Petroleum Exporting Countries.",
                orgs=("Organization of Petroleum Exporting Countries",)),
    ])
    found = counts(SearchService(tmp_path), "org")
    # the form most articles use is shown; a tie goes to the table's first form
    assert found == {"European Union": 2, "UN": 1, "BBC": 1, "Opec": 3}


def test_a_name_goes_to_the_kind_most_of_its_articles_give_it(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Northwind shares rose.", orgs=("Northwind",)) for i in range(5)),
        article(5, "Northwind said.", persons=("Northwind",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Northwind": 6}
    assert counts(service, "person") == {}
    assert service.article("r5").entities["org"] == ("Northwind",)


def test_a_one_word_organisation_folds_into_the_longer_name_it_starts_when_that_dominates(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Northwind Shipping said.", orgs=("Northwind Shipping",)) for i in range(3)),
        article(3, "Northwind said.", orgs=("Northwind",)),
        *(article(4 + i, "Reuters reported.", orgs=("Reuters",)) for i in range(4)),
        article(8, "Reuters Television filmed.", orgs=("Reuters Television",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Northwind Shipping": 4, "Reuters": 4, "Reuters Television": 1}
    assert total(service, org="Northwind") == 4


def test_a_small_towns_name_written_beside_a_company_it_starts_is_that_company(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"Bracknell Analytics said sales grew {i + 2}%, Bracknell added.",
                  places=("Bracknell",), orgs=("Bracknell Analytics",)) for i in range(3)),
        *(article(3 + i, "Kettering Analytics expects growth.", orgs=("Kettering Analytics",)) for i in range(2)),
        *(article(5 + i, "Floods reached Kettering.", places=("Kettering",)) for i in range(3)),
        *(article(8 + i, "Manchester United won in Manchester.", places=("Manchester",),
                  orgs=("Manchester United",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org")["Bracknell Analytics"] == 3 and "Bracknell" not in counts(service, "place")
    assert total(service, org="Bracknell") == 3
    # written apart from the company, the town is the town; a city big enough to name on its own
    # keeps its name beside its club
    assert counts(service, "place")["Kettering"] == 3 and counts(service, "place")["Manchester"] == 3


def test_a_town_named_as_the_publisher_of_findings_is_the_firm_it_starts(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"Boulder Research expects {i + 2}% growth.", orgs=("Boulder Research",)) for i in range(4)),
        # apart from the firm's whole name: "a report by Boulder", "an analyst with Boulder"
        article(4, "A report by Boulder says players sell, said Ann Lee, an analyst with Boulder.",
                places=("Boulder",)),
        article(5, "Recent research by Boulder found fans; a survey by Boulder agreed.", places=("Boulder",)),
        article(6, "Boulder Research said so; a study by Boulder says more.", places=("Boulder",),
                orgs=("Boulder Research",)),
        *(article(7 + i, f"Snow fell {i} days in Orion, and in Orion roads shut.", places=("Orion",)) for i in range(3)),
        article(10, "A study by Orion Research, said in Orion.", orgs=("Orion Research",)),
    ])
    service = SearchService(tmp_path)
    assert "Boulder" not in counts(service, "place") and counts(service, "org")["Boulder Research"] == 7
    assert counts(service, "place")["Orion"] == 3


def test_a_few_phrases_among_many_mentions_move_no_name(tmp_path):
    talk = " ".join(f"On day {d}, Halloran met envoys in Oslo." for d in range(12))
    build_index(tmp_path, [
        # three "Halloran said in a statement" among 75 mentions (a firm named after him, now and
        # then); two articles of "Oregon Inc" among 30 of the state
        *(article(i, f"{talk} Halloran said in a statement {i}.", persons=("Halloran",)) for i in range(3)),
        *(article(3 + i, f"{talk} Halloran flew home {i}.", persons=("Halloran",)) for i in range(3)),
        *(article(6 + i, f"Oregon farmers sold {i} tons; Oregon grows.", places=("Oregon",)) for i in range(28)),
        *(article(34 + i, f"Oregon Inc shares rose {i}% and Oregon fell.", places=("Oregon",), orgs=("Oregon Inc",))
          for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Halloran": 6}
    assert counts(service, "place") == {"Oregon": 30}


def test_a_common_noun_that_heads_many_names_names_none_of_them_alone(tmp_path):
    heads = ("Bank of Japan", "World Bank", "Reserve Bank", "Fenwick Chemical", "Dow Chemical", "Union Chemical",
             "Morning Courier", "Evening Courier", "Sunday Courier")
    build_index(tmp_path, [
        *(article(i, f"The bank lent {i} mln to a bank and the bank's banks. Later the Bank said rates "
                     f"would hold; the Bank agreed, and the Bank left.", orgs=("Bank",)) for i in range(2)),
        article(2, "The bank lent. Later the Bank said in a statement rates would hold; the Bank agreed.",
                orgs=("Bank",)),
        *(article(3 + i, f"Shares rose as Chemical said profits grew {i}%; analysts expect Chemical to grow.",
                  orgs=("Chemical",)) for i in range(3)),
        *(article(6 + i, f"The courier came {i} times and the courier left; the Courier reported it, "
                         f"as the Courier newspaper said.", orgs=("Courier",)) for i in range(3)),
        *(article(9 + i, f"{name} met {i} times by the bank of the river, a courier said.", orgs=(name,))
          for i, name in enumerate(heads)),
    ])
    got = counts(SearchService(tmp_path), "org")
    # "the Bank" refers to a bank named before; "Chemical said" names a firm; "the Courier
    # reported" a paper
    assert "Bank" not in got and got["Chemical"] == 3 and got["Courier"] == 3


def test_a_common_noun_a_house_style_capitalises_is_no_name_where_a_name_stands_bare(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"The chancellor will deliver his Budget on {i + 1} March. Next month's Budget is his "
                     f"ninth; in the Budget the budget deficit falls, and Mr Brown's Budget pleased the City.",
                  orgs=("Budget",)) for i in range(4)),
        *(article(4 + i, f"The council set its budget for {i + 2} years; the budget rose.") for i in range(5)),
        # a rugby club named like a common noun: its mentions stand bare ("Sale lost"), no phrase
        *(article(9 + i, f"Sale lost {i + 9} games, but when Sale won the Sale wing scored.", orgs=("Sale",))
          for i in range(3)),
        *(article(12 + i, f"The sale of {i} shops made a sale.") for i in range(4)),
        # a paper's name takes "the" as the noun does, and its phrases say what it is
        *(article(16 + i, f"The mirror broke, the Mirror reported {i} times, as he told the Mirror.",
                  orgs=("Mirror",)) for i in range(2)),
        *(article(18 + i, f"A mirror of {i} glass.") for i in range(2)),
        # a contraction is no possessive ("It's Levy day")
        *(article(20 + i, f"It's Levy day {i}. The levy rose, and the Levy fell.", orgs=("Levy",)) for i in range(2)),
        *(article(22 + i, f"A levy of {i}.") for i in range(3)),
        # two mentions inside sentences say too little
        article(25, "The tariff rose; the Tariff rose, and the Tariff fell.", orgs=("Tariff",)),
        article(26, "A tariff."),
    ])
    got = counts(SearchService(tmp_path), "org")
    assert "Budget" not in got
    assert got["Sale"] == 3 and got["Mirror"] == 2 and got["Levy"] == 2 and got["Tariff"] == 1


def test_a_technology_the_phrases_call_a_standard_or_a_format_is_no_organisation(tmp_path):
    build_index(tmp_path, [
        article(0, "Phones use the Zigbus standard; Zigbus devices sell.", orgs=("Zigbus",)),
        article(1, "Zigbus files and Zigbus-enabled players.", orgs=("Zigbus",)),
        article(2, "Shares in Nortek rose as Nortek said Nortek devices sold.", orgs=("Nortek",)),
        article(3, "A QXB drive. Its QXB memory. New QXB chips; the QXB screen.", orgs=("QXB",)),
        article(4, "Shares in Valtek rose; Valtek said Valtek chips and Valtek screens sold.", orgs=("Valtek",)),
        article(5, "He made the format called WSF; WSF feeds fill WSF aggregators.", orgs=("WSF",)),
    ])
    # a firm's devices are its products: its own phrases keep it ("shares in Nortek")
    assert counts(SearchService(tmp_path), "org") == {"Nortek": 1, "Valtek": 1}


def test_a_technology_of_systems_ports_and_boxes_goes_with_its_long_form_and_its_other_writing(tmp_path):
    build_index(tmp_path, [
        article(0, "Locks called Content Lock Format (CLF) spread. CLF systems and CLF schemes.",
                orgs=("Content Lock Format", "CLF")),
        article(1, "A CLF box with a CLF scheme; CLF technology.", orgs=("CLF",)),
        article(2, "Makers of Spin Vault software sell the SpinVault boxes. The SpinVault systems use the "
                   "SpinVault technology.",
                orgs=("Spin Vault", "SpinVault")),
        article(3, "Shares in Ambrel rose and Ambrel said Ambrel systems sold.", orgs=("Ambrel",)),
        *(article(4 + i, "Oil flows to the Pacific port of Esmeraldas; the Pacific ports grew.", places=("Pacific",))
          for i in range(3)),
    ])
    # the acronym's long form and a writing with a space are the thing the phrases typed, hidden with it
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Ambrel": 1}
    assert counts(service, "place") == {"Pacific": 3}      # a port is a place's, no technology's


def test_a_film_the_texts_give_roles_in_is_no_place_but_a_country_is(tmp_path):
    build_index(tmp_path, [
        article(0, "He won for his role in Nearer. She has a role in Nearer too.", places=("Nearer",)),
        article(1, "Praised for his performance in Nearer, and seen in Nearer.", places=("Nearer",)),
        article(2, "Critics liked the roles in Nearer.", places=("Nearer",)),
        *(article(3 + i, "Britain's role in Iraq was debated; its role in Iraq grew.", places=("Iraq",))
          for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "place") == {"Iraq": 2}


def test_a_song_or_a_group_whose_singles_the_texts_sell_is_no_person(tmp_path):
    build_index(tmp_path, [
        article(0, "The Relief Choir single sold well. A new Relief Choir single came.", persons=("Relief Choir",)),
        article(1, "Fans bought the Relief Choir singles and the single Jailyard Blues.",
                persons=("Relief Choir", "Jailyard Blues")),
        article(2, "The musical Jailyard Blues opened; the single Jailyard Blues is number one.",
                persons=("Jailyard Blues",), orgs=("Relief Choir",)),
        article(3, "Critics praised the single Jailyard Blues.", persons=("Jailyard Blues",)),
        *(article(4 + i, "Singer Ann Hale said her new Ann Hale single is out.", persons=("Ann Hale",))
          for i in range(3)),
    ])
    service = SearchService(tmp_path)
    # a singer's singles are her own: a name shaped like a person's stays one
    assert counts(service, "person") == {"Ann Hale": 3} and counts(service, "org") == {}


def test_a_programme_with_stars_sketches_and_series_is_no_place_but_a_club_with_stars_is_a_club(tmp_path):
    build_index(tmp_path, [
        article(0, "The Tiny Albion star Matt Lucas won. A Tiny Albion sketch aired.", places=("Tiny Albion",)),
        article(1, "A new series of Tiny Albion, and awards for Tiny Albion.", places=("Tiny Albion",)),
        article(2, "Both Tiny Albion stars spoke.", places=("Tiny Albion",)),
        *(article(3 + i, "The Dunford star scored as Dunford fans cheered and the Dunford boss smiled.",
                  orgs=("Dunford",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {} and counts(service, "org") == {"Dunford": 2}


def test_a_firm_named_after_its_founders_is_one_organisation_with_its_legal_forms(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Underwriters are led by Paul Capel and Co.", orgs=("Paul Capel and Co",)) for i in range(2)),
        *(article(2 + i, "Paul Capel said the issue was priced.", persons=("Paul Capel",)) for i in range(2)),
        article(4, "Analysts at Goldberg Sachs said so.", persons=("Goldberg Sachs",)),
        *(article(5 + i, "Goldberg Sachs Inc and Goldberg Sachs and Co.", orgs=("Goldberg Sachs Inc", "Goldberg Sachs")) for i in range(3)),
        article(8, "Ann Johnson joined Johnson Co.", persons=("Ann Johnson",), orgs=("Johnson Co",)),
        *(article(9 + i, "Ann Johnson spoke.", persons=("Ann Johnson",)) for i in range(2)),
        article(11, "Hallam, Pryce and Co led it.", orgs=("Hallam, Pryce and Co",)),
        # initials and a surname, written with "Group" and legal forms: "E.F. Hutton Group Inc"
        *(article(12 + i, "R.T. Hollis said so.", persons=("R.T. Hollis",)) for i in range(2)),
        article(14, "R.T. Hollis Group Inc rose.", orgs=("R.T. Hollis Group Inc",)),
        article(15, "R.T. Hollis and Co Inc fell.", orgs=("R.T. Hollis and Co Inc",)),
        # a common word before "Group" names no firm alone
        article(16, "Pioneer Group Inc rose; the pioneer of it spoke.", orgs=("Pioneer Group Inc",)),
        *(article(17 + i, "Pioneer said so.", orgs=("Pioneer",)) for i in range(2)),
        # half as many articles with the legal form, where no phrase calls it a person
        *(article(19 + i, "Then Ivo Carnell raised the forecast.", persons=("Ivo Carnell",)) for i in range(4)),
        *(article(23 + i, "Ivo Carnell and Co led it.", orgs=("Ivo Carnell and Co",)) for i in range(2)),
        *(article(25 + i, "Chairman Ada Lorne spoke.", persons=("Ada Lorne",)) for i in range(4)),
        *(article(29 + i, "Ada Lorne Ltd rose.", orgs=("Ada Lorne Ltd",)) for i in range(2)),
        # a web address and legal forms: one firm ("Amazon.com Inc", "Amazon.com", "Amazon")
        article(31, "Zappo.com Inc rose.", orgs=("Zappo.com Inc",)),
        article(32, "Zappo.com fell.", orgs=("Zappo.com",)),
        *(article(33 + i, "Zappo sold books.", orgs=("Zappo",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    # the archive writes the founders' names with the firm's legal form as often as alone; a person
    # one firm is named after stays a person ("Ann Johnson", 3 articles, "Johnson Co" 1)
    assert counts(service, "person") == {"Ann Johnson": 3, "Ada Lorne": 4}
    assert counts(service, "org") == {"Paul Capel": 4, "Goldberg Sachs": 4, "Johnson Co": 1,
                                      "Hallam Pryce and Co": 1, "R.T. Hollis": 4,
                                      "Pioneer Group Inc": 1, "Pioneer": 2, "Ivo Carnell": 6, "Ada Lorne Ltd": 2,
                                      "Zappo": 4}


def test_a_persons_surname_stays_his_where_a_few_of_many_phrases_say_organisation(tmp_path):
    # Reuters' "the Reagan administration": the model's organisation "Reagan" in 113 articles,
    # the person in 393, four organisation phrases among 866 mentions; a firm the people kind
    # holds in few of its articles keeps its phrases' kind (Baker International "said")
    build_index(tmp_path, [
        *(article(i, "Ronald Grane spoke.", persons=("Ronald Grane",)) for i in range(3)),
        *(article(3 + i, "Then Grane vetoed it, and Grane spoke, as Grane left and Grane slept.",
                  persons=("Grane",)) for i in range(10)),
        article(13, "The Grane administration said so.", orgs=("Grane",)),
        article(14, "Officials said Grane said in a statement it would.", orgs=("Grane",)),
        *(article(15 + i, "Tom Bakewell spoke.", persons=("Tom Bakewell",)) for i in range(3)),
        article(18, "Then Bakewell spoke.", persons=("Bakewell",)),
        *(article(19 + i, "Oil firm Bakewell said it merged, and Bakewell grew.", orgs=("Bakewell",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Ronald Grane": 15, "Tom Bakewell": 3}
    assert counts(service, "org") == {"Bakewell": 4}


def test_a_name_with_a_legal_form_is_never_made_a_person(tmp_path):
    # Reuters: the model's person "Fiat Spa" in one article made the firm's five a person's
    build_index(tmp_path, [
        article(0, "Mario Rossi and Fiat Spa agreed.", persons=("Mario Rossi", "Fiat Spa")),
        *(article(1 + i, "Fiat Spa said profits rose.", orgs=("Fiat Spa",)) for i in range(4)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Mario Rossi": 1}
    assert counts(service, "org") == {"Fiat Spa": 5}


def test_one_article_making_an_organisation_a_person_makes_no_person_of_its_others(tmp_path):
    # Reuters: one of the 24 "Credit Lyonnais" articles had the bank a person, and the pass moved
    # all 24; articles that already make it a person must be a fifth of the other kind's
    build_index(tmp_path, [
        article(0, "Bankers at Credit Normand and Anna Vasse spoke.", persons=("Credit Normand", "Anna Vasse")),
        *(article(1 + i, "The issue is lead managed by Credit Normand.", orgs=("Credit Normand",)) for i in range(6)),
        article(7, "Anna Jonas ran.", persons=("Anna Jonas",)),
        article(8, "Anna Jonas won.", orgs=("Anna Jonas",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org")["Credit Normand"] >= 6
    assert counts(service, "person") == {"Anna Vasse": 1, "Anna Jonas": 2}


def test_an_organisations_writing_with_and_without_a_final_s_is_one_where_one_dominates(tmp_path):
    # Reuters 1987 writes itself "Reuter" now and then (37 articles, "Reuters" 863)
    build_index(tmp_path, [
        *(article(i, "Rexters said so.", orgs=("Rexters",)) for i in range(4)),
        article(4, "Rexter said so.", orgs=("Rexter",)),
        # about as many articles: maybe two things ("Time" the magazine, "Times" the paper)
        *(article(5 + i, "Rover sold cars.", orgs=("Rover",)) for i in range(2)),
        *(article(7 + i, "Rovers won.", orgs=("Rovers",)) for i in range(2)),
        # an acronym's last letter is no plural
        *(article(9 + i, "CBS News aired it.", orgs=("CBS",)) for i in range(4)),
        article(13, "The CB radio crackled.", orgs=("CB",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Rexters": 5, "CBS": 4, "Rover": 2, "Rovers": 2, "CB": 1}


def test_halves_of_a_name_the_model_split_at_its_and_merge_into_the_whole(tmp_path):
    # Reuters: "American Telephone" (40 articles) + "and" + "Telegraph Co" (29), and 13 articles
    # of "American Telephone and Telegraph Co"; two firms now and then together stay two
    build_index(tmp_path, [
        *(article(i, "American Phonograph and Telegraph Co rose.", orgs=("American Phonograph and Telegraph Co",))
          for i in range(2)),
        *(article(2 + i, "American Phonograph and Telegraph Co fell.", orgs=("American Phonograph", "Telegraph Co"))
          for i in range(3)),
        article(5, "Talks of Zentek and Orvan Ltd failed.", orgs=("Zentek", "Orvan Ltd")),
        article(6, "Zentek and Orvan Ltd met again.", orgs=("Zentek", "Orvan Ltd")),
        article(7, "Zentek and Orvan Ltd agreed.", orgs=("Zentek and Orvan Ltd",)),
        *(article(8 + i, "Zentek rose.", orgs=("Zentek",)) for i in range(4)),
        # two people written together are two
        *(article(12 + i, "Sam Vale and Ida Wren wrote it.", persons=("Sam Vale", "Ida Wren")) for i in range(3)),
        article(15, "Sam Vale and Ida Wren spoke.", persons=("Sam Vale and Ida Wren",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"American Phonograph and Telegraph Co": 5, "Zentek": 6, "Orvan Ltd": 2,
                                      "Zentek and Orvan Ltd": 1}
    assert counts(service, "person") == {"Sam Vale": 3, "Ida Wren": 3, "Sam Vale and Ida Wren": 1}


def test_a_title_named_like_a_person_that_no_article_shortens_is_no_person(tmp_path):
    # news shortens a person's name after the first mention ("Jarvis smiled"); a film's, an
    # album's or a band's name it never does ("Ferdinand" of Franz Ferdinand)
    def shortened(story, text, value):
        start = story.body.rindex(text)
        mentions = story.mentions + (Mention(text, start, start + len(text), "person", value),)
        return replace(story, mentions=tuple(sorted(mentions, key=lambda m: m.start)))

    build_index(tmp_path, [
        *(article(i, "Fans saw the film Mary Lantern again.", persons=("Mary Lantern",)) for i in range(3)),
        *(shortened(article(3 + i, "Fans bought the album Tom Jarvis made. Jarvis smiled.", persons=("Tom Jarvis",)),
                    "Jarvis", "Tom Jarvis") for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Tom Jarvis": 3}


def test_the_cut_complement_of_a_longer_name_is_no_value_of_its_own(tmp_path):
    # the model read "Azkhar" out of "Harry Potter and the Prisoner of Azkhar" and "Hope" out of
    # "Mary Full of Hope": alone it names nothing. A place keeps its name ("Archbishop of
    # Canterbury"), and so does a name other articles write alone ("Bank of Lendal", "Lendal said").
    build_index(tmp_path, [
        *(article(i, "Fans saw Harry Potter and the Prisoner of Azkhar and Mary Full of Hope.",
                  orgs=("Azkhar", "Hope")) for i in range(3)),
        *(article(3 + i, "A visit by the Archbishop of Canterbury.", places=("Canterbury",)) for i in range(3)),
        # the archive holds the longer name: the merges fold the short one into it
        *(article(6 + i, "Rates set by the Bank of Lendal rose.", orgs=("Lendal",)) for i in range(3)),
        *(article(9 + i, "The Bank of Lendal said so.", orgs=("Bank of Lendal",)) for i in range(2)),
        # a sentence's first word says nothing ("Shares of X")
        *(article(11 + i, "Shares of Corvane rose. Shares of Corvane fell.", orgs=("Corvane",)) for i in range(3)),
        *(article(14 + i, "Fans of Will and Hope laughed.", persons=("Hope",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Bank of Lendal": 5, "Corvane": 3}
    assert counts(service, "place") == {"Canterbury": 3}
    assert counts(service, "person") == {"Hope": 3}


def test_a_title_a_colon_joins_is_a_work_but_a_speaker_before_a_colon_is_no_title(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Fans queued for the game Grand Larceny: Vice Bay, and Kill Joy: Volume 2 sold too.",
                  places=("Vice Bay",), persons=("Kill Joy",)) for i in range(3)),
        *(article(3 + i, "Ann Hale: \"We will win.\" Mr Hale: Ann Hale spoke to Tom Reed: he agreed.",
                  persons=("Ann Hale", "Tom Reed")) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {}
    assert counts(service, "person") == {"Ann Hale": 3, "Tom Reed": 3}


def test_no_vote_turns_a_team_named_like_its_city_into_the_place(tmp_path):
    # per article, a known place is a place unless the article said otherwise (a results table)
    build_index(tmp_path, [
        *(article(i, "Talks opened in Barcelona.", places=("Barcelona",)) for i in range(5)),
        article(5, "Barcelona 1 (Stoichkov 55th) Valencia 0", orgs=("Barcelona", "Valencia")),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Barcelona": 5}
    assert counts(service, "org") == {"Barcelona": 1, "Valencia": 1}


def test_a_name_shaped_like_a_person_is_a_person_wherever_people_have_it(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Lib Dem leader Charles Kennedy.", orgs=("Charles Kennedy",)) for i in range(4)),
        *(article(4 + i, "Charles Kennedy said.", persons=("Charles Kennedy",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Charles Kennedy": 6}
    assert "Charles Kennedy" not in counts(service, "org")


def test_words_of_known_classes_are_never_people_and_nationalities_never_places(tmp_path):
    build_index(tmp_path, [
        article(0, "An Oscar for Harry Potter; the Lib Dems; 10:00 GMT.",
                persons=("Oscar", "Harry Potter", "Lib Dems", "Ann Hale", "Buffalo Bill"),
                orgs=("GMT", "Xbox", "Road Safety Bill", "Treasury Bills")),
        article(1, "A Ukrainian voice from the Premiership at the Wessex Open.", places=("Ukrainian", "Kyiv"),
                persons=("Premiership",), orgs=("Wessex Open", "Wessex League", "Leeds Boat Show", "Vienna Indoors",
                                                "General Election", "Montreal Expos", "Data Protection Act",
                                                "Kyoto Protocol", "North Atlantic Treaty Organisation", "Sikhism",
                                                "Muslim Council of Britain", "Brit",
                                                "European Convention on Human Rights", "Treaty of Rome")),
    ])
    service = SearchService(tmp_path)
    # a draft law is no organisation; a name ending in "Bill" may be a person's
    assert counts(service, "person") == {"Ann Hale": 1, "Buffalo Bill": 1}
    assert counts(service, "place") == {"Kyiv": 1}
    # a competition, a show, an election is an event, a law or a treaty is none, no facet value;
    # a league is a body, and so is a team whose name ends in a word no event's ends in
    # ("Expos"), and the body a treaty founds; a faith is none, a council of its believers a body
    assert counts(service, "org") == {"Lib Dems": 1, "Wessex League": 1, "Montreal Expos": 1,
                                      "North Atlantic Treaty Organisation": 1, "Muslim Council of Britain": 1}


def test_a_reader_extends_a_class_with_a_line_of_data(tmp_path):
    folder = tmp_path / "classes"
    folder.mkdir()
    (folder / "ships.txt").write_text("# vessels: never a person\n# never: person\nQueen Mary 2\n* Explorer\n")
    (ship,) = tables.word_classes(folder)
    assert ship.kind is None and ship.excludes("person") and not ship.excludes("org")
    assert ship.patterns.matches("queen mary 2") and ship.patterns.matches("Ocean Explorer")
    assert not ship.patterns.matches("Mary")


def test_facet_counts_equal_the_totals_their_links_give_after_merges(tmp_path):
    build_index(tmp_path, [
        article(0, "Tony Blair and Blair.", persons=("Tony Blair", "Blair"), orgs=("EU", "European Union")),
        article(1, "Tony Blair.", persons=("Tony Blair",), orgs=("EU",)),
        article(2, "Blair.", persons=("Blair",), orgs=("European Union",)),
    ])
    service = SearchService(tmp_path)
    result = service.search(Query())
    for kind, values in result.facets.items():
        for entry in values:
            assert total(service, **{kind: entry.value}) == entry.count, (kind, entry)
    assert counts(service, "person") == {"Tony Blair": 3}   # article 0 counts once


def test_the_pass_runs_at_the_end_of_every_reindex_incremental_too(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": f"f{i}", "title": "Tony Blair in London",
             "text": f"Prime Minister Tony Blair spoke in London on Monday about {topic}."}
            for i, topic in enumerate(("schools", "hospitals", "trains"))]
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows))
    index_dir = tmp_path / "index"
    reindex([feed], index_dir)
    live = generations.current_path(index_dir)
    first = json.loads((live / VALUE_MAP_FILE).read_text())
    rows.append({"id": "f9", "title": "Blair returns", "text": "Blair returned to Downing Street on Friday."})
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows))
    reindex([feed], index_dir)
    assert generations.current_path(index_dir) == live        # incremental: same generation
    second = json.loads((live / VALUE_MAP_FILE).read_text())
    assert second != first
    assert second["merge"]["person"]["Blair"] == "Tony Blair"
    assert counts(SearchService(index_dir), "person") == {"Tony Blair": 4}


def test_acronym_definitions_are_read_by_their_initials():
    text = "The International Monetary Fund (IMF) and the Office for National Statistics (ONS) but not (UK)."
    assert archive.acronym_definitions(text) == [("IMF", "International Monetary Fund"),
                                                 ("ONS", "Office for National Statistics")]
    # a common noun's words in brackets after its acronym, not a name's nor other words
    text = "LCDs (liquid crystal displays), a PVR [personal video recorder], the BBC (the best), EU (European Union)."
    assert archive.acronym_definitions(text) == [("LCD", "liquid crystal displays"), ("PVR", "personal video recorder")]


def test_an_acronym_a_text_defines_by_lower_case_words_is_a_common_noun_whatever_capitals_others_give(tmp_path):
    build_index(tmp_path, [
        # the same words in a house style's capitals are the common noun's, not a name's
        *(article(i, "Sales of Liquid Crystal Display (LCD) sets rose.", orgs=("Liquid Crystal Display", "LCD"))
          for i in range(2)),
        article(2, "Thousands of LCDs (liquid crystal displays) sold.", orgs=("LCD",)),
        article(3, "Both LCD makers grew.", orgs=("LCD",)),
        # another thing's name sharing a common noun's acronym stays itself
        article(4, "The Overseas Aid Directorate (OAD) paid.", orgs=("Overseas Aid Directorate", "OAD")),
        *(article(5 + i, "Spending on OAD (official aid disbursements) fell.", orgs=("OAD",)) for i in range(2)),
        # a name other texts write in other words keeps its capitals; one text's definitions are one vote
        *(article(7 + i, "The Kelvin Trade Board (KTB) met.", orgs=("Kelvin Trade Board", "KTB")) for i in range(2)),
        article(9, "KTB (known trade barriers) rose; KTB (known trade barriers) and KTB (known trade barriers).",
                orgs=("KTB",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Overseas Aid Directorate": 1, "KTB": 3}


def test_a_one_word_name_goes_where_the_words_around_it_say(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"The oil firm Quarnex said its {w} fell; Quarnex shares slid.", persons=("Quarnex",))
          for i, w in enumerate(("profit", "output", "sales"))),
        article(3, "Mr Pell said Quarnex have won.", persons=("Pell",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Quarnex": 3}
    assert counts(service, "person") == {"Pell": 1}


def test_a_surname_the_texts_write_after_mr_keeps_its_full_name_a_person(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Business Secretary Vince Cable spoke.", orgs=("Vince Cable",)) for i in range(4)),
        *(article(4 + i, "Vince Cable said. Mr Cable left.", persons=("Vince Cable",)) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "person") == {"Vince Cable": 6}


def test_a_place_the_texts_call_a_company_becomes_one_and_a_close_vote_is_left_alone(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"Shares in Varnholt fell. Varnholt's chief executive quit. {i}", places=("Varnholt",))
          for i in range(3)),
        *(article(3 + i, "Talks in Drummel stalled; shares in Drummel rose.", places=("Drummel",))
          for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Varnholt": 3}
    assert counts(service, "place") == {"Drummel": 3}          # 3 org votes to 3 place votes


def test_a_country_or_a_dateline_place_stays_a_place_whatever_the_phrases_say(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Shares in Norway rose; Norway's chief executive.", places=("Norway",)) for i in range(3)),
        *(article(3 + i, "Shares in Quellport fell. Quellport's shares slid. Quellport's boss left.",
                  places=("Quellport",), dateline="QUELLPORT, 3 May") for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "place") == {"Norway": 3, "Quellport": 2}


def test_a_title_the_texts_quote_or_call_a_film_is_no_organisation(tmp_path):
    build_index(tmp_path, [
        article(0, 'Leigh\'s film "Moth Lantern" won; "Moth Lantern" opens today.', orgs=("Moth Lantern",)),
        article(1, "She starred in the film Moth Lantern last year.", orgs=("Moth Lantern",)),
        article(2, "The Arden Group said in a statement it would appeal.", orgs=("Arden Group",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Arden Group": 1}


def test_a_name_the_texts_write_in_lower_case_far_more_often_is_a_word(tmp_path):
    build_index(tmp_path, [
        article(0, "The Harvest was poor.", orgs=("Harvest",)),
        *(article(1 + i, f"The harvest came late in region {i}.") for i in range(3)),
        article(4, "Quarnex said so.", orgs=("Quarnex",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Quarnex": 1}


def test_names_in_a_list_share_their_verb_and_cast_no_vote(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Kenteris and Thanou have denied it. Athens and Thanou were named.",
                  persons=("Thanou",)) for i in range(4)),
    ])
    assert counts(SearchService(tmp_path), "person") == {"Thanou": 4}


def test_writings_of_one_name_by_case_spacing_and_article_are_one_value(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Time Warner said.", orgs=("Time Warner",)) for i in range(3)),
        article(3, "TimeWarner said.", orgs=("TimeWarner",)),
        article(4, "The Ardley Trust and Ardley Trust.", orgs=("The Ardley Trust",)),
        *(article(5 + i, "Ardley Trust said.", orgs=("Ardley Trust",)) for i in range(2)),
        article(7, "Uk firms grew.", orgs=("Uk",)),
        article(8, "In Britain.", places=("United Kingdom",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Time Warner": 4, "Ardley Trust": 3}
    assert counts(service, "place") == {"United Kingdom": 2}
    assert total(service, org="TimeWarner") == 4


def test_an_acronym_spelled_by_a_word_in_capitals_merges_with_its_name(tmp_path):
    assert archive.acronym_definitions("The EU Farm Council (EUFC) and UK Independence Party (UKIP).") == [
        ("EUFC", "EU Farm Council"), ("UKIP", "UK Independence Party")]
    build_index(tmp_path, [
        article(0, "The UK Independence Party (UKIP) won.", orgs=("UK Independence Party",)),
        *(article(1 + i, "UKIP said.", orgs=("UKIP",)) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"UKIP": 3}


def test_a_short_name_folds_into_the_longer_name_its_articles_write_beside_it(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Quarnex Technologies said; Quarnex denied it.", orgs=("Quarnex Technologies", "Quarnex"))
          for i in range(4)),
        *(article(4 + i, "Clube Vela won; Vela fans cheered.", orgs=("Clube Vela", "Vela")) for i in range(2)),
        # two commissions, neither written beside most "Commission" articles: left alone
        article(6, "The Wexby Commission and the Commission.", orgs=("Wexby Commission", "Commission")),
        article(7, "The Dorn Commission and the Commission.", orgs=("Dorn Commission", "Commission")),
    ])
    found = counts(SearchService(tmp_path), "org")
    assert found == {"Quarnex Technologies": 4, "Clube Vela": 2, "Commission": 2, "Wexby Commission": 1,
                     "Dorn Commission": 1}


def test_an_organisation_shaped_like_a_persons_name_is_a_person(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Italy: Fabien Pelous, Troncon.", orgs=("Fabien Pelous",)) for i in range(3)),
        article(3, "Fabien Pelous said.", persons=("Fabien Pelous",)),
        *(article(4 + i, "Shares in Arden Mills rose.", orgs=("Arden Mills",)) for i in range(2)),
        article(6, "Ian Arden met Arden Mills.", persons=("Ian Arden",), orgs=("Arden Mills",)),
        article(7, "Kevin Arden too.", persons=("Kevin Arden",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Fabien Pelous": 4, "Ian Arden": 1, "Kevin Arden": 1}
    assert counts(service, "org") == {"Arden Mills": 3}         # no given name, and the texts say org


TIES = """
import json, sys
from datetime import date
from searchapp.entities import archive
articles = [
    ({"person": ("BBC Outside Broadcasts", "BBC Broadcast", "Ann Lee"), "place": (), "org": ()}, "Staff.", None),
    ({"person": (), "place": (), "org": ("EU", "Economic Union")}, "The Economic Union (EU) met.", date(2005, 1, 1)),
    ({"person": (), "place": (), "org": ("EU", "European Union")}, "The European Union (EU) met.", date(2005, 2, 1)),
]
order = articles[::-1] if sys.argv[1] == "reversed" else articles
print(json.dumps(archive.resolve_archive(archive.values_of(order)).to_dict(), sort_keys=True))
"""


def test_the_texts_read_by_several_processes_give_the_same_values_in_the_same_order(tmp_path):
    from fixtures import make_articles

    build_index(tmp_path, make_articles(60))
    generation = generations.current_path(tmp_path)
    alone = archive.read_values(generation)
    shared = archive.read_values(generation, processes=3, parallel_min=1)
    assert shared == alone
    assert list(shared.counts["org"]) == list(alone.counts["org"])
    assert list(shared.evidence.mentions) == list(alone.evidence.mentions)
    assert archive.resolve_archive(shared).to_dict() == archive.resolve_archive(alone).to_dict()


_READ_PART = archive._read_part


def _dies_in_part_one(generation, part, parts):
    """archive._read_part, but the second process ends as the out-of-memory killer would end it."""
    if part == 1:
        os._exit(1)
    return _READ_PART(generation, part, parts)


def test_a_reading_process_that_dies_ends_the_pass_with_an_error_not_a_wait(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool
    from fixtures import make_articles

    build_index(tmp_path, make_articles(20))
    monkeypatch.setattr(archive, "_read_part", _dies_in_part_one)
    with pytest.raises(BrokenProcessPool):
        archive.read_values(generations.current_path(tmp_path), processes=2, parallel_min=1)


def test_the_pass_decides_ties_alike_whatever_the_hash_seed_and_the_order_of_the_articles():
    """Two runs over the same articles give the same map: ties between equally frequent forms
    (two names of the BBC, an acronym defined two ways) were decided by set order, i.e. by the
    reindex process's PYTHONHASHSEED, and by the order articles were read."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    maps = set()
    for seed in range(4):
        for order in ("as read", "reversed"):
            env = dict(os.environ, PYTHONHASHSEED=str(seed))
            done = subprocess.run([sys.executable, "-c", TIES, order], cwd=ROOT, env=env, capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            maps.add(done.stdout)
    assert len(maps) == 1, maps
    found = json.loads(maps.pop())
    assert found["merge"]["person"] == {"BBC Outside Broadcasts": "BBC Broadcast"}   # ties: the first by name
    assert found["merge"]["org"] == {"Economic Union": "EU", "European Union": "EU"}   # the first definition by name


def test_an_acronym_is_no_given_name_and_the_texts_role_words_make_a_person(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Radio Tarn spoke to NRK Sport about it.", orgs=("NRK Sport",)) for i in range(4)),
        article(9, "He told NRK Sport.", persons=("NRK Sport",)),
        *(article(4 + i, "Olympic heptathlon champion Marit Tollefsen won.", orgs=("Marit Tollefsen",))
          for i in range(2)),
        article(6, "Marit Tollefsen and Ada Berg ran.", orgs=("Marit Tollefsen",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"NRK Sport": 5}
    assert counts(service, "person") == {"Marit Tollefsen": 3}


def test_a_known_place_of_another_kind_moves_when_its_own_mentions_say_place(tmp_path):
    # "Wembley" is a place the gazetteer knows; as an organisation its mentions say "at Wembley"
    build_index(tmp_path, [
        *(article(i, f"The final at Wembley drew a crowd; fans queued at Wembley. {i}", orgs=("Wembley",))
          for i in range(2)),
        article(2, "They played at Wembley again.", orgs=("Wembley",)),
        # a team named as its city keeps the article's decision when its own mentions say nothing
        *(article(3 + i, "Lyon 2 Nantes 1.", orgs=("Lyon",)) for i in range(2)),
        *(article(5 + i, "Talks in Lyon and in Lyon again.", places=("Lyon",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Wembley": 3, "Lyon": 3}
    assert counts(service, "org") == {"Lyon": 2}


def test_a_one_word_name_most_articles_make_a_person_but_nothing_says_is_one_goes_to_its_other_kind(tmp_path):
    build_index(tmp_path, [
        *(article(i, "The state sold Vostokgaz last year.", persons=("Vostokgaz",)) for i in range(4)),
        *(article(4 + i, "The oil unit Vostokgaz and the firm Vostokgaz.", orgs=("Vostokgaz",)) for i in range(3)),
        # a surname of the people kind stays
        *(article(7 + i, "Lars Holm spoke.", persons=("Lars Holm",)) for i in range(2)),
        *(article(9 + i, "Holm said.", persons=("Holm",)) for i in range(4)),
        *(article(13 + i, "The firm Holm grew.", orgs=("Holm",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Vostokgaz": 7, "Holm": 2}
    assert counts(service, "person") == {"Lars Holm": 6}


def test_a_longer_name_not_shaped_like_a_persons_goes_the_same_way(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Leeds Rhinos beat Wigan.", persons=("Leeds Rhinos",)) for i in range(4)),
        article(4, "Leeds Rhinos have won again.", orgs=("Leeds Rhinos",)),
        *(article(5 + i, "For Leeds Rhinos.", orgs=("Leeds Rhinos",)) for i in range(2)),
        # a person's name (a given name two full names start) stays a person's
        *(article(7 + i, "Carwyn Pugh scored.", persons=("Carwyn Pugh",)) for i in range(4)),
        article(11, "Carwyn Pugh have it.", orgs=("Carwyn Pugh",)),
        *(article(12 + i, "For Carwyn Pugh.", orgs=("Carwyn Pugh",)) for i in range(2)),
        article(14, "Carwyn Lloyd too.", persons=("Carwyn Lloyd",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Leeds Rhinos": 7}
    assert counts(service, "person") == {"Carwyn Pugh": 7, "Carwyn Lloyd": 1}


def test_a_bracketed_short_form_that_begins_the_name_is_that_name(tmp_path):
    assert archive.acronym_definitions("its unit Vostokneftegaz (Vostok) was sold") == [
        ("Vostok", "Vostokneftegaz")]
    assert archive.acronym_definitions("Ann Hale (Hale) said, in Paris (AFP)") == []
    build_index(tmp_path, [
        article(0, "Its unit Vostokneftegaz (Vostok) was sold.", orgs=("Vostokneftegaz", "Vostok")),
        *(article(1 + i, "Vostok was sold.", orgs=("Vostok",)) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Vostok": 3}


def test_a_surname_two_people_share_is_hidden_when_neither_has_most_of_its_articles(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Gordon Brown spoke.", persons=("Gordon Brown",)) for i in range(3)),
        *(article(3 + i, "Wes Brown played.", persons=("Wes Brown",)) for i in range(2)),
        *(article(5 + i, "Brown said.", persons=("Brown",)) for i in range(5)),
    ])
    assert counts(SearchService(tmp_path), "person") == {"Gordon Brown": 3, "Wes Brown": 2}


def test_the_broadcasters_channels_and_stations_are_things_of_their_own(tmp_path):
    # "BBC *" gathers the BBC's news pages, not its channels and stations, each written two ways
    build_index(tmp_path, [
        article(0, "He told BBC Radio 4 and BBC News.", orgs=("BBC Radio 4", "BBC News")),
        article(1, "He told Radio 4.", orgs=("Radio 4",)),
        article(2, "On BBC1 and BBC One.", orgs=("BBC1", "BBC One")),
        article(3, "BBC Sport said.", orgs=("BBC Sport",)),
        article(4, "The BBC said.", orgs=("BBC",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"BBC Radio 4": 2, "BBC One": 1, "BBC": 3}


def test_a_prefixed_part_of_a_curated_name_does_not_name_the_whole(tmp_path):
    build_index(tmp_path, [
        *(article(i, "BBC Sport reported.", orgs=("BBC Sport",)) for i in range(3)),
        *(article(3 + i, "The BBC said.", orgs=("BBC",)) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"BBC": 5}


def test_a_place_nobody_knows_that_the_texts_write_as_a_word_is_no_place(tmp_path):
    build_index(tmp_path, [
        *(article(i, "He presented Supper with Jo.", places=("Supper",)) for i in range(2)),
        *(article(2 + i, f"They ate supper at six; supper was late {i}.") for i in range(6)),
        # a town the gazetteer knows keeps its name, however common the word
        article(8, "Talks in Split ended.", places=("Split",)),
        *(article(9 + i, f"The split widened {i}.") for i in range(4)),
    ])
    assert counts(SearchService(tmp_path), "place") == {"Split": 1}


def test_a_band_or_a_programme_the_phrases_name_is_no_organisation(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"The band Glass Orchard toured; Glass Orchard frontman Al Reyes sang {i}.",
                  orgs=("Glass Orchard",)) for i in range(2)),
        article(2, "Radio 4's Morning Desk and the chat show Morning Desk; Morning Desk viewers wrote.",
                orgs=("Morning Desk",)),
        article(3, "Glass Orchard's new album sold.", orgs=("Glass Orchard",)),
        article(4, "The Arden Group said in a statement it would appeal.", orgs=("Arden Group",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Arden Group": 1}


def test_a_word_only_ever_capitalised_by_its_place_in_a_sentence_is_no_name(tmp_path):
    build_index(tmp_path, [
        article(0, "Dividends rose. Investors cheered.", orgs=("Dividends",)),
        article(1, "Dividends fell. Quarnex said so.", orgs=("Dividends", "Quarnex")),
        *(article(2 + i, f"The dividends were paid {i}.") for i in range(2)),
        # written inside sentences, a name keeps its value however common the word
        *(article(4 + i, f"Shares of Quarnex and Harvest rose {i}.", orgs=("Harvest",)) for i in range(2)),
        article(6, "The harvest was poor."),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Quarnex": 1, "Harvest": 2}


def test_a_surname_a_full_name_dominates_is_not_voted_into_an_organisation(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Bill Clinton spoke.", persons=("Bill Clinton",)) for i in range(4)),
        *(article(4 + i, "Clinton said so.", persons=("Clinton",)) for i in range(2)),
        *(article(6 + i, "Clinton aides met.", orgs=("Clinton",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Bill Clinton": 9}
    assert counts(service, "org") == {}


def test_an_acronym_defined_beside_a_name_taken_for_a_person_is_no_person(tmp_path):
    build_index(tmp_path, [
        article(0, "Mad cow disease, Bovine Spongiform Encephalopathy (BSE), spread.",
                persons=("Bovine Spongiform Encephalopathy",), orgs=("BSE",)),
        *(article(1 + i, "BSE spread.", orgs=("BSE",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"BSE": 3}


def test_an_initial_or_a_newspapers_article_is_no_given_name(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"S. Waugh and S. Law {i}.", persons=("S. Waugh", "S. Law")) for i in range(2)),
        *(article(2 + i, "S. Korea won.", places=("S. Korea",)) for i in range(2)),
        *(article(4 + i, "La Corse and La Jornada said.", persons=("La Corse", "La Jornada")) for i in range(2)),
        *(article(6 + i, "La Nacion, La Voie and La Stampa said.", orgs=("La Nacion", "La Voie", "La Stampa"))
          for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert "S. Korea" not in counts(service, "person")
    assert {"La Nacion", "La Voie", "La Stampa"} <= set(counts(service, "org"))


def test_a_given_name_the_texts_write_as_a_word_stays_a_person(tmp_path):
    build_index(tmp_path, [
        article(0, "Mark scored twice.", persons=("Mark",)),
        *(article(1 + i, "The mark of the year was a mark to remember.") for i in range(3)),
        *(article(4 + i, "The budget is set. Budget day.", orgs=("Budget",)) for i in range(2)),
        *(article(6 + i, "A budget of the budget.") for i in range(6)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Mark": 1}
    assert counts(service, "org") == {}


def test_a_one_word_name_nothing_makes_a_person_leaves_the_people_kind_without_a_clear_vote(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Wessexshire 240 all out.", persons=("Wessexshire",)) for i in range(3)),
        *(article(3 + i, "Wessexshire beat Kent.", orgs=("Wessexshire",)) for i in range(4)),
        *(article(7 + i, "Rain fell on Wessexshire.", places=("Wessexshire",)) for i in range(3)),
        # a given name stays a person
        *(article(10 + i, "Nathan played.", persons=("Nathan",)) for i in range(3)),
        *(article(13 + i, "Nathan beat Kent.", orgs=("Nathan",)) for i in range(4)),
        *(article(17 + i, "Rain fell on Nathan.", places=("Nathan",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert "Wessexshire" not in counts(service, "person")
    assert counts(service, "org")["Wessexshire"] == 10     # its place articles too: nothing says place
    assert counts(service, "person")["Nathan"] == 3


def test_an_institution_now_and_then_in_a_locative_phrase_stays_an_organisation(tmp_path):
    build_index(tmp_path, [
        *(article(i, "MPs voted in Storting; the Storting agreed, the Storting rose and the Storting sat.",
                  orgs=("Storting",)) for i in range(6)),
        *(article(6 + i, "Fans came to Ashgrove Park. They sang at Ashgrove Park.", orgs=("Ashgrove Park",))
          for i in range(3)),
        # an employer, not a place: "analysts at Goldman Sachs"
        *(article(9 + i, "Analysts at Brenholt Securities said so; dealers at Brenholt Securities agreed.",
                  orgs=("Brenholt Securities",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Storting": 6, "Brenholt Securities": 2}
    assert counts(service, "place") == {"Ashgrove Park": 3}


def test_a_one_word_name_folds_into_the_dominant_of_name_it_ends_unless_the_texts_write_it_as_a_word(tmp_path):
    build_index(tmp_path, [
        # the short form alone in more articles than the long one, never beside it
        *(article(i, f"The Hall of Varns met {i}.", orgs=("Hall of Varns",)) for i in range(3)),
        *(article(3 + i, f"The Varns voted again {i}.", orgs=("Varns",)) for i in range(4)),
        article(7, "Talks in Varns ended.", places=("Varns",)),    # a stray place article goes with the vote
        # a complement the texts write as a common noun names no one court: left alone
        *(article(8 + i, f"The Court of Pleas sat {i}.", orgs=("Court of Pleas",)) for i in range(3)),
        *(article(11 + i, f"The Pleas office shut; pleas were heard {i}.", orgs=("Pleas",)) for i in range(4)),
        # a head word after its modifier names others of its sort ("European Parliament"): left alone
        *(article(15 + i, f"The Oster Senate met {i}.", orgs=("Oster Senate",)) for i in range(3)),
        *(article(18 + i, f"The Senate voted {i}.", orgs=("Senate",)) for i in range(4)),
        # two "of" names end in it, neither dominating: left alone
        *(article(22 + i, f"The Bank of Tarns lent {i}.", orgs=("Bank of Tarns",)) for i in range(2)),
        *(article(24 + i, f"The Guild of Tarns met {i}.", orgs=("Guild of Tarns",)) for i in range(2)),
        *(article(26 + i, f"The Tarns said {i}.", orgs=("Tarns",)) for i in range(2)),
    ])
    found = counts(SearchService(tmp_path), "org")
    assert found["Hall of Varns"] == 8 and "Varns" not in found
    assert found["Pleas"] == 4 and found["Court of Pleas"] == 3
    assert found["Senate"] == 4 and found["Oster Senate"] == 3
    assert found["Tarns"] == 2


def test_a_known_place_whose_own_mentions_say_company_by_a_clear_margin_is_that_company(tmp_path):
    build_index(tmp_path, [
        # the region's name given to a company's mentions: the gazetteer's prior does not outvote them
        *(article(i, f"Sahara said profits rose; Sahara's shares gained and Sahara shareholders cheered {i}.",
                  places=("Sahara",)) for i in range(4)),
        article(4, "Sahara reported sales.", places=("Sahara",)),
        # a city whose mentions say place, or say the company only now and then, stays a place
        *(article(5 + i, f"Talks in Tampere ended; the summit in Tampere closed {i}.", places=("Tampere",))
          for i in range(4)),
        article(9, "Tampere said it would grow.", places=("Tampere",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Sahara": 5}
    assert counts(service, "place") == {"Tampere": 5}


def test_films_and_programmes_the_phrases_of_awards_casts_and_channels_name_are_no_organisations(tmp_path):
    build_index(tmp_path, [
        article(0, "Anna Lind won an Oscar for Harbour Lights; the Harbour Lights premiere drew crowds.",
                orgs=("Harbour Lights",)),
        article(1, "Harbour Lights, starring Anna Lind, opened; nominations for Harbour Lights followed.",
                orgs=("Harbour Lights",)),
        article(2, "The BBC comedy Tin Street returned; Tin Street co-star Ed Moss spoke of the Tin Street DVD.",
                orgs=("Tin Street",)),
        article(3, "The Arden Group said in a statement it would appeal.", orgs=("Arden Group",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Arden Group": 1}


def test_an_album_of_the_awards_and_an_event_of_its_organisers_are_no_organisations(tmp_path):
    build_index(tmp_path, [
        article(0, "Ray Dunn won best album for Lanterns, while their respective albums Lanterns and "
                   "Blue Hours topped charts.", orgs=("Lanterns",)),
        article(1, "The best R&B album for Lanterns went to Ray Dunn.", orgs=("Lanterns",)),
        article(2, "Tickets for this year's Moorfield festival sold out; Moorfield organisers said the "
                   "Moorfield film festival opens in June.", orgs=("Moorfield",)),
        article(3, "The Zentra device plays films; the Zentra device sells, and every Zentra device ships.",
                orgs=("Zentra",)),
        article(4, "The Arden Group said in a statement it would appeal.", orgs=("Arden Group",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Arden Group": 1}


def shortened(story, text: str, value: str):
    """``story`` with its last ``text`` a mention of the person ``value`` (the model's "Blair" of Tony Blair)."""
    start = story.body.rindex(text)
    return replace(story, mentions=story.mentions + (Mention(text, start, start + len(text), "person", value),))


def test_common_words_in_capitals_are_no_person_but_a_rare_surname_makes_one(tmp_path):
    words = "The burning bridge fell; a steel works and a silent river. They will see an amber glass, a crimson sky."
    build_index(tmp_path, [
        *(article(i, f"{words} Burning Bridge opened {i} weeks ago.", persons=("Burning Bridge",)) for i in range(2)),
        *(article(2 + i, f"{words} Steel Works cut {i} jobs.", persons=("Steel Works",)) for i in range(2)),
        article(4, f"{words} Steel Works Inc shares fell.", orgs=("Steel Works Inc",)),
        # a surname no text writes in lower case: a person, however common the first word
        *(article(5 + i, f"{words} Silent Ravelli spoke {i} times.", persons=("Silent Ravelli",)) for i in range(2)),
        # one article's person of common words makes no person of an organisation's others
        article(7, f"{words} River Bridge ruled.", persons=("River Bridge",)),
        *(article(8 + i, f"{words} River Bridge ruled {i} times.", orgs=("River Bridge",)) for i in range(3)),
        # a given name that is a word too, a person's phrase, a surname written alone: a person
        article(11, f"{words} Will Bridge sang.", persons=("Will Bridge",)),
        article(12, f"{words} The actor Bridge Works sang; actor Bridge Works bowed.", persons=("Bridge Works",)),
        shortened(article(13, f"{words} Fell River sang, and later River bowed.", persons=("Fell River",)),
                  "River", "Fell River"),
        # a first name two of the archive's full names start with; a surname few texts write in lower case
        article(14, f"{words} Amber Glass sang.", persons=("Amber Glass",)),
        article(15, f"{words} Amber Tzorf sang.", persons=("Amber Tzorf",)),
        article(16, f"{words} Crimson Quill sang of a quill.", persons=("Crimson Quill",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Silent Ravelli": 2, "Bridge Works": 1, "Fell River": 1,
                                         "Will Bridge": 1, "Amber Glass": 1, "Amber Tzorf": 1, "Crimson Quill": 1}
    assert counts(service, "org") == {"Steel Works": 3, "River Bridge": 4}


def test_a_role_word_the_model_ran_into_a_persons_name_is_cut(tmp_path):
    build_index(tmp_path, [
        article(0, "Comedian Harry Vance hosts. The comedian joked.", persons=("Comedian Harry Vance",)),
        article(1, "Harry Vance spoke, said the comedian Harry Vance.", persons=("Harry Vance",)),
        # a role the model runs into a name in every article is cut as well (the texts write it
        # before a name in lower case: "the comedian Harry Vance"), a nickname is not
        *(article(2 + i, f"Comedian Jack Dee joked {i} times.", persons=("Comedian Jack Dee",)) for i in range(2)),
        *(article(9 + i, f"Sugar Jack Dent boxed {i} rounds for sugar.", persons=("Sugar Jack Dent",)) for i in range(2)),
        # a particle of the name, an initial, a word no text writes in lower case, or no given name
        # after the word: the name as written
        article(4, "Ibn Harry Aziz spoke. An ibn of the tribe.", persons=("Ibn Harry Aziz",)),
        article(5, "J. Harry Lyons spoke.", persons=("J. Harry Lyons",)),
        article(6, "Zorbo Harry Vance spoke.", persons=("Zorbo Harry Vance",)),
        article(7, "Comedian Vance Harold spoke.", persons=("Comedian Vance Harold",)),
        article(8, "MEP Harry Vance voted.", persons=("MEP Harry Vance",)),    # a role's acronym
        # one article's sentence-first word: an accident, whatever the word
        article(11, "It rained; nevertheless it ended. Nevertheless Harry Vance ran.",
                persons=("Nevertheless Harry Vance",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Harry Vance": 4, "Jack Dee": 2, "Ibn Harry Aziz": 1, "J. Harry Lyons": 1,
                                         "Zorbo Harry Vance": 1, "Comedian Vance Harold": 1, "Sugar Jack Dent": 2}
    assert total(service, person="Harry Vance") == 4


def test_a_word_a_phrase_calls_a_work_now_and_then_is_still_a_word(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"MPs met in the Chamber; the Chamber voted {i}.", orgs=("Chamber",)) for i in range(3)),
        article(3, "Chamber, starring Jo Bell, aired.", orgs=("Chamber",)),
        *(article(4 + i, f"The chamber was full; a chamber of this size, the chamber and the chamber {i}.")
          for i in range(12)),
    ])
    assert counts(SearchService(tmp_path), "org") == {}


def test_a_known_place_the_archive_also_names_by_a_companys_web_address_is_that_company(tmp_path):
    build_index(tmp_path, [
        # the region's name in articles that never place it, beside the company's address
        *(article(i, f"Siberia cut prices; buyers liked Siberia and Siberia grew {i}.", places=("Siberia",))
          for i in range(3)),
        *(article(3 + i, f"Shoppers used Siberia.com this year {i}.", orgs=("Siberia.com",)) for i in range(2)),
        # a place its mentions place stays one beside a company named after it
        *(article(5 + i, f"Snow fell in Sahara and in Sahara again {i}.", places=("Sahara",)) for i in range(3)),
        article(8, "Sahara Inc grew.", orgs=("Sahara Inc",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Siberia": 5, "Sahara Inc": 1}
    assert counts(service, "place") == {"Sahara": 3}


def test_a_band_named_like_a_person_is_no_person_but_a_singer_with_albums_is(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"The band Peter Halvard played; Peter Halvard frontman Al Reyes sang {i}.",
                  persons=("Peter Halvard",)) for i in range(2)),
        article(2, "Peter Halvard guitarist Ben Ash left.", persons=("Peter Halvard",)),
        *(article(3 + i, f"Singer Anna Lind released Anna Lind's new album; Anna Lind's album and Anna Lind's album {i}.",
                  persons=("Anna Lind",)) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "person") == {"Anna Lind": 2}


def test_an_acronym_the_texts_define_by_lower_case_words_is_a_common_noun(tmp_path):
    assert archive.acronym_definitions(
        "A member of the European Parliament (MEP) said digital rights management (DRM) and the "
        "Office for National Statistics (ONS) agree, as do plans under new (UN) rules.") == [
        ("MEP", "member of the European Parliament"), ("DRM", "digital rights management"),
        ("ONS", "Office for National Statistics")]
    build_index(tmp_path, [
        article(0, "Sales of liquid natural gas (LNG) rose.", orgs=("LNG",)),
        article(1, "LNG tankers sailed.", orgs=("LNG",)),
        article(2, "The Office for National Statistics (ONS) said.", orgs=("Office for National Statistics",)),
        article(3, "The ONS said.", orgs=("ONS",)),
        # a name the texts define once in lower case and twice as a name stays a name
        article(4, "The Quarnex Power Company (QPC) said.", orgs=("QPC",)),
        article(5, "The Quarnex Power Company (QPC) rose.", orgs=("QPC",)),
        article(6, "Its quarterly profit check (QPC) fell.", orgs=("QPC",)),
        # the same words a headline or a writer capitalises are the same common noun
        article(7, "Liquid Natural Gas prices rose.", orgs=("Liquid Natural Gas",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Office for National Statistics": 2, "QPC": 3}


def test_a_place_no_phrase_calls_one_ending_in_a_surname_of_the_archive_is_a_person(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Selection: Gethin Jenkins has the upper hand.", places=("Gethin Jenkins",)) for i in range(3)),
        article(3, "Katherine Jenkins sang.", persons=("Katherine Jenkins",)),
        # a venue, a region and a place its texts put "in" keep their kind whatever people share the word
        *(article(4 + i, "Carrow Road was full.", places=("Carrow Road",)) for i in range(2)),
        article(6, "Delia Road was there.", persons=("Delia Road",)),
        article(7, "The South East voted.", places=("South East",)),
        article(8, "Grace East spoke.", persons=("Grace East",)),
        *(article(9 + i, "Lorries in Tolworth Hills and in Tolworth Hills.", places=("Tolworth Hills",))
          for i in range(2)),
        article(11, "Harry Hills ran.", persons=("Harry Hills",)),
        # an organisation named after people stays one
        article(12, "Goldman Sachs rose.", orgs=("Goldman Sachs",)),
        article(13, "Jeffrey Sachs spoke.", persons=("Jeffrey Sachs",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person")["Gethin Jenkins"] == 3
    assert counts(service, "place") == {"Carrow Road": 2, "South East": 1, "Tolworth Hills": 2}
    assert counts(service, "org") == {"Goldman Sachs": 1}


def test_a_name_after_a_capitalised_the_inside_sentences_is_a_title_but_a_newspaper_is_told_things(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"Leigh's The Lantern won {i} awards, and critics said The Lantern was bold.",
                  orgs=("Lantern",)) for i in range(2)),
        article(2, "The Lantern opened. Fans of The Lantern queued.", orgs=("Lantern",)),
        # "The" opening a sentence or a quotation says nothing: an institution stays
        *(article(3 + i, f'The Arden Group said {i}. He said: "The Arden Group will appeal." The Arden Group agreed.',
                  orgs=("Arden Group",)) for i in range(3)),
        *(article(6 + i, f"Mr Hale told The Courier {i} he would go; The Courier newspaper ran it.",
                  orgs=("Courier",)) for i in range(3)),
        # a longer name after "The" may be a paper's: no vote ("reported by The Daily Ledger")
        *(article(9 + i, f"It was reported by The Daily Ledger {i}; critics of The Daily Ledger agreed.",
                  orgs=("Daily Ledger",)) for i in range(3)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Arden Group": 3, "Courier": 3, "Daily Ledger": 3}


def test_a_longer_name_after_a_titles_the_is_a_work_unless_a_paper_or_a_firm_ends_in_its_words(tmp_path):
    build_index(tmp_path, [
        # a film's and a band's names, tagged an organisation and a person
        *(article(i, f"Leigh's The Paper Lanterns took {i} prizes; fans of The Paper Lanterns cheered.",
                  orgs=("Paper Lanterns",)) for i in range(2)),
        article(2, "Critics said The Paper Lanterns was long.", orgs=("Paper Lanterns",)),
        *(article(3 + i, f"Tickets for The Velvet Hours sold {i} times; the singer of The Velvet Hours left.",
                  places=("Velvet Hours",)) for i in range(3)),
        # an institution's and a paper's names keep their "The" too
        *(article(6 + i, f"Economists of The Harbour Institution said {i}; The Harbour Institution agreed.",
                  orgs=("Harbour Institution",)) for i in range(3)),
        *(article(9 + i, f"Writing in The Sunday Ledger {i}, critics of The Sunday Ledger agreed.",
                  orgs=("Sunday Ledger",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Harbour Institution": 3, "Sunday Ledger": 3}
    assert counts(service, "place") == {}


def test_titled_reads_the_capital_of_the_inside_a_sentence_only():
    from searchapp.entities.evidence import titled

    def at(text, name):
        return titled(text, text.index(name))

    assert at("Scorsese's The Aviator won.", "Aviator")
    assert at("U2 (The Edge, guitar) played.", "Edge")
    assert not at("The Aviator won.", "Aviator")
    assert not at('He said. "The Home Office agreed."', "Home Office")
    assert not at("It ended.\nThe Home Office agreed.", "Home Office")
    assert not at("Scorsese's the Aviator won.", "Aviator")


def test_initials_in_capitals_are_no_given_name_that_makes_a_bank_a_person(tmp_path):
    build_index(tmp_path, [
        article(0, "Tycoon JP McManus bought shares.", persons=("JP McManus",)),
        article(1, "Trainer JP Walsh won.", persons=("JP Walsh",)),
        *(article(2 + i, f"JP Morgan advised the club {i}.", orgs=("JP Morgan",)) for i in range(3)),
    ])
    got = counts(SearchService(tmp_path), "org")
    assert got == {"JP Morgan": 3}


def test_a_film_its_maker_wrote_and_a_technology_phones_send_are_no_place_nor_organisation(tmp_path):
    build_index(tmp_path, [
        article(0, "Zach Hale won for Harbour Lane, which he wrote, directed and starred in.",
                places=("Harbour Lane",)),
        article(1, "He was seen in Harbour Lane, which he also directed, after his debut Harbour Lane.",
                places=("Harbour Lane",)),
        article(2, "Phones sending QMX stall; QMX messages cost more than QMX technology should.",
                orgs=("QMX",)),
        article(3, "Prices of VXD television sets fell; VXD TVs sold while Ormet said VXD TV sets did not.",
                orgs=("VXD", "Ormet")),
        article(4, "He lives in Harbourside and works in Harbourside.", places=("Harbourside",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Harbourside": 1}
    assert counts(service, "org") == {"Ormet": 1}


def test_an_event_its_organisers_and_festival_name_is_no_organisation_whatever_happens_at_it(tmp_path):
    build_index(tmp_path, [
        article(0, "Crowds at Moorbury cheered; this year's Moorbury festival sold out.", orgs=("Moorbury",)),
        article(1, "Guests were Jane Reed, Moorbury organiser Emily Eavis and Tom Hart.", orgs=("Moorbury",)),
        article(2, "Bands played at Moorbury, and the Moorbury festival closed.", orgs=("Moorbury",)),
        # a firm people work at, with one product's phrase, is still a firm
        article(3, "Analysts say staff at Vantor left; Vantor devices sold and staff at Vantor stayed.",
                orgs=("Vantor",)),
        # a verb after a list is the list's: no vote for its last name ("Kenteris and Thanou have")
        article(4, "Ardley and Moorbury festival goers came, and Ardley works at Ardley Road.", orgs=("Ardley",)),
        # a place a film is named after keeps its "at X": only an event's phrases take it
        *(article(5 + i, "Fighting at Kestrova went on; the film Kestrova showed it.", places=("Kestrova",))
          for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Vantor": 1, "Ardley": 1}
    assert counts(service, "place") == {"Kestrova": 3}


def test_an_event_the_model_named_with_its_festival_is_no_organisation_but_its_sponsor_is(tmp_path):
    build_index(tmp_path, [
        article(0, "Films debut at Kelbury; crowds at Kelbury grew and stars came to Kelbury.", orgs=("Kelbury",)),
        article(1, "The Kelbury Film Festival opened in the hills; the Kelbury festival closed.",
                orgs=("Kelbury Film Festival", "Kelbury")),
        article(2, "Judges at the Kelbury Film Festival chose well.", orgs=("Kelbury Film Festival",)),
        article(3, "Shares in Dunmore rose; shares in Dunmore fell, and shares in Dunmore paid for the "
                   "Dunmore Film Festival.", orgs=("Dunmore", "Dunmore Film Festival")),
        article(4, "The Dunmore Film Festival opened.", orgs=("Dunmore Film Festival",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Dunmore": 1}


def test_two_phrases_only_a_band_takes_hide_it_whatever_verb_follows_but_one_does_not(tmp_path):
    build_index(tmp_path, [
        article(0, "Rock band Quillers have cancelled the tour; a Quillers spokesman said so.", orgs=("Quillers",)),
        article(1, "Pop band Quillers played on. Later Quillers have left the stage.", orgs=("Quillers",)),
        article(2, "He saw the band Vireo play, and Vireo frontman Kurt Dale sang.", places=("Vireo",)),
        # a club's plural verbs are its own; one band's phrase is not enough
        article(3, "Club Dunford have won. Then Dunford have lost, and Dunford fans cheered.", orgs=("Dunford",)),
        article(4, "Rock band Orvell have split, Orvell said, and Orvell said more.", orgs=("Orvell",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Dunford": 1, "Orvell": 1}
    assert counts(service, "place") == {}


def test_an_acronym_written_beside_the_name_its_initials_spell_is_that_name(tmp_path):
    build_index(tmp_path, [
        *(article(i, "The Kelvin Trade Union met; KTU leaders spoke.", orgs=("Kelvin Trade Union", "KTU"))
          for i in range(2)),
        article(2, "KTU said no.", orgs=("KTU",)),
        # one article is no proof; two names spelling one acronym equally are no answer
        article(3, "Marlow Data Group and MDG.", orgs=("Marlow Data Group", "MDG")),
        article(4, "MDG grew.", orgs=("MDG",)),
        *(article(5 + i, f"Port Control Authority, Press Complaints Association, PCA {i}.",
                  orgs=("Port Control Authority", "Press Complaints Association", "PCA")) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "org") == {
        "KTU": 3, "MDG": 2, "Marlow Data Group": 1, "PCA": 2, "Port Control Authority": 2,
        "Press Complaints Association": 2}


def test_a_name_the_model_cut_from_the_word_its_acronym_spells_goes_with_the_acronym(tmp_path):
    build_index(tmp_path, [
        # "UK Independence Party", of which the model took "Independence Party", beside "UKIP"
        *(article(i, "Mr Lee quit the NZ Reform League; NZRL leaders spoke.", orgs=("Reform League", "NZRL"))
          for i in range(2)),
        article(2, "NZRL said no.", orgs=("NZRL",)),
        # one article is no proof
        article(3, "The Tyne Harbour Board and THB met.", orgs=("Harbour Board", "THB")),
        article(4, "THB grew.", orgs=("THB",)),
        # a name written alone in most of its mentions is its own
        *(article(5 + i, "Fans of Athletic Rovers (AR) sang.", orgs=("Rovers", "AR")) for i in range(2)),
        *(article(7 + i, "Rovers won.", orgs=("Rovers",)) for i in range(3)),
        # nor a name after a list's comma
        *(article(12 + i, "Holt, Nash Group (HNG) and Nash Group.", orgs=("Nash Group", "HNG")) for i in range(2)),
        # a name cut from two acronyms' words is neither's
        *(article(16 + i, "The NZ Trade Forum and NZTF met.", orgs=("Trade Forum", "NZTF")) for i in range(2)),
        *(article(18 + i, "The SA Trade Forum and SATF met.", orgs=("Trade Forum", "SATF")) for i in range(2)),
        # an acronym of another kind takes no place ("Athletics Kenya (AK)")
        *(article(10 + i, "Coaches of Athletics Kenya (AK) spoke.", places=("Kenya",), orgs=("AK",))
          for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"NZRL": 3, "THB": 2, "Harbour Board": 1, "AR": 2, "Rovers": 5, "AK": 2,
                                      "Nash Group": 2, "HNG": 2, "Trade Forum": 4, "NZTF": 2, "SATF": 2}
    assert counts(service, "place") == {"Kenya": 2}


def test_only_a_word_that_adds_letters_to_a_name_spells_its_acronym_with_it():
    body = "The ICC and the UK Reform League (UKRL) met."
    mentions = [(text, body.index(text), body.index(text) + len(text), "org", text)
                for text in ("ICC", "Reform League", "UKRL")]
    gatherer = evidence.Gatherer()
    gatherer.add(body, mentions, [m[4] for m in mentions])
    assert gatherer.found.cut_initials == {("UKRL", "Reform League"): 1}


def test_a_known_place_the_model_took_for_a_person_is_the_place_unless_a_given_name(tmp_path):
    build_index(tmp_path, [
        article(0, "Voters in Kent spoke.", persons=("Kent",)),
        *(article(1 + i, "Farms in Kent grew.", places=("Kent",)) for i in range(3)),
        # a given name the gazetteer knows as a town stays the person the article named
        article(4, "He lived in Elizabeth then.", persons=("Elizabeth",)),
        *(article(5 + i, "Homes in Elizabeth sold.", places=("Elizabeth",)) for i in range(3)),
        # and so does one a phrase calls a person
        article(8, "Mr Dover met voters in Dover.", persons=("Dover",)),
        *(article(9 + i, "Ferries in Dover sailed.", places=("Dover",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"Elizabeth": 1, "Dover": 1}
    assert counts(service, "place") == {"Kent": 4, "Elizabeth": 3, "Dover": 3}


def test_a_firm_the_model_took_for_a_place_nothing_places_is_the_firm_but_a_river_is_not(tmp_path):
    build_index(tmp_path, [
        *(article(i, "Talks with Vornica went on; shares in Vornica rose.", places=("Vornica",)) for i in range(2)),
        article(2, "Vornica cut jobs.", places=("Vornica",)),
        # written after "the" like a river or a sea; and a place a phrase places
        article(3, "Barges on the Kelvara sank; Kelvara boss Tim Hale spoke.", places=("Kelvara",)),
        *(article(4 + i, "Barges on the Kelvara sank.", places=("Kelvara",)) for i in range(2)),
        article(6, "Shares in Dunrovia fell; they live in Dunrovia.", places=("Dunrovia",)),
        *(article(7 + i, "Then Dunrovia grew and Dunrovia spent.", places=("Dunrovia",)) for i in range(2)),
        # nor is a longer name (a firm is rarely two words nobody knows), nor one the gazetteer knows
        article(9, "Talks with Marrow Vale; shares in Marrow Vale rose.", places=("Marrow Vale",)),
        *(article(10 + i, "Then Marrow Vale grew and Marrow Vale spent.", places=("Marrow Vale",)) for i in range(2)),
        article(12, "Then Zaragoza grew; shares in Zaragoza rose, Zaragoza spent and Zaragoza won.",
                places=("Zaragoza",)),
        *(article(13 + i, "Then Zaragoza grew, Zaragoza spent, Zaragoza won and Zaragoza lost.", places=("Zaragoza",))
          for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Kelvara": 3, "Dunrovia": 3, "Marrow Vale": 3, "Zaragoza": 3}
    assert counts(service, "org") == {"Vornica": 3}


def test_a_gadget_the_model_took_for_a_place_that_only_works_phrases_name_is_no_place(tmp_path):
    build_index(tmp_path, [
        # a maker's phrase as often as the work's, the "the" of a work
        article(0, "Buyers liked the Zoltrix device; companies Zoltrix and Vantor sold; the Zoltrix sold well.",
                places=("Zoltrix",)),
        *(article(1 + i, "Buyers liked the Zoltrix.", places=("Zoltrix",)) for i in range(2)),
        # a place one phrase places keeps its work phrase's vote from moving it
        article(3, "Buyers liked the Pellavo system; they live in Pellavo.", places=("Pellavo",)),
        *(article(4 + i, "Then Pellavo grew.", places=("Pellavo",)) for i in range(2)),
        # nor does a firm's phrase beside the work's hide it
        article(6, "The Quarbix device sold; shares in Quarbix rose.", places=("Quarbix",)),
        *(article(7 + i, "Then Quarbix grew.", places=("Quarbix",)) for i in range(2)),
        # nor a place the gazetteer knows, however often its articles write it
        article(9, "Buyers liked the Zaragoza system.", places=("Zaragoza",)),
        *(article(10 + i, "Then Zaragoza grew, Zaragoza spent, Zaragoza won, Zaragoza lost, Zaragoza sold and "
                          "Zaragoza bought.", places=("Zaragoza",)) for i in range(2)),
        # nor a town named by its festival ("X festival", "X organisers": an event's phrases)
        article(15, "Fans love the Kelbury festival; Kelbury organisers agreed.", places=("Kelbury",)),
        *(article(16 + i, f"Then Kelbury grew {i} times.", places=("Kelbury",)) for i in range(2)),
        # nor a longer name
        article(12, "Buyers liked the Marrow Vale device.", places=("Marrow Vale",)),
        *(article(13 + i, "Then Marrow Vale grew.", places=("Marrow Vale",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Pellavo": 3, "Zaragoza": 3, "Marrow Vale": 3, "Kelbury": 3}
    assert counts(service, "org") == {"Quarbix": 3}


def test_a_name_written_as_a_thing_one_counts_is_a_work_and_so_is_its_plural(tmp_path):
    reader = evidence.MentionReader(tables.contexts())

    def read(text: str, name: str):
        start = text.index(name)
        return reader.read(text, start, start + len(name))[0]

    # an article, a superlative or an ordinal before it, and no noun after it
    for text in ("It's just a Zorvex, but fine.", "the newest and most affordable Zorvex ever.",
                 "Fans paid for a Zorvex.", "He was made an Zorvex in 2001.", "the first Zorvex\" made"):
        assert read(text, "Zorvex") == "work", text
    # a modifier before a noun, a place before its state, a list's next name, an organisation's
    # words, "most of X", a capitalised "A" (an initial in a line-up)
    for text, name in (("a Zorvex deal fell", "Zorvex"), ("a Dorlan, Texas, firm", "Dorlan"),
                       ("a Zorvex and Vantor show", "Zorvex"), ("told a Keld Budget Committee in May", "Keld Budget Committee"),
                       ("most of Zorvex.", "Zorvex"), ("A Zorvex, D Bell", "Zorvex"),
                       # an apposition, an adverb, a comparison, a hyphen's word, an abbreviation's dot
                       ("Byrd, a Zorvex, said", "Zorvex"), ("firms, most notably Zorvex, agreed", "Zorvex"),
                       ("At last Zorvex, the bank, agreed", "Zorvex"), ("the first Zorvex in China", "Zorvex"),
                       ("could be another Zorvex.", "Zorvex"), ("lost an Zorvex by-election", "Zorvex"),
                       ("the first Z.V. Night session", "Z.V")):
        assert read(text, name) != "work", text
    build_index(tmp_path, [
        article(0, "It's just a Zorvex, but fine.", orgs=("Zorvex",)),
        article(1, "It is the newest and most affordable Zorvex ever.", orgs=("Zorvex",)),
        article(2, "Fans paid for a Zorvex.", orgs=("Zorvex", "Vantor")),
        article(3, "Zorvexs sold.", orgs=("Zorvexs",)),
        # a modifier's name is no count: it and its plural stay one organisation
        *(article(4 + i, "A spokesman for a Vantor unit said Vantor would grow.", orgs=("Vantor",)) for i in range(2)),
        article(6, "Vantors sold.", orgs=("Vantors",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Vantor": 4}


def test_an_organisation_written_after_the_country_its_bare_name_is_of_is_one_organisation(tmp_path):
    build_index(tmp_path, [
        # the bare name's articles name Norway far more often than any other country
        *(article(i, f"The Treasury said prices in Norway rose {i} points.", orgs=("Treasury",),
                  places=("Norway",)) for i in range(3)),
        article(3, "The Treasury spoke of Norway and Sweden.", orgs=("Treasury",), places=("Norway", "Sweden")),
        *(article(4 + i, f"The Norway Treasury said so {i} times.", orgs=("Norway Treasury",), places=("Norway",))
          for i in range(2)),
        # another country's is another organisation
        article(6, "The Sweden Treasury said so.", orgs=("Sweden Treasury",), places=("Sweden",)),
        # a bare name whose articles name two countries alike is of neither
        *(article(7 + i, "The Court of Appeal ruled in Norway and Sweden.", orgs=("Court of Appeal",),
                  places=("Norway", "Sweden")) for i in range(2)),
        article(9, "The Court of Appeal ruled in Norway.", orgs=("Court of Appeal",), places=("Norway",)),
        article(10, "The Norway Court of Appeal ruled.", orgs=("Norway Court of Appeal",), places=("Norway",)),
        # nor is one article naming the country enough
        article(15, "The Coast Guard sailed off Norway.", orgs=("Coast Guard",), places=("Norway",)),
        article(16, "The Norway Coast Guard sailed.", orgs=("Norway Coast Guard",), places=("Norway",)),
        # a US state's name is no country's, however its datelines write it
        *(article(17 + i, f"The Supreme Court ruled {i} times.", orgs=("Supreme Court",), places=("Georgia",))
          for i in range(3)),
        article(20, "The Georgia Supreme Court ruled.", orgs=("Georgia Supreme Court",), places=("Georgia",)),
        # a firm's word alone ends any country's names
        *(article(11 + i, "Bancorp rose in Norway.", orgs=("Bancorp",), places=("Norway",)) for i in range(3)),
        article(14, "Norway Bancorp rose.", orgs=("Norway Bancorp",), places=("Norway",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Treasury": 6, "Sweden Treasury": 1, "Court of Appeal": 3,
                                      "Norway Court of Appeal": 1, "Bancorp": 3, "Norway Bancorp": 1,
                                      "Coast Guard": 1, "Norway Coast Guard": 1, "Supreme Court": 3,
                                      "Georgia Supreme Court": 1}
    assert total(service, org="Norway Treasury") == total(service, org="Treasury") == 6


def test_a_full_name_with_a_short_form_of_its_given_name_is_the_same_person(tmp_path):
    people = [("Bob Dole", 1), ("Robert Dole", 3), ("Steve Jones", 1), ("Stephen Jones", 3),
              *((f"{first} Jones", 1) for first in ("Amy", "Carl", "Dora", "Ewan")),
              ("Jim Morrison", 1), ("James Morrison", 1), ("Toni Morrison", 1), ("Jack Reed", 1), ("John Reed", 3),
              # a surname no other person of the archive has: one person whatever the counts,
              # shown by the given name on a tie
              ("Vince Cable", 3), ("Vincent Cable", 2), ("Mike Connery", 1), ("Michael Connery", 1)]
    build_index(tmp_path, [article(i * 10 + j, f"{name} spoke on day {j}.", persons=(name,))
                           for i, (name, n) in enumerate(people) for j in range(n)])
    found = counts(SearchService(tmp_path), "person")
    assert found["Robert Dole"] == 4 and "Bob Dole" not in found
    # a surname many people of the archive share, a close count, no short form of the table
    assert found["Steve Jones"] == 1 and found["Stephen Jones"] == 3
    assert found["Jim Morrison"] == found["James Morrison"] == 1
    assert found["Jack Reed"] == 1 and found["John Reed"] == 3
    assert found["Vince Cable"] == 5 and "Vincent Cable" not in found
    assert found["Michael Connery"] == 2 and "Mike Connery" not in found


def test_a_party_the_model_ran_into_a_persons_name_is_cut(tmp_path):
    build_index(tmp_path, [
        article(0, "Tory Liam Fox said so.", persons=("Tory Liam Fox",)),
        article(1, "Lib Dem MP Sarah Teather and Lib Dem Jan Orrell spoke.",
                persons=("Lib Dem MP Sarah Teather", "Lib Dem Jan Orrell")),
        article(2, "Jan Orrell and Liam Fox agreed.", persons=("Jan Orrell", "Liam Fox")),
        # any class that is never a person is cut so ("Grammy", an award), but not a given name
        # ("Oscar" is one too), nor an initial after the party ("S."), nor a party before no name
        article(3, "Grammy Sarah Cole, Oscar Sarah Cole, Tory S. Wyatt Jr and Tory Treasurer Lord spoke.",
                persons=("Grammy Sarah Cole", "Oscar Sarah Cole", "Tory S. Wyatt Jr", "Tory Treasurer Lord")),
    ])
    assert counts(SearchService(tmp_path), "person") == {
        "Liam Fox": 2, "Sarah Teather": 1, "Jan Orrell": 2, "Sarah Cole": 1, "Oscar Sarah Cole": 1,
        "Tory S. Wyatt Jr": 1, "Tory Treasurer Lord": 1}


def test_a_party_whose_first_word_is_a_given_name_is_never_made_a_person(tmp_path):
    build_index(tmp_path, [
        *(article(i, "The Christian Democrats won; Christian Jones lost.",
                  orgs=("Christian Democrats",), persons=("Christian Jones",)) for i in range(3)),
        article(3, "Christian Bale and Christian Democrats.", persons=("Christian Democrats", "Christian Bale")),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {"Christian Democrats": 4}
    assert counts(service, "person") == {"Christian Jones": 3, "Christian Bale": 1}


def test_the_verbs_a_noun_before_a_name_outsays_are_phrases_of_the_contexts_table():
    # evidence.VERBS names the plural verbs of data/contexts.txt: a line removed there must go here
    after = tables.contexts().after
    assert evidence.VERBS <= set(after)
    assert not {after[verb] for verb in evidence.VERBS} & evidence.LOCATIVE_KINDS


def test_the_phrase_that_types_a_mention_and_what_the_pass_counts_of_it():
    reader = evidence.MentionReader(tables.contexts())

    def read(text: str, name: str):
        start = text.index(name)
        return reader.read(text, start, start + len(name))

    # a town's streets and outskirts ("bound for X" is a player's transfer as often)
    assert read("Ronaldinho is bound for Barcelona, his agent said", "Barcelona") == (None, "")
    assert read("farmers marched through the streets of Hanover", "Hanover") == ("place", "the streets of")
    # a verb after a list is the list's; a noun titling the name after it is the name's own
    assert read("Ardley and Moorbury were Britain's best.", "Moorbury") == (None, "")
    assert read("Fearne Cotton, Glastonbury organiser Emily Eavis", "Glastonbury") == ("event", " organiser")
    # a noun before the name outsays a verb after it, a locative does not
    assert read("US rock band Quillers have left", "Quillers") == ("band", "rock band")
    # a genre's group is a band's phrase, longer than an organisation's "group X"
    assert read("London indie group Quillers came second", "Quillers") == ("band", "indie group")
    assert read("the media group Vantor grew", "Vantor") == ("org", "group")
    assert read("Shares in Vantor have risen", "Vantor") == ("org", "Shares in")
    assert read("workers at Vantor have voted", "Vantor") == ("org", " have")


def test_a_plural_phrase_before_a_list_says_the_kind_of_every_name_in_it():
    gatherer = evidence.Gatherer()
    body = ("Hosts were presenters Ardley and Moorbury, while rival firms Vantor, Quill & Sons and "
            "Pexa sold. Analysts Tom Hale and Pexa spoke.")
    names = ("Ardley", "Moorbury", "Vantor", "Quill & Sons", "Pexa", "Tom Hale")
    mentions = []
    for name in names:
        start = body.index(name)
        mentions.append((name, start, start + len(name), "org", name))
    mentions.append(("Pexa", body.rindex("Pexa"), body.rindex("Pexa") + 4, "org", "Pexa"))
    gatherer.add(body, mentions, names)
    said = {value: dict(kinds) for value, kinds in gatherer.found.said.items()}
    # the plural of a role's noun ("presenter X", "firm X") before the first name, then each name
    # joined by a comma or "and"; no phrase carries past a word that is no joint ("Analysts Tom Hale")
    assert said == {"Ardley": {"person": 1}, "Moorbury": {"person": 1}, "Vantor": {"org": 1},
                    "Quill & Sons": {"org": 1}, "Pexa": {"org": 1}}
    # "and" ends the list; a plural before one name and a verb is no list ("the films X made")
    gatherer = evidence.Gatherer()
    body = "Work went to rival firms Vantor and Quill, Kalinske said. He loved the films Dellano made."
    names = ("Vantor", "Quill", "Kalinske", "Dellano")
    gatherer.add(body, [(n, body.index(n), body.index(n) + len(n), "person", n) for n in names], names)
    assert {value: dict(kinds) for value, kinds in gatherer.found.said.items()} == {
        "Vantor": {"org": 1}, "Quill": {"org": 1}}
    # the list goes on where the model missed its next name ("Dec" read as a month)
    gatherer = evidence.Gatherer()
    body = "It was a night for presenters Ardley and Dec, and for rival firms Vantor & Pexa."
    gatherer.add(body, [(n, body.index(n), body.index(n) + len(n), "org", n) for n in ("Ardley", "Vantor")],
                 ("Ardley", "Vantor"))
    assert {value: dict(kinds) for value, kinds in gatherer.found.said.items()} == {
        "Ardley": {"person": 1}, "Vantor": {"org": 1}}
    read = archive._context_reader(tables.contexts())
    assert read("He hired lawyers Enron had used.") == [] and read("He hired lawyer Enron.") == [("Enron", "person")]


def test_the_plural_of_a_phrase_before_a_name_is_made_of_its_last_noun_only():
    assert tables._plural("firm") == "firms"
    assert tables._plural("rival company") == "rival companies"
    assert tables._plural("chairman") == "chairmen"
    assert tables._plural("coach") == "coaches"
    # a preposition, a determiner, a plural already, a participle: no noun to put in the plural
    assert [tables._plural(p) for p in ("shares in", "his debut", "tycoons", "sending", "the format called", "Mr")] \
        == [None] * 6
    table = tables.contexts()
    assert table.before["presenters"] == "person" and "presenters" in table.listing
    assert table.before["champions"] == "org" and "champions" not in table.listing   # the table writes it


def test_an_acronym_the_texts_hid_or_defined_keeps_off_the_names_its_initials_spell(tmp_path):
    build_index(tmp_path, [
        # "QM" is a thing the phrases call a technology (hidden): its name stays
        *(article(i, "Quarry Mills said so. QM systems sold. QM technology won.",
                  orgs=("Quarry Mills", "QM")) for i in range(2)),
        *(article(2 + i, "Quarry Mills grew.", orgs=("Quarry Mills",)) for i in range(3)),
        # a definition in the texts says which name an acronym is, not the names beside it
        article(5, "The Lomond Boat Club (LBC) met.", orgs=("Lomond Boat Club", "LBC")),
        *(article(6 + i, "Lewes Bowls Circle and LBC.", orgs=("Lewes Bowls Circle", "LBC")) for i in range(2)),
        # a word in capitals gives all its letters ("UKIP" of "UK Independence Party")
        *(article(8 + i, "UK Trade Forum, UKTF.", orgs=("UK Trade Forum", "UKTF")) for i in range(2)),
    ])
    assert counts(SearchService(tmp_path), "org") == {
        "Quarry Mills": 5, "LBC": 3, "Lewes Bowls Circle": 2, "UK Trade Forum": 2}


def test_an_acronym_taken_for_a_person_is_no_place_the_gazetteer_lacks(tmp_path):
    build_index(tmp_path, [
        article(0, "Talks in QZR went on.", persons=("QZR",)),
        *(article(1 + i, "Farms in QZR grew.", places=("QZR",)) for i in range(3)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "person") == {"QZR": 1}


def test_one_bands_phrase_leaves_a_clubs_plural_verbs_their_vote(tmp_path):
    build_index(tmp_path, [
        article(0, "Rock band Tarrow played. The Tarrow album sold; a Tarrow album won.", orgs=("Tarrow",)),
        article(1, "Later Tarrow have signed, and Tarrow boss Ian Dale spoke.", orgs=("Tarrow",)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Tarrow": 2}


def test_two_phrases_that_agree_in_half_a_values_mentions_say_its_kind(tmp_path):
    # a small archive names a suburb seldom: "in X" in two of its three mentions says place
    build_index(tmp_path, [
        article(0, "Voters queued in Ombasi today.", orgs=("Ombasi",)),
        article(1, "Kits failed at centres in Ombasi.", orgs=("Ombasi",)),
        article(2, "Estates such as Ombasi get water.", orgs=("Ombasi",)),
        # not in fewer than half its mentions
        article(3, "Voters queued in Telvin today; then Telvin grew, Telvin spent and Telvin won.", orgs=("Telvin",)),
        article(4, "Kits failed in Telvin.", orgs=("Telvin",)),
        article(5, "Estates such as Telvin get water.", orgs=("Telvin",)),
        # a venue's "at X", a market's "turnover in X" say no place
        *(article(6 + i, "Fans met at Dorvale.", orgs=("Dorvale",)) for i in range(2)),
        article(8, "Estates such as Dorvale get water.", orgs=("Dorvale",)),
        *(article(9 + i, "Turnover in Larrow rose.", orgs=("Larrow",)) for i in range(2)),
        article(11, "Estates such as Larrow get water.", orgs=("Larrow",)),
        # a club's "X have" says no organisation, a singer's "X's album" no work
        *(article(12 + i, "Then Quen Tarvo have won.", persons=("Quen Tarvo",)) for i in range(2)),
        article(14, "Fans such as Quen Tarvo sang.", persons=("Quen Tarvo",)),
        *(article(15 + i, "Then Zeddo's album sold.", persons=("Zeddo",)) for i in range(2)),
        article(17, "Fans such as Zeddo sang.", persons=("Zeddo",)),
        # nor does a statement make a person the archive shortens an organisation
        *(shortened(article(18 + i, "Then Palle Rovsen spoke. Rovsen said in a statement he would stay.",
                            persons=("Palle Rovsen",)), "Rovsen", "Palle Rovsen") for i in range(2)),
        article(20, "Then Palle Rovsen left.", persons=("Palle Rovsen",)),
        # a work's noun after a name is its maker's or its firm's as often: no person is hidden,
        # nor a firm, by two of them
        article(21, "Fans bought the new Shakora album today.", persons=("Shakora",)),
        article(22, "A Shakora song topped the chart.", persons=("Shakora",)),
        article(23, "Phones use Qualtrix chips.", orgs=("Qualtrix",)),
        article(24, "A Qualtrix chip failed.", orgs=("Qualtrix",)),
        # a market's "rally in X" or "losses in X" is a place's too: it keeps its place votes
        *(article(25 + i, "US losses in Falludra rose; a rally in Falludra drew crowds.", places=("Falludra",))
          for i in range(5)),
        article(30, "Then Falludra grew.", orgs=("Falludra",)),
        # a person of one name is named by a firm's phrases as often ("interest in Adrianu")
        article(31, "Chelsea's interest in Adrianu cooled.", persons=("Adrianu",)),
        article(32, "Inter rejected a bid for Adrianu.", persons=("Adrianu",)),
        article(33, "Fans such as Adrianu sang.", persons=("Adrianu",)),
        # a work's "in X" is a constituency's or a party's as often
        *(article(34 + i, "The party's performance in Lester Sud was poor.", places=("Lester Sud",))
          for i in range(2)),
        article(36, "Then Lester Sud voted.", places=("Lester Sud",)),
        # a market's word before a known place leaves it its place's vote ("turnover in Colombo")
        *(article(37 + i, "Colombo shares rose. Turnover in Colombo was high.", places=("Colombo",))
          for i in range(3)),
        article(40, "Officials in Colombo met.", places=("Colombo",)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Ombasi": 3, "Falludra": 6, "Lester Sud": 3, "Colombo": 4}
    assert counts(service, "org") == {"Telvin": 3, "Dorvale": 3, "Larrow": 3, "Qualtrix": 2}
    assert counts(service, "person") == {"Quen Tarvo": 3, "Zeddo": 3, "Palle Rovsen": 3, "Shakora": 2, "Adrianu": 3}


def test_a_known_place_only_place_phrases_name_is_the_place_whatever_the_model_said(tmp_path):
    build_index(tmp_path, [
        # the model's organisation on a city no firm's or club's phrase names, that the archive
        # writes as a place twice as often: the gazetteer's name
        article(0, "In Seville, officials met. Seville will cut water at night.", orgs=("Seville",)),
        article(1, "The rules apply to Seville and its suburbs.", orgs=("Seville",)),
        *(article(14 + i, "Heat records fell in Sevilla.", places=("Sevilla",)) for i in range(4)),
        # "at X" of its own mentions is a firm's as much ("the sales force at Stuart")
        article(2, "The sales force at Chillicothe grew. Chillicothe had sales of 5 mln.", orgs=("Chillicothe",)),
        *(article(20 + i, "Farms in Chillicothe.", places=("Chillicothe",)) for i in range(2)),
        # a club's phrase beside the place's, in any article, keeps the club
        article(4, "Fans in Hanover cheered.", orgs=("Hanover",)),
        article(6, "Then Hanover have won again.", places=("Hanover",)),
        article(5, "Farms near Hanover.", places=("Hanover",)),
        # so does an acronym
        article(7, "Talks in LA went on.", orgs=("LA",)),
        *(article(22 + i, "Farms in Louisiana.", places=("Louisiana",)) for i in range(2)),
        # a town's club of results tables that one article writes "in Bolton" of stays a club
        article(8, "Bolton 2 Fulham 1", orgs=("Bolton",)),
        article(11, "Fans clashed with police in Bolton after the match.", orgs=("Bolton",)),
        *(article(24 + i, "Floods hit homes in Bolton.", places=("Bolton",)) for i in range(3)),
        # and a firm the archive writes with its legal form stays a firm
        article(12, "Workers in Burlington lost jobs.", orgs=("Burlington",)),
        article(13, "Then Burlington Inc grew.", orgs=("Burlington Inc",)),
        *(article(27 + i, "Farms in Burlington.", places=("Burlington",)) for i in range(2)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "place") == {"Sevilla": 6, "Chillicothe": 2, "Hanover": 2, "Louisiana": 2, "Bolton": 3,
                                        "Burlington": 2}
    assert counts(service, "org") == {"Chillicothe": 1, "Hanover": 1, "LA": 1, "Bolton": 2, "Burlington": 2}


def test_a_place_moved_in_takes_the_gazetteers_name_unless_that_name_leaves_the_places():
    found = ValueMap()
    found.retype["org"]["Seville"] = "place"        # the city the model called an organisation
    found.retype["person"]["Cologne"] = "place"
    found.retype["place"]["Köln"] = "org"            # the club the texts call "Köln have won"
    found.retype["org"]["Roma"] = "place"
    found.hide["place"].add("Rome")
    archive._name_moved_places(found)
    assert found.resolve("org", "Seville") == ("place", "Sevilla")
    assert found.resolve("person", "Cologne") == ("place", "Cologne")
    assert found.resolve("org", "Roma") == ("place", "Roma")


def test_a_peer_keeps_the_title_and_a_bare_surname_folds_into_it(tmp_path):
    build_index(tmp_path, [
        *(article(i, "George Osborne spoke.", persons=("George Osborne",)) for i in range(4)),
        article(4, "Judge Lord Cullen, sitting with Lord Osborne, ruled.", persons=("Lord Cullen", "Lord Osborne")),
        *(article(i, "Lord Falconer and Lady Hale spoke.", persons=("Lord Falconer", "Lady Hale")) for i in (5, 6)),
        article(7, "Falconer said so.", persons=("Falconer",)),
    ])
    found = counts(SearchService(tmp_path), "person")
    # the judge is no shadow chancellor, however many articles name that one in full: the title
    # names one man where a bare surname names whoever the archive names most
    assert found == {"George Osborne": 4, "Lord Cullen": 1, "Lord Osborne": 1, "Lord Falconer": 3, "Lady Hale": 2}


def test_a_phrase_in_capitals_opens_a_sentence_else_it_is_the_names_own_first_word():
    reader = evidence.MentionReader(tables.contexts())

    def read(text: str, name: str):
        start = text.index(name)
        return reader.read(text, start, start + len(name))[0]

    # a compass point, a home, a whole in lower case place a part of a place
    for text in ("a small east Devon village", "her native Devon", "hunts throughout Devon", "in north-east Devon"):
        assert read(text, "Devon") == "place", text
    # capitalised where a sentence opens, the phrase too; inside a sentence the name's first word
    # the model's span left out ("Western Digital Corp"), no phrase
    assert read("It rained. In Devon, hunts met.", "Devon") == "place"
    assert read("It rained. Shares in Quarbix rose.", "Quarbix") == "org"
    for text, name in (("shares of Western Digital Corp rose", "Digital Corp"),
                       ("ties with Central Quarbix Bank", "Quarbix Bank"), ("a deal of North Quarbix Oil", "Quarbix Oil"),
                       # a compass point's capitals begin a name wherever they stand, a role's open a sentence
                       ("Western Digital Corp said it would.", "Digital Corp"), ("It rained. South Quarbix voted.", "Quarbix")):
        assert read(text, name) is None, text
    assert read("It rained. Singer Ann Hale sang.", "Ann Hale") == "person"
    # a sentence opens after a quotation mark, a bracket or a dash as well
    assert read('He said. "Singer Ann Hale sang.', "Ann Hale") == "person"
    assert read("(Shares in Quarbix fell.)", "Quarbix") == "org"
    assert read("He spoke - Shares in Quarbix fell.", "Quarbix") == "org"
    assert read("Quarbix shares hit by killing\n\nShares in Zorvex fell.", "Zorvex") == "org"


def test_a_firms_legal_form_keeps_it_from_the_places_whatever_the_phrases_say(tmp_path):
    # "in X" is a place's phrase, and a plant's too
    build_index(tmp_path, [
        article(i, "Jobs were cut in Quarbix Corp plants, the union said.", orgs=("Quarbix Corp",))
        for i in range(4)
    ])
    assert counts(SearchService(tmp_path), "org") == {"Quarbix Corp": 4}


MUSIC = "The singer's new album sold, and the gig too."         # three words of music


def test_a_plural_name_that_articles_about_music_write_after_the_is_a_bands(tmp_path):
    build_index(tmp_path, [
        # no band's phrase ("his work with the Vellichords"), but only articles about music name it
        *(article(i, f"{MUSIC} It recalls his work with the Vellichords {i}.", orgs=("Vellichords",))
          for i in range(3)),
        article(3, f"{MUSIC} The Vellichords had it.", persons=("Vellichords",)),
        # a party's plural: its articles are elsewhere ("album" alone says no music)
        *(article(4 + i, f"Voters backed the Marrowites {i}; an album was shelved.", orgs=("Marrowites",))
          for i in range(3)),
        # firms' words, no plural, no "the" (a singer), a known place, too few articles
        *(article(7 + i, f"{MUSIC} He founded the Carrow Records label {i}.", orgs=("Carrow Records",))
          for i in range(3)),
        *(article(10 + i, f"{MUSIC} He sued the Tennick Brothers {i}.", orgs=("Tennick Brothers",)) for i in range(3)),
        *(article(13 + i, f"{MUSIC} She runs the Lantern Hour {i}.", orgs=("Lantern Hour",)) for i in range(3)),
        *(article(16 + i, f"{MUSIC} Then Dana Halvers sang {i}.", persons=("Dana Halvers",)) for i in range(3)),
        *(article(19 + i, f"{MUSIC} They toured the Bahamas {i}.", orgs=("Bahamas",)) for i in range(3)),
        *(article(22 + i, f"{MUSIC} He joined the Quennets {i}.", orgs=("Quennets",)) for i in range(2)),
        # a team's plural some articles about music name ("a gig at the ground") and others not
        *(article(24 + i, (MUSIC if i < 4 else "The match ended.") + f" Fans of the Corvettes cheered {i}.",
                  orgs=("Corvettes",)) for i in range(6)),
        # a party a word class names, a family, a region the gazetteer does not know that the model
        # places in two of its three articles
        *(article(30 + i, f"{MUSIC} The tour backed the Democrats {i}.", orgs=("Democrats",)) for i in range(3)),
        *(article(33 + i, f"{MUSIC} Ozzy Marrable and the Marrables {i}.", persons=("Ozzy Marrable",),
                  orgs=("Marrables",)) for i in range(3)),
        *(article(36 + i, f"{MUSIC} A festival in the Fennlands {i}.", **{"orgs" if i == 2 else "places": ("Fennlands",)})
          for i in range(3)),
        # a name written only where a sentence opens, no "the" before it to count
        *(article(39 + i, f"{MUSIC} Zennors played {i}.", orgs=("Zennors",)) for i in range(3)),
        # most of the archive is about other things
        *(article(42 + i, f"The council met on budget day {i}.") for i in range(160)),
    ])
    service = SearchService(tmp_path)
    assert counts(service, "org") == {
        "Marrowites": 3, "Carrow Records": 3, "Tennick Brothers": 3, "Lantern Hour": 3, "Quennets": 2,
        "Corvettes": 6, "Democrats": 3, "Marrables": 3, "Fennlands": 1, "Zennors": 3, "Bahamas": 3}
    assert counts(service, "person") == {"Dana Halvers": 3, "Ozzy Marrable": 3}
    assert counts(service, "place") == {"Fennlands": 2}
    assert service.search(build_query("Vellichords")).articles == 4      # the text is searched still


def test_an_archive_all_about_music_says_nothing_of_a_plural_names_kind(tmp_path):
    build_index(tmp_path, [
        *(article(i, f"{MUSIC} It recalls his work with the Vellichords {i}.", orgs=("Vellichords",))
          for i in range(3)),
        *(article(3 + i, f"{MUSIC} A new chart came out {i}.") for i in range(3)),
    ])
    assert counts(SearchService(tmp_path), "org") == {"Vellichords": 3}
