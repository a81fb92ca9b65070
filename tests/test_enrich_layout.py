"""Per-article rules for the newswire shapes the small model gets wrong (enrich/layout.py,
enrich/boundaries.py, enrich/text_datelines.py, the place nouns of normalise.py), each through
the real pipeline and the real spaCy model, on short texts in the shapes of wire copy."""
from searchapp.enrich import enrich
from searchapp.records import RawDoc


def facets(body: str, title: str = "") -> dict[str, tuple[str, ...]]:
    return enrich(RawDoc(doc_id="t", source="", url="", title=title, body=body)).entities


def test_a_results_line_names_teams_and_its_bracketed_scorers_are_persons():
    got = facets("Austrian first division results on Saturday:\n"
                 "Vorwarts Steyr 2 (Krenn 12th, Haller 80th) Linzer Athletik 1 (Pichler 47th)\n"
                 "Grazer Sieg 0 Admira Wacker 3")
    assert set(got["org"]) == {"Vorwarts Steyr", "Linzer Athletik", "Grazer Sieg", "Admira Wacker"}
    assert set(got["person"]) == {"Krenn", "Haller", "Pichler"}


def test_a_standings_row_whose_figures_add_up_is_a_team():
    got = facets("Portuguese first division standings (tabulate under played, won, drawn, lost, "
                 "goals for, against, points):\nSporting Braga 9 4 3 2 13 9 15\n"
                 "Boavista 9 4 2 3 12 10 14\nFarense 9 3 3 3 10 11 12")
    assert set(got["org"]) == {"Sporting Braga", "Boavista", "Farense"}
    assert got["person"] == () and got["place"] == ()


def test_a_line_up_names_persons_even_one_ending_in_a_city():
    got = facets("Japan: 1 - Yoshikatsu Kawaguchi; 7 - Kenji Araki (14 - Luis Pardo 71), "
                 "9 - Takuya Hoshi, 11 - Masato Ono.")
    assert set(got["person"]) == {"Yoshikatsu Kawaguchi", "Kenji Araki", "Luis Pardo", "Takuya Hoshi",
                                  "Masato Ono"}
    assert got["org"] == ()


def test_the_initial_a_of_a_line_up_of_initials_is_no_article():
    got = facets("England beat Wales 20-10.\n\nA Titterrell, D Bell, S Borthwick, A Hazell, M Dawson, A Goode.")
    assert {"Titterrell", "Hazell", "Goode"} <= set(got["person"]) and got["org"] == ()
    assert set(got["place"]) == {"England", "Wales"}
    # a line of prose is no line-up
    got = facets("England beat Wales 20-10.\n\nA Titterrell, the coach, said so.")
    assert "Titterrell" not in got["person"]


def test_a_fixture_list_names_teams():
    got = facets("Scottish league fixtures for Saturday: Morton v Falkirk, Partick v St Mirren, "
                 "Stenhousemuir v Clydebank.")
    assert set(got["org"]) == {"Morton", "Falkirk", "Partick", "St Mirren", "Stenhousemuir", "Clydebank"}
    assert got["person"] == () and got["place"] == ()


def test_golf_rounds_and_a_ranked_placing_are_persons_not_teams():
    got = facets("Leading scores after the second round of the Dutch Open:\n"
                 "136 Tom Lehman 68 68, Ove Sellberg (Sweden) 67 69\n137 Hal Sutton 70 67\n"
                 "Women's 3,000 metres: 1. Sonia O'Sullivan (Ireland) 8:32.41\n8. Sally Boyden (Britain) 9")
    assert {"Hal Sutton", "Sally Boyden"} <= set(got["person"])
    assert not {"Sutton", "Hal Sutton", "Sally Boyden"} & set(got["org"])


def test_a_wire_byline_is_a_person_and_a_newsroom():
    got = facets("The central bank left rates unchanged.\n-- Ivan Petrov, Sofia Newsroom, +359 2 84561")
    assert got["person"] == ("Ivan Petrov",)
    assert got["org"] == ("Sofia Newsroom",) and got["place"] == ()


