"""Sides of sports prose (enrich/sides.py) and the results shapes of enrich/layout.py that name
teams, through the real pipeline and the real spaCy model, on texts in the shapes of sports copy."""
from searchapp.enrich import enrich, sides
from searchapp.enrich.entities import Span
from searchapp.records import RawDoc


def facets(body: str, title: str = "") -> dict[str, tuple[str, ...]]:
    return enrich(RawDoc(doc_id="t", source="", url="", title=title, body=body)).entities


SPORT = ("The striker scored twice in the second half as the club moved up the league table, "
         "and the coach praised the squad after the match.")


def test_a_city_named_club_is_an_organisation_in_sports_prose_and_the_city_where_the_text_puts_it():
    got = facets("Sheffield boss Tom Hale was delighted after his side's 3-1 win over Leicester. "
                 + SPORT + " The club's fans marched through the streets in Sheffield on Sunday.")
    assert "Sheffield" in got["org"] and "Leicester" in got["org"]
    assert "Sheffield" in got["place"]          # "in Sheffield": the city itself


def test_moves_brackets_and_plural_verbs_name_sides_the_model_took_for_people():
    got = facets("Midfielder Dan Pike joined Gresford on loan last month. " + SPORT
                 + " Gresford were unbeaten in ten games.\n\nSquad: J Wells (Gresford), "
                 "P Dunne (Kelvedon), T Marsh (Gresford).")
    assert {"Gresford", "Kelvedon"} <= set(got["org"])
    assert not {"Gresford", "Kelvedon"} & set(got["person"])


def test_a_national_side_stays_its_country_and_a_player_stays_a_person():
    got = facets("Wales beat Scotland 2-1 in the qualifier. " + SPORT
                 + " Later Rafael Nadal beat Ferrero in straight sets and Nadal's coach was pleased.")
    assert {"Wales", "Scotland"} <= set(got["place"])
    assert not {"Wales", "Scotland"} & set(got["org"])
    assert "Rafael Nadal" in got["person"] and "Rafael Nadal" not in got["org"]


def test_outside_sports_text_a_city_is_its_place():
    text = ("Residents of Leeds were told on Monday that the budget would be cut, and Leeds "
            "planning officer Anne Cole said the plans had support across Leeds.")
    assert not sides.is_sporting(text)
    got = facets(text)
    assert "Leeds" not in got["org"] and "Leeds" in got["place"]


def test_sides_read_spans_of_any_label_and_a_given_name_is_never_a_side():
    text = SPORT + " Barnet have signed Ollie Grant, and Ollie Grant have nothing to add."
    spans = [Span("Barnet", text.index("Barnet"), text.index("Barnet") + 6, "PERSON"),
             Span("Ollie Grant", text.rindex("Ollie Grant"), text.rindex("Ollie Grant") + 11, "ORG")]
    found = sides.read(text, spans, given={"ollie"})
    assert found.names == {"barnet"}


def test_the_surname_of_a_player_the_article_names_in_full_is_no_side():
    text = SPORT + " Petr Korda lost in three sets. Enqvist was pleased with his victory over Korda. Hull lost to Leeds."
    spans = [Span("Petr Korda", text.index("Petr Korda"), text.index("Petr Korda") + 10, "PERSON"),
             Span("Korda", text.index("over Korda") + 5, text.index("over Korda") + 10, "GPE"),
             Span("Leeds", text.index("Leeds"), text.index("Leeds") + 5, "GPE")]
    found = sides.read(text, spans, given={"petr"})
    assert found.names == {"leeds"}     # "victory over Korda" says side of a name no player has
    # a club's own shapes still make the surname of a full name a side ("Charlton boss")
    text = SPORT + " Sir Bobby Charlton watched as Charlton boss Alan Curbishley smiled."
    spans = [Span("Bobby Charlton", text.index("Bobby"), text.index("Bobby") + 14, "PERSON"),
             Span("Charlton", text.index("Charlton boss"), text.index("Charlton boss") + 8, "ORG")]
    assert sides.read(text, spans, given={"bobby"}).names == {"charlton"}


def test_a_baseball_standings_row_with_its_winning_share_is_a_team():
    got = facets("Major league standings after Tuesday's games (won, lost, percentage, games behind):\n"
                 "PORTLAND 70 52 .574 -\nOMAHA 61 61 .500 9\nTUCSON 52 70 .426 18")
    assert {"PORTLAND", "OMAHA", "TUCSON"} <= set(got["org"])
    assert not {"Portland", "Omaha", "Tucson"} & set(got["place"])


def test_standings_whose_points_add_up_are_teams_but_a_players_averages_are_not():
    got = facets("Korean league standings (won, drawn, lost, goals for, against, points):\n"
                 "Suwon 4 1 0 9 3 13\nUlsan 2 2 1 7 6 8\n\nBowling averages:\nMark Penn 3 5 0 58 26 11.60")
    assert {"Suwon", "Ulsan"} <= set(got["org"])
    assert "Mark Penn" not in got["org"]


