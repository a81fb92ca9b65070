"""The query language: user text -> a Whoosh query over title (boosted by the schema) and body.

Words, "phrases", AND/OR/NOT, -word, title: and facet (person:, …) prefixes, word* and word~.
Wildcard and fuzzy terms are expanded here, once, to the few most frequent index terms they
match: Whoosh would otherwise OR together every matching term (`lo*` took 22 s on a big index).
Text that does not parse as the language is searched as plain words.
"""
from __future__ import annotations

import fnmatch
import heapq
import logging
import re
from array import array
from itertools import islice

import numpy as np
from whoosh import qparser, query
from whoosh.qparser import plugins
from whoosh.reading import IndexReader, TermNotFound

from ..facets import FACETS
from ..store.vocabulary import Vocabulary

log = logging.getLogger(__name__)

TEXT_FIELDS = ["title", "body"]
# Field prefixes a user may type -> index field. Anything else before a colon is plain text.
FIELD_PREFIXES = {"title": "title", "body": "body", "text": "body",
                  **{facet.kind: facet.names_field for facet in FACETS}}

MIN_WILDCARD_PREFIX = 2    # `a*` or `*ing` would walk the whole vocabulary
MAX_EXPANSIONS = 30        # terms an expanding term turns into, most frequent first
MAX_SCANNED_TERMS = 5000   # vocabulary entries looked at per expanding term

_NEGATED = re.compile(r'(?:^|\s)(?:-|NOT\s+)("[^"]*"|[^\s"]+)')
_OPERATOR_CHARS = re.compile(r'[()"*?~^:\[\]{}\\+]|(?<!\w)-|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b')


def _make_parser(schema, with_syntax: bool) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(TEXT_FIELDS, schema, group=qparser.AndGroup)
    parser.remove_plugin_class(plugins.FieldsPlugin)
    parser.remove_plugin_class(plugins.RangePlugin)  # date ranges are the `from`/`to` filters
    if with_syntax:
        names = "|".join(sorted(FIELD_PREFIXES, key=len, reverse=True))
        parser.add_plugin(plugins.FieldsPlugin(expr=rf"(?<![\w:])(?P<text>{names}):"))
        aliases: dict[str, list[str]] = {}
        for typed, field in FIELD_PREFIXES.items():
            if typed != field:
                aliases.setdefault(field, []).append(typed)
        parser.add_plugin(plugins.FieldAliasPlugin(aliases))
        parser.add_plugin(plugins.FuzzyTermPlugin())
        parser.add_plugin(plugins.PlusMinusPlugin())
    return parser


class QueryBuilder:
    """Parses user text for one index version; thread-safe (parsers are built once, used
    read-only). ``vocabulary`` holds the unstemmed words that `word*` expands over."""

    def __init__(self, schema, vocabulary: Vocabulary):
        self.schema = schema
        self.vocabulary = vocabulary
        self._parser = _make_parser(schema, with_syntax=True)

    def parse(self, text: str, reader) -> query.Query:
        """The Whoosh query for ``text``; query.Every() when nothing searchable is left."""
        parsed = self._parse(text) or self._parse_exclusions(text) or self._parse(plain_words(text))
        if parsed is None:
            return query.Every()
        return bound_expansions(parsed, reader, self.vocabulary)

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
        if parsed is query.NullQuery or isinstance(parsed, query.Not):
            return None
        return parsed


def plain_words(text: str) -> str:
    """The text with every operator and special character turned into a space."""
    return " ".join(_OPERATOR_CHARS.sub(" ", text).split())


def bound_expansions(q: query.Query, reader, vocabulary: Vocabulary) -> query.Query:
    """Replace prefix, wildcard and fuzzy terms by an OR of their most frequent matching terms."""

    def visit(node):
        if isinstance(node, (query.Prefix, query.Wildcard, query.FuzzyTerm)):
            return _expand(node, reader, vocabulary)
        return node

    def preload(node):
        if type(node) is query.Or and len(node.subqueries) > 2 and not node.minmatch and not node.scale:
            return ExpandedOr(node.subqueries, boost=node.boost)
        return node

    # normalize() flattens nested Ors into plain ones, so the array matcher is chosen afterwards.
    return q.accept(visit).normalize().accept(preload)


