"""Article -> Claim: one claim per asserting sentence, as a normalised proposition with slots.

``extract_claims(articles)`` is a function over a batch, with no state beyond the loaded spaCy
pipelines, so a distributed engine can map it over partitions. The engine is
:mod:`checker.extract.engine`; each slot has its module (``dates``, ``numbers``, ``places``, ...).
"""

from checker.extract.engine import EXTRACTOR_VERSION, extract_article, extract_batch, extract_claims
from checker.extract.nlp import unload_nlp
from checker.extract.remembered import MAX_ARTICLES, extract_remembered
from checker.extract.sentences import limit_claims

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_ARTICLES",
    "extract_article",
    "extract_batch",
    "extract_claims",
    "extract_remembered",
    "limit_claims",
    "unload_nlp",
]
