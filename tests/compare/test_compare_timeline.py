from checker.compare.timeline import build_timeline
from checker.extract import extract_claims
from checker.models import Article


def _article(name: str, text: str) -> Article:
    return Article(
        id=name, text=text, published="2025-02-27", published_weekday=3, content_hash=Article.hash_text(text)
    )


def test_compare_timeline_groups_one_dated_event_across_sources_and_orders_years_first():
    claims = extract_claims(
        [
            _article(
                "a.txt",
                "Une première rencontre a eu lieu le 18 février à Ryad entre diplomates russes et "
                "américains.\nLe sommet de Séoul s'était tenu en mai 2024, après celui de Bletchley Park.\n",
            ),
            _article("b.txt", "La rencontre du 18 février en Arabie saoudite a réuni les diplomates des deux pays.\n"),
        ]
    )
    timeline = build_timeline(claims)
    dates = [e.date for e in timeline]
    assert dates == sorted(dates, key=lambda d: (d.startswith("--"), d))  # written years before year-less dates
    feb18 = [e for e in timeline if e.date.endswith("02-18")]
    assert len(feb18) == 1 and set(feb18[0].articles) == {"a.txt", "b.txt"}
    assert "Riyadh" in feb18[0].places


def test_compare_timeline_leaves_out_the_start_of_a_period():
    claims = extract_claims(
        [_article("a.txt", "C'est la première rencontre depuis février 2022 entre les deux pays.\n")]
    )
    assert all(e.date != "2022-02" for e in build_timeline(claims))
