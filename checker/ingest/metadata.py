"""What the text itself says about an article when nothing else does: language, agency, title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from checker.ingest.boilerplate import BoilerplateMatch
from checker.ingest.vocabulary import AGENCY_NAMES, STOP_WORDS, canonical_agency

_WORD = re.compile(r"[^\W\d_]+")
_HEADING = re.compile(r"#{1,6}\s+")

# Phrases saying the agency itself was there or learnt it: the article is the agency's own copy.
# « lors de son briefing quotidien, auquel participait l'AFP » (seed 001), « a constaté l'AFP »,
# « an AFP journalist ». Not « a annoncé ... à l'agence de presse officielle russe TASS » (seed 001
# again): that is a source speaking to another outlet, a matter for the claim, not the article.
_AGENCY_WITNESS = (
    re.compile(
        rf"\b(?:participait|participaient|a constaté|ont constaté|a pu constater|a appris|journalistes? de"
        rf"|correspondante? de|photographe de) (?:l['’])?(?P<agency>{AGENCY_NAMES})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:an?|the) (?P<agency>{AGENCY_NAMES}) (?:journalist|reporter|correspondent|photographer)\b"),
)
# Where the first paragraph names its source: « selon l'Agence France-Presse » (seed 003),
# « rapporte l'AFP », « according to Reuters ». Later in the text such a phrase credits one claim only.
_AGENCY_IN_LEAD = re.compile(
    rf"\b(?:selon|d['’]après|rapporte|rapportent|a rapporté|according to|reported by|reports) "
    rf"(?:l['’]|the )?(?:agence |agency )?(?P<agency>{AGENCY_NAMES})\b",
    re.IGNORECASE,
)


def detect_language(text: str) -> str:
    """The language, "fr" or "en": whichever has more of its stop words in the text; "fr" on a tie.

    A count of function words is enough to tell two languages apart on news text, and needs no
    model or dependency.
    """
    seen = Counter(_WORD.findall(text[:20000].lower()))
    counts = {language: sum(seen[w] for w in words) for language, words in STOP_WORDS.items()}
    return "en" if counts["en"] > counts["fr"] else "fr"


def infer_agency(
    text: str, matches: Iterable[BoilerplateMatch], first_paragraph: tuple[int, int] | None
) -> tuple[str | None, str | None]:
    """The agency the article credits, canonical (AFP, Anadolu, ...), and how it was found.

    Evidence, strongest first: a byline or credit among the boilerplate (« AA / Moscou / Elena
    Teslova », « Ce contenu a été adapté à partir d'une publication de Anadolu », « PARIS (AFP) - »);
    the agency as witness anywhere (« auquel participait l'AFP »); « selon l'AFP » in the first
    paragraph. (None, None) when nothing names one.
    """
    for m in matches:
        name = canonical_agency(m.agency) if m.agency else None
        if name:
            return name, f"{m.rule} « {' '.join(text[m.start : m.end].split())} »"
    witnessed = [found for pattern in _AGENCY_WITNESS if (found := pattern.search(text))]
    if witnessed:
        first = min(witnessed, key=lambda found: found.start())
        return canonical_agency(first["agency"]), f"agency as witness « {first.group(0)} »"
    if first_paragraph:
        lead = _AGENCY_IN_LEAD.search(text, *first_paragraph)
        if lead:
            return canonical_agency(lead["agency"]), f"source named in the first paragraph « {lead.group(0)} »"
    return None, None


def infer_title(text: str, content: list[tuple[int, int]]) -> str | None:
    """The first non-boilerplate line when it reads as a headline: under 200 characters, no final period.

    A Markdown heading mark is dropped: « # Sommet de Paris » -> "Sommet de Paris".
    """
    if not content:
        return None
    line = _HEADING.sub("", text[content[0][0] : content[0][1]], count=1).strip()
    if not line or len(line) >= 200 or line.endswith("."):
        return None
    return line
