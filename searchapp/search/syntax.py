"""The query syntax: Whoosh's query parser set up so that every character of a query means what a
reader of the query would take it to mean (search/parsing.py turns its output into the query a
search runs).

- A hyphen, apostrophe, slash or dot between letters is part of the word: `Kilroy-Silk`,
  `O'Neill`, `e-mail` and `AC/DC` are searched as the phrase the analyser makes of them ("kilroy
  silk"), as Lucene's query_string does; `-` and `+` are operators only at the start of a term
  (at the start of the query, after a space or a parenthesis: `oil -gas`).
- AND, OR, ANDNOT, ANDMAYBE and NOT (in capitals) are operators wherever they stand as words; an
  operator without the term it needs on either side is dropped (`blair AND`, `AND blair`, `blair
  NOT`, `blair AND OR brown` is `blair AND brown`), never searched as a word. A field prefix
  followed by a space applies to the next term (`title: oil`); one with no term after it is
  dropped. A quote left open runs to the end of the query.
- Capitals say nothing in a capitalised headline, which the index folds to lower case
  (store/analysis.py), while a word such as "US" keeps its case elsewhere: so a quoted phrase of
  two words or more with no lower-case letter, and the unquoted words of a query with none (two
  or more), also match as the index reads a capitalised headline
  (`"STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"`: "to", where a typed "TO" would be a name).
- A word or phrase after `person:`, `place:` or `org:` is a facet value: the parser asks
  ``value_query`` for the query that stands for it (parsing.py: the filter's articles).
"""
from __future__ import annotations

import re
from typing import Callable

from whoosh import query
from whoosh.qparser import QueryParser, plugins, syntax
from whoosh.qparser.taggers import RegexTagger

from ..facets import FACETS

TEXT_FIELDS = ["title", "body"]
# Field prefixes a user may type -> index field. Anything else before a colon is plain text.
FIELD_PREFIXES = {"title": "title", "body": "body", "text": "body",
                  **{facet.kind: facet.names_field for facet in FACETS}}
NAME_FIELDS = {facet.names_field: facet for facet in FACETS}

# An operator stands alone: at the start or end of the query or of a group, or between spaces.
_BEFORE, _AFTER = r"(?<![^\s()])", r"(?=[\s()]|$)"
_OPERATORS = {name: f"{_BEFORE}{word}{_AFTER}" for name, word in
              (("And", "AND"), ("Or", "OR"), ("AndNot", "ANDNOT"), ("AndMaybe", "ANDMAYBE"), ("Not", "NOT"))}
# `-` and `+` start a term; inside a word (`Kilroy-Silk`) or alone (`oil - gas`) they are not operators.
_TERM_START = r"(?<![^\s(])"
# A quote left open is a phrase to the end of the query.
_PHRASE = r'"(?P<text>[^"]*)(?:"(?:~(?P<slop>[1-9][0-9]*))?|$)'

_WORDS = re.compile(r"\w+")

ValueQuery = Callable[[str, str, float], "query.Query | None"]


class NewsQueryParser(QueryParser):
    """Title and body by default; ``value_query(names field, typed value, boost)`` gives the query of
    a facet value (None: the value's words are matched in the names field)."""

    def __init__(self, schema, value_query: ValueQuery):
        super().__init__(None, schema, group=syntax.AndGroup)
        self.value_query = value_query
        self.add_plugin(plugins.MultifieldPlugin(TEXT_FIELDS))
        self.remove_plugin_class(plugins.FieldsPlugin)
        self.remove_plugin_class(plugins.RangePlugin)        # date ranges are the `from`/`to` filters
        self.remove_plugin_class(plugins.SingleQuotePlugin)  # an apostrophe is part of a word: O'Neill
        self.remove_plugin_class(plugins.PhrasePlugin)
        self.remove_plugin_class(plugins.OperatorsPlugin)
        names = "|".join(sorted(FIELD_PREFIXES, key=len, reverse=True))
        self.add_plugin(plugins.FieldsPlugin(expr=rf"(?<![\w:])(?P<text>(?i:{names})):"))
        aliases: dict[str, list[str]] = {}
        for typed, field in FIELD_PREFIXES.items():
            if typed != field:
                aliases.setdefault(field, []).append(typed)
        self.add_plugin(plugins.FieldAliasPlugin(aliases))
        self.add_plugin(plugins.OperatorsPlugin(**_OPERATORS, Require=None))
        self.add_plugin(plugins.PlusMinusPlugin(plusexpr=rf"{_TERM_START}\+(?=[^\s)])",
                                                minusexpr=rf"{_TERM_START}-(?=[^\s)])"))
        self.add_plugin(plugins.FuzzyTermPlugin())
        self.add_plugin(_PhrasePlugin(_PHRASE))
        self.add_plugin(_CleanupPlugin())

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        # One word the analyser cuts in several ("Kilroy-Silk", "O'Neill"): their phrase.
        return self.phraseclass(fieldname, texts, boost=boost)

    def headline_query(self, fieldname, text, boost=1.0, slop=1):
        """``text`` read as the index reads a capitalised headline (every word in lower case but
        dotted acronyms); None for a names field (always in lower case) or text without words."""
        if fieldname in NAME_FIELDS or fieldname not in self.schema:
            return None
        words = list(self.schema[fieldname].process_text(text, mode="query", shouting=True))
        if len(words) > 1:
            return self.phraseclass(fieldname, words, slop=slop, boost=boost)
        return self.termclass(fieldname, words[0], boost=boost) if words else None

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in NAME_FIELDS and termclass is self.termclass:
            found = self.value_query(fieldname, text, boost)
            if found is not None:
                return found
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def either(typed: query.Query | None, other: query.Query | None) -> query.Query | None:
    """``typed`` or ``other`` (one of them when they are the same query or one is None)."""
    if other is None or other == typed:
        return typed
    if typed is None:
        return other
    return query.Or([typed, other])


