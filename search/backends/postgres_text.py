"""PostgreSQL's side of the database engine: weighted full text, typos and "did you mean".

Full text: title A, category names B, description C, English stemming, prefixes; a
version's colour, size or material finds the product it belongs to (attributes.py). Typos
follow the rule the search engines use (fuzziness AUTO:4,7 with the first letter fixed):
a word of 4–6 letters may be one edit from a title word, from 7 letters two edits, shorter
words must be exact (jam is not ham). Edit distance is fuzzystrmatch's levenshtein;
pg_trgm's word similarity only ranks, as a trigram threshold can't tell "vinager" from
"vinyl". "Did you mean" replaces each unknown word by the nearest title or category word.
"""
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from .attributes import with_attribute_word

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
WORDS = r"'[^[:alnum:]]+'"  # what splits a title into words
LONGEST_TYPO = 50  # longer "words" are noise, and levenshtein() refuses more than 255 characters


def edits_allowed(word):
    """The engines' AUTO:4,7 fuzziness."""
    if len(word) > LONGEST_TYPO:
        return 0
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2


class HasWordNear(Func):
    """True when some word of the text is within `edits` of `word` and starts like it."""

    output_field = BooleanField()

    def __init__(self, text, word, edits):
        super().__init__(text)
        self.word, self.edits = word, edits

    def as_sql(self, compiler, connection, **extra):
        text, params = compiler.compile(self.source_expressions[0])
        return (f"EXISTS (SELECT 1 FROM regexp_split_to_table(lower({text}), {WORDS}) AS w "
                "WHERE left(w, 1) = %s AND levenshtein_less_equal(w, %s, %s) <= %s)",
                [*params, self.word[:1], self.word, self.edits, self.edits])


def match(qs, words):
    """(products where every word is a prefix of a stemmed word, or a near miss of a title
    word, a relevance expression)."""
    names = ProductCategory.objects.filter(product=OuterRef("pk")).order_by().values("product").annotate(
        names=StringAgg("category__name", " ")).values("names")
    vector = (SearchVector("title", weight="A", config="english")
              + SearchVector(Coalesce(Subquery(names), Value(""), output_field=TextField()), weight="B",
                             config="english")
              + SearchVector("description", weight="C", config="english"))
    words = searchable(words)
    if not words:
        return qs.none(), Value(0.0)
    qs = qs.annotate(document=vector)
    for word in words:
        found = Q(document=SearchQuery(f"{word}:*", search_type="raw", config="english"))
        if edits_allowed(word):
            found |= HasWordNear("title", word, edits_allowed(word))
        qs = qs.filter(found | with_attribute_word(word))
    everything = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="english")
    closeness = sum((TrigramWordSimilarity(Value(w), "title") for w in words), Value(0.0)) / Value(float(len(words)))
    return qs, ExpressionWrapper(SearchRank(F("document"), everything) + closeness * Value(0.5),
                                 output_field=FloatField())


_KEPT = {}  # word -> kept by the English configuration; its stop-word list never changes


def searchable(words):
    """The words PostgreSQL's English configuration keeps: stop words ("the", "and") are
    in no document, so requiring them would find nothing. Each word is asked about once
    per process, so a search usually costs no query for this."""
    unknown = [w for w in dict.fromkeys(words) if w not in _KEPT]
    if unknown:
        with connection.cursor() as cursor:
            cursor.execute("SELECT w FROM unnest(%s::text[]) AS w WHERE numnode(to_tsquery('english', w || ':*')) > 0",
                           [unknown])
            kept = {row[0] for row in cursor.fetchall()}
        if len(_KEPT) > 100_000:  # shoppers type anything: don't let the memo grow for ever
            _KEPT.clear()
        _KEPT.update((w, w in kept) for w in unknown)
    return [w for w in words if _KEPT[w]]


def suggest(words):
    """Each word not found in any public title or category name replaced by the nearest
    one that is (same first letter, at most two edits); "" when nothing would change."""
    titles, title_params = Product.objects.browsable().order_by().values("title").query.sql_with_params()
    names, name_params = Category.objects.browsable().order_by().values("name").query.sql_with_params()
    vocabulary = (f"SELECT regexp_split_to_table(lower(t.title), {WORDS}) AS w FROM ({titles}) t "
                  f"UNION ALL SELECT regexp_split_to_table(lower(c.name), {WORDS}) FROM ({names}) c")
    chosen = []
    with connection.cursor() as cursor:
        for word in words:
            if len(word) > LONGEST_TYPO:
                chosen.append(word)
                continue
            cursor.execute(
                f"SELECT w FROM ({vocabulary}) v WHERE left(w, 1) = %s AND levenshtein_less_equal(w, %s, 2) <= 2 "
                "GROUP BY w ORDER BY levenshtein(w, %s), similarity(w, %s) DESC, count(*) DESC, w LIMIT 1",
                [*title_params, *name_params, word[:1], word, word, word])
            row = cursor.fetchone()
            chosen.append(row[0] if row else word)
    return " ".join(chosen) if chosen != list(words) else ""