def _expand(node, reader, vocabulary: Vocabulary) -> query.Query:
    field = node.fieldname
    if isinstance(node, (query.Prefix, query.Wildcard)):
        literal = re.split(r"[*?]", node.text, maxsplit=1)[0]
        if len(literal) < MIN_WILDCARD_PREFIX:
            stripped = re.sub(r"[*?]", "", node.text)
            return query.Term(field, stripped, boost=node.boost) if stripped else query.NullQuery
    try:
        found = _index_terms(node, reader, vocabulary)
    except Exception:
        log.info("could not expand %r", node, exc_info=True)
        return query.NullQuery
    frequent = heapq.nlargest(MAX_EXPANSIONS, found, key=lambda text: reader.doc_frequency(field, text))
    terms = [query.Term(field, text, boost=node.boost) for text in frequent]
    if not terms:
        return query.NullQuery
    return terms[0] if len(terms) == 1 else ExpandedOr(terms)


class ExpandedOr(query.Or):
    """An Or of many terms (what prefix/fuzzy terms expand to). Whoosh ranks a plain Or through a
    binary tree of union matchers, Python calls per node per document: 1.6 s for `wor*` on
    234,000 articles; preloading the matches into an array ranks the same top hits in 0.4 s."""

    matcher_type = query.Or.ARRAY_MATCHER


def _index_terms(node, reader, vocabulary: Vocabulary) -> set[str]:
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
        words = list(IndexReader.terms_within(reader, field, node.text, node.maxdist, prefix=prefix))
        words.append(node.text)   # the word itself, when it is an indexed (stemmed) term
        return {w for w in words if (field, w) in reader}
    if field not in TEXT_FIELDS:   # unstemmed: the field's own terms are the words
        words = (fieldobj.from_bytes(b) if isinstance(b, bytes) else b for b in node._btexts(reader))
        return set(islice(words, MAX_SCANNED_TERMS))
    literal = re.split(r"[*?]", node.text, maxsplit=1)[0]
    words = vocabulary.with_prefix(literal)
    if isinstance(node, query.Wildcard):
        pattern = re.compile(fnmatch.translate(node.text))
        words = (w for w in words if pattern.match(w))
    found = set()
    for word in islice(words, MAX_SCANNED_TERMS):
        for term in fieldobj.process_text(word, mode="query"):
            if (field, term) in reader:
                found.add(term)
    return found


def highlight_terms(q: query.Query) -> frozenset[str]:
    """Analysed term texts of the title/body part of ``q``, for highlighting body text."""
    texts = set()
    for field, text in q.iter_all_terms():
        if field in FIELD_PREFIXES.values():
            texts.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return frozenset(texts)


# Matching as a boolean mask over document numbers (for filters and facet counts)


def matching_mask(q: query.Query, searcher, arrays) -> np.ndarray:
    """Which documents ``q`` matches, deleted ones excluded; term lists are cached per version.

    Boolean structure is evaluated with numpy; positional queries (phrases) go through Whoosh.
    """
    reader = searcher.reader()
    n_docs = arrays.n_docs

    def term_mask(field: str, text) -> np.ndarray:
        fieldobj = reader.schema[field]
        btext = text if isinstance(text, bytes) else fieldobj.to_bytes(text)

        def compute() -> np.ndarray:
            mask = np.zeros(n_docs, dtype=bool)
            mask[term_postings(reader, arrays, field, btext)[0]] = True
            return mask

        return arrays.cached_mask((field, btext), compute)

    def evaluate(node) -> np.ndarray:
        kind = type(node)
        if node is query.NullQuery:
            return np.zeros(n_docs, dtype=bool)
        if kind is query.Every:
            return np.ones(n_docs, dtype=bool)
        if kind is query.Term and node.fieldname in reader.schema:
            return term_mask(node.fieldname, node.text)
        if kind is query.And or kind is query.Require:
            result = np.ones(n_docs, dtype=bool)
            for sub in node.children():
                result &= evaluate(sub)
            return result
        if (kind is query.Or or kind is ExpandedOr) and not getattr(node, "minmatch", 0):
            result = np.zeros(n_docs, dtype=bool)
            for sub in node.children():
                result |= evaluate(sub)
            return result
        if kind is query.AndNot:
            return evaluate(node.a) & ~evaluate(node.b)
        if kind is query.AndMaybe:
            return evaluate(node.a)
        if kind is query.Not:
            return ~evaluate(node.query)
        return _whoosh_mask(node)

    def _whoosh_mask(node) -> np.ndarray:
        def compute() -> np.ndarray:
            mask = np.zeros(n_docs, dtype=bool)
            docs = np.fromiter(searcher.docs_for_query(node), dtype=np.int64)
            mask[docs] = True
            return mask

        # Phrases are matched position by position in Python: worth keeping, like terms.
        return arrays.cached_mask(("query", node), compute)

    return evaluate(q) & arrays.live


