"""The query language: user text -> a Whoosh query over title (boosted by the schema) and body.

Words, "phrases", AND/OR/NOT, -word, title: and facet (person:, …) prefixes, word* and word~;
what each character means is syntax.py's. Wildcard and fuzzy terms are expanded here, once, to
the few most frequent index terms they match: Whoosh would otherwise OR together every matching
term (`lo*` took 22 s on a big index). Text that does not parse as the language is searched as
plain words.
"""
from __future__ import annotations

import fnmatch
import logging
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Collection

from whoosh import query
from whoosh.analysis import STOP_WORDS

from ..errors import BadQuery
from ..store.analysis import fold
from ..store.vocabulary import Vocabulary
from . import fuzzy
from .arrays import IndexArrays
from .filters import filter_value
from .syntax import FIELD_PREFIXES, NAME_FIELDS, TEXT_FIELDS, NewsQueryParser, either
from .valuequery import FacetValue

log = logging.getLogger(__name__)

MIN_WILDCARD_PREFIX = 2    # `a*` or `*ing` would walk the whole vocabulary
MAX_EXPANSIONS = 30        # terms an expanding term turns into, most frequent first
MAX_SCANNED_TERMS = 5000   # vocabulary entries looked at per expanding term
# What one query may cost, whatever its text (130 `xy*` once took 4-10 s of CPU): beyond the
# first two, a 400 naming `q`; the last two are shared out among the query's word* and word~.
MAX_EXPANDING_WORDS = 8     # word* and word~ per query (a word's title and body copies count once)
MAX_CLAUSES = 100           # distinct words and phrases per query
MAX_EXPANDED_TERMS = 120    # index terms all its word* and word~ together expand to
MAX_QUERY_SCANNED = 20000   # vocabulary entries stemmed per query (~30 us each)
# Each word of a phrase is an intersection and a walk over positions: a quoted sentence of 32
# words is generous, and 64 phrase words per query bound what one query can ask.
# A title (at most 300 characters) copied whole must fit in one phrase, and a capitalised one is
# matched twice (as typed and as the index reads a capitalised headline); phrases are matched in
# numpy (phrases.py), each distinct word decoded once, so these bound memory more than time.
MAX_PHRASE_WORDS = 160      # words in one "quoted phrase"
MAX_QUERY_PHRASE_WORDS = 320 # words in all the query's distinct phrases together

_NEGATED = re.compile(r'(?:^|\s)(?:-|NOT\s+)("[^"]*"|[^\s"]+)')
_OPERATOR_CHARS = re.compile(r'[()"*?~^:\[\]{}\\+]|(?<!\w)-|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|'
                             rf'(?<![\w:])(?:{"|".join(FIELD_PREFIXES)}):')
# What cuts a word* into the words the analyser sees ("e-mail*": "e", then "mail*").
_BETWEEN_WORDS = re.compile(r"[^\w*?&.]+")
_WILD = re.compile(r"[*?]")


