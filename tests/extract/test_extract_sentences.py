import pytest

from checker.extract.sentences import split_sentences
from checker.models import Span


def _texts(text, skip=()):
    return [text[s.start : s.end] for s in split_sentences(text, skip)]


def test_extract_sentences_keeps_multi_sentence_quote_with_its_speaker():
    text = "« Nous avons des ressources. Nous avons des plans », a-t-il déclaré. Il est parti."
    assert _texts(text) == ["« Nous avons des ressources. Nous avons des plans », a-t-il déclaré.", "Il est parti."]


def test_extract_sentences_does_not_split_after_abbreviation():
    assert _texts("Interrogé mercredi, M. Peskov a souligné ce point. Fin.") == [
        "Interrogé mercredi, M. Peskov a souligné ce point.",
        "Fin.",
    ]


def test_extract_sentences_lines_are_boundaries_and_offsets_are_verbatim():
    text = "Titre sans point\nLe Kremlin a jugé la chose. Puis il a parlé."
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Titre sans point",
        "Le Kremlin a jugé la chose.",
        "Puis il a parlé.",
    ]
    assert spans[1].start == text.index("Le Kremlin")


def test_extract_sentences_stray_closing_quote_opens_nothing():
    text = "Il a précisé qu' »on ne peut pas. Russie. » Ensuite il est parti."
    assert len(_texts(text)) >= 2


def test_extract_sentences_skips_boilerplate_and_trims_a_leading_marker():
    text = "date 2025-02 Le Kremlin a annoncé la reprise.\nPublicité\n"
    skip = (Span(start=0, end=12), Span(start=text.index("Publicité"), end=text.index("Publicité") + 9))
    assert _texts(text, skip) == ["Le Kremlin a annoncé la reprise."]


def test_extract_sentences_abbreviations_say_why_and_end_no_sentence():
    import json

    from checker.extract import sentences

    table = json.loads(sentences._DATA.read_text(encoding="utf-8"))
    assert table["abbreviations"]["why"].strip()
    assert all(w == w.casefold() and not w.endswith(".") for lang in ("fr", "en") for w in table["abbreviations"][lang])
    assert _texts("Le Dr. Martin est venu. Il est reparti.") == ["Le Dr. Martin est venu.", "Il est reparti."]


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("abbreviations", {"fr": ["m"], "en": ["mr"]}),  # a list without its why
        ("abbreviations", {"why": "w", "fr": ["m"], "en": ["mr"], "de": ["hr"]}),  # an unknown key
        ("about", None),
    ],
)
def test_extract_sentences_a_malformed_abbreviations_file_is_an_error_naming_it(tmp_path, monkeypatch, part, value):
    import json

    from checker.errors import ModelError
    from checker.extract import sentences

    table = json.loads(sentences._DATA.read_text(encoding="utf-8"))
    table[part] = value
    path = tmp_path / "sentence-words.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(sentences, "_DATA", path)
    with pytest.raises(ModelError, match="sentence-words.json"):
        sentences._load_words()