def term_postings(reader, arrays, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Global doc numbers (int32, deleted included) and posting weights (float32, the field
    boost included, as Whoosh stores them) of one term, cached per index version."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        docs, weights = [], []
        for leaf, offset in leaves:
            try:
                matcher = leaf.postings(field, btext)
            except TermNotFound:
                continue
            # The public matcher calls, bound once: 220 ms for the 169,000 postings of "said" on
            # 234,000 articles; items_as("weight") decodes every posting's positions (320 ms).
            ids, found = array("i"), array("f")
            add_id, add_weight = ids.append, found.append
            is_active, doc, weight, advance = matcher.is_active, matcher.id, matcher.weight, matcher.next
            while is_active():
                add_id(doc())
                add_weight(weight())
                advance()
            docs.append(np.frombuffer(ids, dtype=np.int32) + np.int32(offset))
            weights.append(np.frombuffer(found, dtype=np.float32))
        if not docs:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(docs), np.concatenate(weights)

    return arrays.cached_postings((field, btext), compute)


def posting_docs(leaf, field: str, btext: bytes) -> np.ndarray:
    """Segment-local doc numbers of one term, deleted documents included (public matcher API).

    Reading Whoosh's posting blocks directly was measured only 1.1-1.5x faster on 234,000
    articles (169,000 postings of "said": 229 ms vs 268 ms), not worth depending on private
    codec internals; the term-mask LRU hides the difference for frequent words anyway.
    """
    try:
        matcher = leaf.postings(field, btext)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64)
    return np.fromiter(matcher.all_ids(), dtype=np.int64)


# "Did you mean"

_WORD = re.compile(r"(?<![\w:*?~^\\-])([^\W\d_][\w'’]*)(?![\w:*?~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def correct_text(text: str, reader, vocabulary: Vocabulary) -> str | None:
    """``text`` with each word unknown to title and body replaced by the closest known word
    (fewest edits, then most documents); None when no word needed or found a correction.

    Words are looked up in the vocabulary of words as written: Whoosh's correct_query() would
    hand the stemmed form to the corrector and put an unstemmed suggestion back into a stemmed
    field.
    """
    changed = False

    def fix(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        if word in _OPERATORS or _known(word, reader):
            return word
        better = _closest_word(word.lower(), reader, vocabulary)
        if better is None:
            return word
        changed = True
        return better.capitalize() if word[:1].isupper() else better

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None


def _known(word: str, reader) -> bool:
    terms = _terms(word, reader)
    return not terms or _in_index(terms, reader)   # a stop word counts as known


def _closest_word(word: str, reader, vocabulary: Vocabulary) -> str | None:
    for candidate in vocabulary.within(word, 2, prefix=1):
        if candidate != word and _indexed(candidate, reader):   # the table may hold stale words
            return candidate
    return None


def _indexed(word: str, reader) -> bool:
    return _in_index(_terms(word, reader), reader)


def _terms(word: str, reader) -> list[str]:
    return list(reader.schema["body"].process_text(word, mode="query"))


def _in_index(terms: list[str], reader) -> bool:
    return any((field, term) in reader for term in terms for field in TEXT_FIELDS)
