"""The resolution pass's data tables: patterns and the alias index give what trying every entry
in turn gives (the pass asks them for every value of an archive)."""
from searchapp.entities import tables
from searchapp.store.analysis import fold


def write(tmp_path, lines):
    path = tmp_path / "aliases.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def first_alias_by_scan(aliases, value):
    return next((i for i, a in enumerate(aliases) if a.canonical == value or a.variants.matches(value)), None)


def test_the_alias_index_finds_the_first_alias_a_scan_finds(tmp_path):
    path = write(tmp_path, ["# comment", "BBC\tBBC *\tBritish Broadcasting Corporation",
                            "European Union\tEU\tE.U.", "Sainsbury\t* Sainsbury", "EU Council\tEU"])
    index, aliases = tables.alias_index(path), tables.aliases(path)
    for value in ("BBC", "BBC Sport", "bbc sport", "British Broadcasting Corporations", "EU", "E.U.", "eu", "EUs",
                  "European Union", "european union", "J Sainsbury", "J Sainsburys", "Sainsbury", "Bbc",
                  "BBCSport", "Sport BBC", "Unknown"):
        assert index.find(value) == first_alias_by_scan(aliases, value), value
    assert index.find("EU") == 1            # the table's first alias naming it


def test_shapes_match_as_their_words_say():
    patterns = tables.Patterns()
    for entry in ("* Cup", "Hurricane *", "Oscar"):
        patterns.add(entry)
    for value, expected in (("FA Cup", True), ("FA Cups", True), ("Hurricane Ivan", True), ("Oscars", True),
                            ("Oscar Wilde", False), ("Cupboard", False), ("Ivan", False),
                            # a shape's word is a word of the value: not the end of a longer word
                            ("Hiccup", False), ("Hurricanes", False), ("Constable David Warcup", False)):
        assert patterns.matches_folded(fold(value)) is expected, value
        assert patterns.matches(value) is expected, value


def test_a_currency_is_no_value_but_a_name_ending_in_its_letters_is():
    currencies = next(c for c in tables.word_classes() if c.name == "currencies")
    for value, expected in (("U.S. Dollar", True), ("Swiss Francs", True), ("Yen", True), ("N.Z. Dollars", True),
                            ("Dollar General", False), ("Ben Verwaayen", False), ("Donnie Yen", False)):
        assert currencies.patterns.matches(value) is expected, value


def test_a_holiday_is_no_value():
    holidays = next(c for c in tables.word_classes() if c.name == "holidays")
    for value, expected in (("Easter", True), ("Christmas Day", True), ("New Year's Eve", True),
                            ("Easter Island", False), ("Christmas Islands", False), ("Lentz", False)):
        assert holidays.patterns.matches(value) is expected, value
