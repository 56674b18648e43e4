"""spaCy's pipelines, loaded once per process and dropped by a one-shot run once its claims are extracted."""

from __future__ import annotations

from checker.extract import extract_article, unload_nlp
from checker.extract.nlp import load_nlp
from checker.models import Article

TEXT = "Le ministre a annoncé mardi à Lyon que 14 villages seraient évacués."


def _claims():
    return extract_article(Article(id="a.txt", text=TEXT, content_hash=Article.hash_text(TEXT), language="fr"))


def test_extract_nlp_unloaded_pipelines_load_again_with_the_same_claims():
    before = _claims()
    assert load_nlp.cache_info().currsize >= 1
    first = load_nlp("fr")
    unload_nlp()
    assert load_nlp.cache_info().currsize == 0  # the pipeline is forgotten: its memory can go back
    unload_nlp()  # nothing loaded: nothing to do
    after = _claims()
    assert load_nlp("fr") is not first  # read again on the next use
    assert [c.model_dump() for c in after] == [c.model_dump() for c in before]