class QueryBuilder:
    """Parses user text for one index version (its facet ``arrays`` resolve `person:` values);
    thread-safe (the parser is built once, used read-only). ``vocabulary`` holds the unstemmed
    words that `word*` expands over."""

    def __init__(self, schema, vocabulary: Vocabulary, arrays: IndexArrays):
        self.schema = schema
        self.vocabulary = vocabulary
        self.arrays = arrays
        self._parser = NewsQueryParser(schema, self._facet_value)

    def parse(self, text: str, reader) -> query.Query:
        """The Whoosh query for ``text``; query.NullQuery (nothing found) when it holds no word:
        a query never widens to every article."""
        parsed = self._parse(text) or self._parse_exclusions(text) or self._parse(plain_words(text))
        if parsed is None:
            return query.NullQuery
        parsed = optional_common_words(parsed).accept(self._joined_wildcards)
        return bound_expansions(parsed, reader, self.vocabulary)

    def _facet_value(self, field: str, typed: str, boost: float) -> query.Query | None:
        """`person:"Tony Blair"`: the articles the filter `person=Tony Blair` finds (the value
        resolved by the filters' own function: variants, merges, moves to another kind, case and
        accents), ranked by the typed words in title and body as a search for them would rank
        them; None when the value names nothing of the archive (its words are then matched in the
        names field: `person:putin` finds "Vladimir Putin")."""
        found = filter_value(NAME_FIELDS[field].kind, typed, self.arrays)
        if found is None:
            return None
        kind, value = found
        leaf = FacetValue(kind, value, self.arrays.facet_mask(kind, (value,), ()) & self.arrays.live, boost)
        words = None
        for text_field in TEXT_FIELDS:
            words = either(words, self._parser.term_query(text_field, typed, query.Term))
        return query.AndMaybe(leaf, words) if words is not None else leaf

    def _joined_wildcards(self, node: query.Query) -> query.Query:
        """`e-mail*`, `o'nei*`: a word* the analyser cuts in several words is their sequence, the
        last ones expanded ("e" then any word starting "mail"); a piece too short to expand
        (`kilroy-s*`) is left out, as it would find nothing but the letter."""
        if type(node) not in (query.Prefix, query.Wildcard):
            return node
        pieces = [piece for piece in _BETWEEN_WORDS.split(node.text + ("*" if type(node) is query.Prefix else ""))
                  if piece]
        if len(pieces) < 2:
            return node
        field = node.fieldname
        parts: list[query.Query] = []
        for piece in pieces:
            if not _WILD.search(piece):
                parts.extend(query.Term(field, term) for term in self.schema[field].process_text(piece, mode="query"))
            elif _WILD.search(piece).start() >= MIN_WILDCARD_PREFIX:
                prefix = piece[:-1] if piece.endswith("*") and not _WILD.search(piece[:-1]) else None
                parts.append(query.Prefix(field, fold(prefix)) if prefix else query.Wildcard(field, fold(piece)))
        if len(parts) == 1:
            parts[0].boost = node.boost
            return parts[0]
        return query.Sequence(parts, boost=node.boost) if parts else query.NullQuery

    def _parse_exclusions(self, text: str) -> query.Query | None:
        # "-oil" or "NOT oil -gas" alone mean "everything but": Whoosh's parser drops them.
        excluded = [self._parse(part) for part in _NEGATED.findall(text)]
        excluded = [q for q in excluded if q is not None]
        if not excluded:
            return None
        return query.AndNot(query.Every(), query.Or(excluded).normalize())

    def _parse(self, text: str) -> query.Query | None:
        if not text.strip():
            return None
        try:
            parsed = self._parser.parse(text)
        except Exception:  # the parser has many corner cases; a user never sees them
            log.info("query %r did not parse; searching its words", text, exc_info=True)
            return None
        if parsed is query.NullQuery:
            return None
        if isinstance(parsed, query.Not):   # `NOT oil`, `(-oil)`: every article but those
            return query.AndNot(query.Every(), parsed.query)
        return parsed


def optional_common_words(q: query.Query) -> query.Query:
    """In a group of words, the stopwords outside quotes only add to the score.

    Every word is indexed (phrases such as "talk with us" match), but "the" or "of" required
    beside other words would leave out articles for a word the user did not mean as a condition.
    So `president of france` matches what `president france` matches and ranks articles with
    "of" a little higher; a group of stopwords alone (`the`, `to be`) requires them all. Names
    that look like stopwords keep their case in the index ("US", "IT") and are never optional.
    """

    def visit(node):
        if type(node) is not query.And:
            return node
        common = [child for child in node.subqueries if _is_common_word(child)]
        if not common or len(common) == len(node.subqueries):
            return node
        rest = [child for child in node.subqueries if not _is_common_word(child)]
        required = rest[0] if len(rest) == 1 else query.And(rest)
        optional = common[0] if len(common) == 1 else query.Or(common)
        maybe = query.AndMaybe(required, optional)
        maybe.boost = node.boost
        return maybe

    return q.accept(visit)