def is_capitalised(texts: list[str]) -> bool:
    """Words read as a capitalised headline: two or more, letters among them, none in lower case."""
    words = [word for text in texts for word in _WORDS.findall(text)]
    return (len(words) >= 2 and any(c.isalpha() for word in words for c in word)
            and not any(c.islower() for word in words for c in word))


class _PhrasePlugin(plugins.PhrasePlugin):
    class PhraseNode(plugins.PhrasePlugin.PhraseNode):
        def query(self, parser):
            if not self.text.strip():
                return None
            fieldname = self.fieldname or parser.fieldname
            if fieldname in NAME_FIELDS:
                found = parser.value_query(fieldname, self.text, self.boost)
                if found is not None:
                    return found
            typed = super().query(parser)
            if not is_capitalised([self.text]):
                return typed
            return either(typed, parser.headline_query(fieldname, self.text, self.boost, self.slop))

    class PhraseTagger(RegexTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return _PhrasePlugin.PhraseNode(match.group("text"), match.start("text"), int(slop) if slop else 1)


class _CapitalisedWord(syntax.WordNode):
    """A word of a capitalised query: as typed, or as in a capitalised headline."""

    def query(self, parser):
        typed = super().query(parser)
        return either(typed, parser.headline_query(self.fieldname or parser.fieldname, self.text, self.boost))


class _CleanupPlugin(plugins.Plugin):
    """Drops what has no term to act on (operators, field prefixes, empty groups) and reads a
    capitalised query's words both ways, after groups and wildcards are found and before field
    prefixes are attached; then makes a query of exclusions alone a Not."""

    def filters(self, parser):
        return [(self.clean, 80), (self.only_excluded, 520)]

    def only_excluded(self, parser, group):
        """`-labour -tory`, `-(labour tory)`: nothing but exclusions is every article but those
        (Whoosh's +/- filter, just before, leaves an empty group to exclude from)."""
        if isinstance(group, syntax.AndNotGroup) and len(group) == 2 and not len(group[0]):
            return syntax.AndGroup([syntax.NotGroup([group[1]])])
        return group

    def clean(self, parser, group):
        group = _without_dangling(group, nested=False)
        words = list(_plain_words(group))
        if is_capitalised([node.text for node in words]):
            for node in words:
                node.__class__ = _CapitalisedWord
        return group


def _plain_words(group):
    for node in group:
        if isinstance(node, syntax.GroupNode):
            yield from _plain_words(node)
        elif type(node) is syntax.WordNode:
            yield node


def _is_operator(node) -> bool:
    return isinstance(node, (syntax.Operator, plugins.PlusMinusPlugin.Plus, plugins.PlusMinusPlugin.Minus))


def _without_dangling(group, nested: bool):
    """``group`` without spaces, and without the operators and field prefixes that have no term to
    act on: an infix operator needs a term on its left (the later of two operators in a row goes)
    and on its right, a prefix operator or a field prefix a term after it. Field prefixes are read
    in any case (`Title:`); inside parentheses, where Whoosh reads no `-` or `+`, `-word` is `NOT
    word` and `+word` is `word` (`blair (-labour)`)."""
    kept = group.empty_copy()
    for node in group:
        if node.is_ws() or (nested and isinstance(node, plugins.PlusMinusPlugin.Plus)):
            continue
        if nested and isinstance(node, plugins.PlusMinusPlugin.Minus):
            node = syntax.PrefixOperator("NOT", syntax.NotGroup)
        if isinstance(node, syntax.FieldnameNode):
            node.fieldname = node.fieldname.lower()
        if isinstance(node, syntax.GroupNode):
            node = _without_dangling(node, nested=True)
            if not len(node):
                continue
        if isinstance(node, syntax.InfixOperator):
            if not kept or _is_operator(kept[-1]) or isinstance(kept[-1], syntax.FieldnameNode):
                continue
        elif _is_operator(node):
            if kept and isinstance(kept[-1], syntax.FieldnameNode):
                del kept[-1]
            if kept and _is_operator(kept[-1]) and not isinstance(kept[-1], syntax.InfixOperator):
                continue   # NOT NOT, - NOT: one is enough
        elif isinstance(node, syntax.FieldnameNode) and kept and isinstance(kept[-1], syntax.FieldnameNode):
            del kept[-1]   # `title: body:oil`: the last prefix applies
        kept.append(node)
    while kept and (_is_operator(kept[-1]) or isinstance(kept[-1], syntax.FieldnameNode)):
        del kept[-1]
    return kept