def test_a_weekday_glued_to_a_place_is_cut_off():
    got = facets("Hermann Maier won the downhill in Kitzbuehel Saturday, and Alberto Tomba will race "
                 "in Kranjska Gora Wednesday.")
    assert set(got["place"]) == {"Kitzbuehel", "Kranjska Gora"}
    assert set(got["person"]) == {"Hermann Maier", "Alberto Tomba"}


def test_a_name_cut_before_its_particles_runs_on_to_the_surname():
    got = facets("Rafael van der Vaart scored twice in the second half.")
    assert got["person"] == ("Rafael van der Vaart",) and got["org"] == ()


def test_the_town_of_and_the_villages_of_name_places_the_gazetteer_lacks():
    got = facets("The quake was centred near the small town of Bjelovac, police said, and was felt "
                 "in the villages of Dornje and Gornji Selo.")
    assert set(got["place"]) == {"Bjelovac", "Dornje", "Gornji Selo"}
    assert got["person"] == () and got["org"] == ()


def test_an_agency_dateline_in_the_text_names_its_places_title_cased_as_the_gazetteer_writes():
    got = facets("TROMSO, Norway (AP) _ Kjetil Andre Aamodt won the super-G on Saturday.\n"
                 "MONTE CARLO, Monaco (AP) _ Michael Schumacher won the race.")
    assert set(got["place"]) == {"Tromso", "Norway", "Monte-Carlo", "Monaco"}


def test_a_headline_slug_is_cut_from_the_name_after_it_and_long_capital_runs_are_searched():
    got = facets("Graham Thorpe was out for 54 before lunch.",
                 title="CRICKET - ENGLAND 100-2 AT LUNCH ON FIRST DAY OF THIRD TEST")
    assert got["place"] == ("England",) and got["org"] == ()
    got = facets("Cardiff was wet all day.", title="SOCCER - WALES BEAT SAN MARINO 4-0 IN UNDER-21 MATCH")
    assert "San Marino" in got["place"]


def test_a_given_name_then_a_surname_that_is_also_a_city_is_a_person():
    got = facets("Leading results of the women's 1,500 metres:\n1. Svetlana Masterkova (Russia) 3:56.77\n"
                 "3. Carla Sacramento (Portugal) 4:02.67")
    assert set(got["person"]) == {"Svetlana Masterkova", "Carla Sacramento"} and got["org"] == ()


def test_a_name_alone_on_the_first_line_below_the_title_is_the_writers_byline():
    got = facets("Adrian Strandqvist\nBRUSSELS 1996-08-23\nThe sprinters met in the rain on Friday.",
                 title="ATHLETICS - SPRINTERS MEET IN BRUSSELS")
    assert "Adrian Strandqvist" in got["person"]
    from searchapp.enrich import layout

    players = layout.table_spans("TITLE\n\nAdrian Strandqvist\nThe sprinters met on Friday.")[1]
    assert [p.text for p in players] == ["Adrian Strandqvist"]
    for top in ("Aston Villa", "Paul Kenya", "Adrian Strandqvist said on Friday"):   # no given name, a place, prose
        assert layout.table_spans(f"Title\n\n{top}\nThe club said on Friday it had sold its ground.")[1] == []


def test_an_acronym_then_a_place_joined_by_a_hyphen_is_one_organisation_two_places_are_two():
    from searchapp.enrich.entities import Span
    from searchapp.enrich.normalise import split_hyphenated

    assert [(s.text, s.label) for s in split_hyphenated(Span("WGBH-Boston", 0, 11, "ORG"))] == [
        ("WGBH-Boston", "ORG")]
    assert [(s.text, s.label) for s in split_hyphenated(Span("KXTV-Sacramento", 0, 15, "GPE"))] == [
        ("KXTV-Sacramento", "ORG")]
    assert [(s.text, s.label) for s in split_hyphenated(Span("Israel-PLO", 0, 10, "ORG"))] == [
        ("Israel", "GPE"), ("PLO", "ORG")]
    assert [s.text for s in split_hyphenated(Span("Sao Paulo-Santos", 0, 16, "ORG"))] == ["Sao Paulo", "Santos"]
    got = facets("It is a BBC World Service and WGBH-Boston co-production.", title="Radio")
    assert "Boston" not in got["place"]