def test_a_ranked_driver_then_his_team_before_the_time():
    got = facets("Leading times after practice for the grand prix:\n"
                 "1. Anton Weiss (Austria) Falkenrot 1:52.706\n2. Hugo Marchetti (Italy) Velatura 1:53.342")
    assert {"Falkenrot", "Velatura"} <= set(got["org"])
    assert {"Anton Weiss", "Hugo Marchetti"} <= set(got["person"])


def test_a_cricket_innings_and_its_opponents_are_teams():
    got = facets("Close of play scores in county matches on Friday:\n"
                 "At Taunton: Somerset 311 (P. Hale 92, R. Kerr 54) v\nDevon.\n"
                 "Cumbria 236-4 (J. Tate 85 not out) v Durham.\nHalftime 1-0.")
    assert {"Somerset", "Devon", "Cumbria", "Durham"} <= set(got["org"])
    assert "Halftime" not in got["org"]


def test_a_wire_desk_at_the_foot_of_a_story_is_an_organisation():
    got = facets("Shares closed higher on Friday.\n-- Perth Newsroom 61-8 9321-4400")
    assert got["org"] == ("Perth Newsroom",)


def test_a_city_listed_beside_a_club_is_a_club_and_a_nationality_never_a_side():
    got = facets(SPORT + " The favourites are Real Madrid and Toulouse, and the Italians were "
                 "beaten in the final.")
    assert {"Real Madrid", "Toulouse"} <= set(got["org"])
    assert "Toulouse" not in got["place"] and "Italians" not in got["org"]


def test_a_known_place_the_model_called_an_organisation_makes_no_side_of_its_neighbour():
    # a weather story that also names a club: "Lisbon and Seville" are two cities
    text = "Heat records fall in Lisbon and Seville. " + SPORT
    spans = [Span("Lisbon", 21, 27, "GPE"), Span("Seville", 32, 39, "ORG")]
    assert sides.read(text, spans, given=set()).names == set()
    # ... but outside a place's phrase the model's ORG on a town is the club of a transfer list
    text = SPORT + " Derby and Leeds are interested in the winger."
    at = text.index("Derby")
    spans = [Span("Derby", at, at + 5, "ORG"), Span("Leeds", at + 10, at + 15, "GPE")]
    assert sides.read(text, spans, given=set()).names == {"derby", "leeds"}
    # ... and an organisation no gazetteer knows always makes one
    text = "Fans of Lisbon and Northwind. " + SPORT
    spans = [Span("Lisbon", 8, 14, "GPE"), Span("Northwind", 19, 28, "ORG")]
    assert sides.read(text, spans, given=set()).names == {"lisbon"}


def test_a_draws_lines_make_sides_along_the_list():
    text = SPORT + "\n\nCardiff or Blackburn v Colchester\n"
    at = text.index("Cardiff")
    spans = [Span("Cardiff", at, at + 7, "GPE"), Span("Blackburn", at + 11, at + 20, "ORG"),
             Span("Colchester", at + 23, at + 33, "GPE")]
    assert sides.read(text, spans, given=set()).names == {"cardiff", "blackburn", "colchester"}


def test_a_sentence_opening_in_x_puts_the_place_itself():
    found = sides.Sides(names={"seville"})
    text = "Seville were beaten. " + SPORT + " In Seville, the heat went on."
    late = text.rindex("Seville")
    assert found.is_side(text, Span("Seville", 0, 7, "ORG"))
    assert not found.is_side(text, Span("Seville", late, late + 7, "ORG"))


def test_a_line_up_of_bare_surnames_names_persons_not_organisations():
    got = facets("Ireland v Italy team news.\n\nItaly: Marigny; Bergamasco, Pozzetti, Masiero, Nitti; "
                 "Orlando, Tronchetti; Cicerone, Ongarelli, Castrovillari; Dellapiana, Bortolazzi; "
                 "Persichetti, Parisotto.")
    assert not {"Tronchetti", "Dellapiana", "Bortolazzi", "Orlando"} & set(got["org"])
    assert {"Tronchetti", "Dellapiana", "Bortolazzi"} <= set(got["person"])


def test_a_results_lines_venue_and_a_lower_case_wire_desk_name_places():
    got = facets("County scores on the second day:\nAt Penzance: Cornwall 231 (T. Rowe 77) v\nDevon.\n"
                 "\n-- Tallinn newsroom +372 6 110 200")
    assert {"Penzance", "Tallinn"} <= set(got["place"])
    assert not {"Penzance", "Tallinn"} & set(got["org"])


def test_a_venue_or_a_street_is_a_place_whatever_label_the_model_gives():
    got = facets("The final was moved to the Kelvin Memorial Stadium, and traders on Harbour Street "
                 "watched the match at the Rialto Theatre.")
    assert {"Kelvin Memorial Stadium", "Harbour Street", "Rialto Theatre"} <= set(got["place"])
    assert not {"Kelvin Memorial Stadium", "Harbour Street", "Rialto Theatre"} & set(got["org"])
