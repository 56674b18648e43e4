"""Ingest: corpus files -> Article objects.

One reader per format (``readers``), boilerplate spans (``boilerplate``), the manifest
(``manifest``), and what the text says of its agency, language, title (``metadata``) and date
(``dating``); sentence-pair tables for ``compare-pairs`` (``pairs``). ``read_corpus`` is the stage
function; the rest is public for tools and tests.
"""

from __future__ import annotations

from checker.ingest.boilerplate import find_boilerplate
from checker.ingest.corpus import (
    MANIFEST_NAME,
    build_article,
    read_article,
    read_corpus,
    read_files,
    skip_reason,
    walk_corpus,
)
from checker.ingest.dating import normalise_date
from checker.ingest.manifest import CorpusManifest, ManifestEntry, load_manifest
from checker.ingest.metadata import detect_language
from checker.ingest.pairs import article_from_text, read_pairs
from checker.ingest.readers import SUPPORTED_SUFFIXES
from checker.ingest.vocabulary import canonical_agency
from checker.progress import Progress

__all__ = [
    "MANIFEST_NAME",
    "SUPPORTED_SUFFIXES",
    "CorpusManifest",
    "ManifestEntry",
    "Progress",
    "article_from_text",
    "build_article",
    "canonical_agency",
    "detect_language",
    "find_boilerplate",
    "load_manifest",
    "normalise_date",
    "read_article",
    "read_corpus",
    "read_files",
    "read_pairs",
    "skip_reason",
    "walk_corpus",
]