def _is_common_word(node: query.Query) -> bool:
    """A stopword searched in title and body (the parser's Or of one Term per field)."""
    terms = node.subqueries if type(node) is query.Or else [node]
    return all(type(t) is query.Term and t.fieldname in TEXT_FIELDS and t.text in STOP_WORDS
               for t in terms)


def plain_words(text: str) -> str:
    """The text with every operator and special character turned into a space."""
    return " ".join(_OPERATOR_CHARS.sub(" ", text).split())


_EXPANDING = (query.Prefix, query.Wildcard, query.FuzzyTerm)


@dataclass
class ExpansionBudget:
    """One query's share of expansion work: index terms per expanding node, vocabulary entries
    per expanding word, and the words stemmed so far (title and body share an analyzer)."""

    terms: int
    scanned: int
    stems: dict = field(default_factory=dict)   # (id of analyzer, word) -> its indexed terms

    @classmethod
    def of(cls, q: query.Query) -> ExpansionBudget:
        """The budget of ``q``; BadQuery (param q) when it asks for more than any query may."""
        leaves = list(q.leaves())
        expanding = [leaf for leaf in leaves if isinstance(leaf, _EXPANDING)]
        words = {(type(leaf), leaf.text) for leaf in expanding}
        if len(words) > MAX_EXPANDING_WORDS:
            raise BadQuery(f"'q' has {len(words)} wildcard or fuzzy words (word*, word~); "
                           f"at most {MAX_EXPANDING_WORDS} are searched at once", param="q")
        clauses = {getattr(leaf, "text", None) or tuple(getattr(leaf, "words", ()))
                   for leaf in leaves if not isinstance(leaf, _EXPANDING)}
        if len(clauses) > MAX_CLAUSES:
            raise BadQuery(f"'q' has {len(clauses)} words and phrases; at most {MAX_CLAUSES} "
                           "are searched at once", param="q")
        _check_phrases({clause for clause in clauses if isinstance(clause, tuple)})
        return cls(terms=max(1, min(MAX_EXPANSIONS, MAX_EXPANDED_TERMS // max(len(expanding), 1))),
                   scanned=max(1, min(MAX_SCANNED_TERMS, MAX_QUERY_SCANNED // max(len(words), 1))))


def _check_phrases(phrases: set[tuple[str, ...]]) -> None:
    """BadQuery (param q) for a phrase of more than MAX_PHRASE_WORDS words, or phrases of more
    than MAX_QUERY_PHRASE_WORDS words together (a phrase searched in title and body counts once)."""
    longest = max(map(len, phrases), default=0)
    if longest > MAX_PHRASE_WORDS:
        raise BadQuery(f"a quoted phrase in 'q' has {longest} words; at most {MAX_PHRASE_WORDS} "
                       "words are matched as one phrase", param="q")
    total = sum(map(len, phrases))
    if total > MAX_QUERY_PHRASE_WORDS:
        raise BadQuery(f"the quoted phrases in 'q' have {total} words together; at most "
                       f"{MAX_QUERY_PHRASE_WORDS} are searched at once", param="q")


def bound_expansions(q: query.Query, reader, vocabulary: Vocabulary) -> query.Query:
    """Replace prefix, wildcard and fuzzy terms by an OR of their most frequent matching terms,
    within the query's ExpansionBudget."""
    budget = ExpansionBudget.of(q)

    def visit(node):
        if isinstance(node, _EXPANDING):
            return _expand(node, reader, vocabulary, budget)
        return node

    def preload(node):
        if type(node) is query.Or and len(node.subqueries) > 2 and not node.minmatch and not node.scale:
            return ExpandedOr(node.subqueries, boost=node.boost)
        if type(node) is query.Sequence:   # its parts are matched position by position
            node.subqueries = [query.Or(part.subqueries, boost=part.boost) if type(part) is ExpandedOr
                               else part for part in node.subqueries]
        return node

    # normalize() flattens nested Ors into plain ones, so the array matcher is chosen afterwards.
    return q.accept(visit).normalize().accept(preload)


def _expand(node, reader, vocabulary: Vocabulary, budget: ExpansionBudget) -> query.Query:
    field = node.fieldname
    if isinstance(node, (query.Prefix, query.Wildcard)):
        literal = re.split(r"[*?]", node.text, maxsplit=1)[0]
        if len(literal) < MIN_WILDCARD_PREFIX:
            stripped = re.sub(r"[*?]", "", node.text)
            return query.Term(field, stripped, boost=node.boost) if stripped else query.NullQuery
    try:
        found = _index_terms(node, reader, vocabulary, budget)
    except Exception:
        log.info("could not expand %r", node, exc_info=True)
        return query.NullQuery
    # By frequency, then text: a set's order changes with PYTHONHASHSEED, and two workers must
    # answer one URL alike.
    frequent = sorted(found, key=lambda text: (-reader.doc_frequency(field, text), text))[:budget.terms]
    terms = [query.Term(field, text, boost=node.boost) for text in frequent]
    if not terms:
        return query.NullQuery
    return terms[0] if len(terms) == 1 else ExpandedOr(terms)


class ExpandedOr(query.Or):
    """An Or of many terms (what prefix/fuzzy terms expand to). Whoosh ranks a plain Or through a
    binary tree of union matchers, Python calls per node per document: 1.6 s for `wor*` on
    234,000 articles; preloading the matches into an array ranks the same top hits in 0.4 s."""

    matcher_type = query.Or.ARRAY_MATCHER


def _index_terms(node, reader, vocabulary: Vocabulary, budget: ExpansionBudget) -> Collection[str]:
    """The indexed terms an expanding node stands for.

    Title and body are stemmed: a prefix or wildcard is matched against the vocabulary of words
    as written ("governm*" finds "government") and each word is then stemmed to the indexed term
    ("govern"). Matching the stems themselves would miss words whose stem is shorter than the
    prefix ("happy*": the stem is "happi").
    """
    field = node.fieldname
    fieldobj = reader.schema[field]
    if isinstance(node, query.FuzzyTerm):
        # The parser hands FuzzyTerm the stemmed text ("econmi"), so it is compared with the
        # stemmed terms of the field itself. The first letter is kept (prefix >= 1): a scan of
        # the whole vocabulary took 1.1 s on 234,000 articles; a prefix makes it ~20x cheaper.
        prefix = max(node.prefixlength, 1)
        # Most frequent first, then alphabetical: ties cut at MAX_EXPANSIONS the same way in
        # every process (a set's order depends on the hash seed).
        return fuzzy.terms_within(reader, vocabulary.term_buckets(), field, node.text, node.maxdist, prefix)
    if field not in TEXT_FIELDS:   # unstemmed: the field's own terms are the words
        words = (fieldobj.from_bytes(b) if isinstance(b, bytes) else b for b in node._btexts(reader))
        return set(islice(words, budget.scanned))
    literal = re.split(r"[*?]", node.text, maxsplit=1)[0]
    words = vocabulary.with_prefix(literal)
    if isinstance(node, query.Wildcard):
        pattern = re.compile(fnmatch.translate(fold(node.text)))
        words = [w for w in words if pattern.match(fold(w))]
    if len(words) > budget.scanned:   # the scan keeps the most used words
        words = sorted(words, key=lambda w: (-vocabulary.count(w), w))
    words = list(islice(words, budget.scanned))
    # The memo that snippets use (one analysis per word as written, per index version) knows
    # most words already; without one, the words are stemmed once per query.
    memo = vocabulary.word_terms(fieldobj.analyzer)
    analysed = memo.terms(words) if memo is not None else None
    if analysed is not None:
        stems = set(analysed.values())
    else:
        stems = set()
        for word in words:
            key = (id(fieldobj.analyzer), word)
            if key not in budget.stems:
                budget.stems[key] = tuple(fieldobj.process_text(word, mode="query"))
            stems.update(budget.stems[key])
    # One index lookup per stem, not per word ("work", "works", "worked" share one).
    return sorted(term for term in stems if (field, term) in reader)
