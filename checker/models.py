"""Typed contracts between the stages: Article -> Claim -> Finding -> Report.

Every stage takes and returns these objects; the JSON that users' CI jobs read is their
``model_dump``. Fields are only ever added, never renamed (see README, "JSON contracts").
Offsets are character offsets into ``Article.text`` (the decoded file text, verbatim).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Literal, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"  # 1.1: finding kind "role", group, side; report events; number counts. 1.2: copies, outlets

Polarity = Literal["positive", "negative"]
Verdict = Literal["agreement", "contradiction", "attribution_conflict"]
PairVerdict = Literal["agreement", "contradiction", "attribution_conflict", "unrelated"]
ConflictKind = Literal["date", "place", "number", "order", "polarity", "role", "other", "speaker", "source"]
Period = Literal["since", "week", "day"]


def period_tag(period: Period) -> str:
    """How ``Quantity.counts`` repeats a period, for readers of versions before ``periods``: "period:week"."""
    return f"period:{period}"


PERIOD_TAGS = frozenset(period_tag(p) for p in get_args(Period))
# The language-independent unit ids (Quantity.unit_id) of time: a figure with one is a duration or a time of day,
# never a count of things (extract's numbers.json maps the lemmas of both languages to these; a test checks it).
TimeUnit = Literal["year", "month", "week", "day", "hour", "minute", "second", "decade", "century"]
TIME_UNITS = frozenset(get_args(TimeUnit))
# The sentence encoders a run may name (Settings.encoder, Report.model, an index's manifest); what each
# one is (dimension, loader, version) is registered once in checker.index.encoders.ENCODERS.
EncoderName = Literal["e5-small", "use-m3", "fake"]  # best first (index.ENCODERS registers each, in this order)
DEFAULT_ENCODER: EncoderName = get_args(EncoderName)[0]
ThresholdsName = Literal["cautious", "wide"]  # the shipped thresholds (compare's data/decision*.json), default first


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Value):
    """A half-open character range [start, end) in an article's text."""

    start: int
    end: int


class Article(_Value):
    """One article as read from the corpus, with what is known of where and when it comes from."""

    id: str = Field(description="path relative to the corpus root, with forward slashes")
    text: str = Field(description="decoded text; claim offsets index into it")
    title: str | None = None
    outlet: str | None = Field(None, description="the publication that printed it")
    agency: str | None = Field(None, description="agency the text credits as its source (AFP, Anadolu, ...)")
    language: str = "fr"
    published: str | None = Field(None, description="ISO date, partial allowed: 2025-02-18, 2025-02, 2025")
    published_weekday: int | None = Field(None, description="0=Monday .. 6=Sunday when the text names the day")
    published_basis: str | None = Field(None, description="how the date was established, for a person to check")
    boilerplate: tuple[Span, ...] = Field((), description="spans that are not reporting: ads, credits, prompts")
    content_hash: str = ""

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReadProblem(_Value):
    """A file of the corpus that could not be read; named in the report, the rest still compared."""

    path: str
    reason: str


class Corpus(_Value):
    """The articles read from one folder, in order, and the files that could not be read."""

    root: str
    articles: tuple[Article, ...]
    problems: tuple[ReadProblem, ...] = ()


class DateMention(_Value):
    """A time expression, normalised.

    « 18 février » in an article of 2025-02-27 -> value "2025-02-18", precision "day", status "exact".
    « mardi » in an article of Thursday 2025-02-27 -> "2025-02-25", status "inferred".
    « en février 2022 » -> "2022-02", precision "month", status "partial".
    """

    text: str
    start: int = Field(description="offset in the article")
    end: int
    value: str | None = Field(None, description="ISO, partial allowed; --MM-DD when the year is unknown")
    precision: Literal["day", "month", "year", "weekday", "unknown"] = "day"
    status: Literal["exact", "partial", "inferred", "unresolved"] = "exact"
    range_end: str | None = Field(None, description="for ranges and lists, the last date")
    duration_days: float | None = Field(None, description="for durations: « depuis trois ans » -> 1095")
    since: bool = Field(
        False, description="the start of a period (« depuis le 1er janvier »), not the date of an event"
    )


class PlaceMention(_Value):
    """A place, resolved in the gazetteer: Ryad / Riyad -> Riyadh (SA), inside Saudi Arabia."""

    text: str
    start: int
    end: int
    name: str = Field(description="canonical name")
    kind: Literal["venue", "city", "region", "country", "other"] = "other"
    country: str | None = Field(None, description="ISO 3166 alpha-2")
    within: tuple[str, ...] = Field((), description="canonical names of the places that contain it")
    role: Literal["location", "name", "other"] = Field(
        "other",
        description="location: where something happens (« à Ryad »); name: part of a name (« sommet de Séoul »)",
    )


class Quantity(_Value):
    """A number with its unit: « soixante et un pays » -> 61 pays; « environ 30% » -> 27..33 %."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None = Field(None, description="unit as a lemma in the article's language: an, jour, pays, %")
    unit_id: str | None = Field(None, description="language-independent unit: year, day, country, percent, EUR")
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    counts: tuple[str, ...] = Field(
        (),
        description="what the figure counts beyond its unit: « cas confirmés » -> confirmer; « cas cliniquement "
        "évocateurs » -> évocateur; then the periods again as tags (period:since, period:week, period:day), "
        "kept for readers of earlier versions: read ``periods``",
    )
    periods: tuple[Period, ...] = Field(
        (),
        description="the period the sentence counts over: since (« depuis janvier », « au total »), week "
        "(« la semaine dernière »), day (« par jour »)",
    )


TimeBound = Literal["at", "about", "shortly_before", "shortly_after", "before", "after", "until", "since"]


class TimeMention(_Value):
    """A time of day: « vers 21 heures » -> "21:00", bound "about"; "at 2:30pm" -> "14:30", bound "at".

    Its figures are no quantity: « 17 h 48 » is not 48 of anything, nor « à 14 h » fourteen hours."""

    text: str
    start: int = Field(description="offset in the article (the cue included)")
    end: int
    value: str = Field(description="HH:MM, 24-hour")
    bound: TimeBound = Field(
        "at",
        description='what the cue says of the moment: at (« à 17 h 48 »), about (« vers », "around"), '
        "shortly_before / shortly_after (« peu avant »), before / after, until / since (the end or the start of a "
        "period: not compared)",
    )
    zone: str | None = Field(None, description="GMT or Paris when the text names one; None: local")
    twelve_hour: bool = Field(
        False, description="an English h:mm without am or pm, 12 or less: it may be that time or 12 hours later"
    )


class Entity(_Value):
    """A person or organisation as named in the text, with an id shared by its spellings."""

    name: str = Field(description="the fullest form the article uses: « Dmitri Peskov »")
    id: str = Field(description="id shared by spelling variants (a person: the family name's key): peskov")
    title: str | None = Field(None, description="« porte-parole du Kremlin », kept apart from the name")
    kind: Literal["person", "organisation", "agency", "other"] = "person"


FillerKind = Literal["entity", "name", "thing"]
# The roles of a verb's participants (Frame.roles): who does it, to what, for whom, against whom, ahead of whom.
RoleName = Literal["agent", "patient", "recipient", "opponent", "behind"]


def filler_kind(key: str) -> FillerKind:
    """What a role key (:attr:`Frame.roles`) names: an entity, a name nothing resolved (``~``), a thing (``:``)."""
    return "name" if key.startswith("~") else "thing" if key.startswith(":") else "entity"


def filler_text(key: str) -> str:
    """A role key less its mark: « ~fc sochaux » -> "fc sochaux"."""
    return key if filler_kind(key) == "entity" else key[1:]


class RoleFiller(NamedTuple):
    """One ``(role, key)`` of :attr:`Frame.roles`, read. The key's first character says what fills the role
    (the claims' JSON keeps the keys as strings, so their form is part of its contract): an entity's id as
    resolved (« GB », « peskov »); ``~`` and the folded words of a name nothing resolved (« ~fc sochaux »);
    ``:`` and the folded lemma of a thing, the verb's object noun (« :etape »)."""

    role: RoleName
    key: str

    @property
    def kind(self) -> FillerKind:
        return filler_kind(self.key)

    @property
    def text(self) -> str:
        """The key less its mark: « ~fc sochaux » -> "fc sochaux"."""
        return filler_text(self.key)

    @staticmethod
    def name_key(words: Iterable[str]) -> str:
        return "~" + " ".join(words)

    @staticmethod
    def thing_key(lemma: str) -> str:
        return ":" + lemma


class Frame(_Value):
    """A predicate with its polarity and who does it: « le Royaume-Uni n'a pas signé » ->
    predicate "signer", negated True, actors ("GB",)."""

    predicate: str
    negated: bool = False
    actors: tuple[str, ...] = ()
    sole: bool = Field(
        False,
        description="the sentence says this agent and no other did it (a cleft: « C'est X qui a … », \"It was X "
        'who …"): another agent of the same act elsewhere is a conflict on who did it',
    )
    roles: tuple[tuple[RoleName, str], ...] = Field(
        (),
        description="(role, key) of the verb's participants: agent, patient, recipient, opponent, behind; the "
        "key is an entity id, ~ and a name's folded words, or : and a thing's lemma (RoleFiller reads it)",
    )

    @property
    def fillers(self) -> tuple[RoleFiller, ...]:
        """The roles, read (:class:`RoleFiller`)."""
        return tuple(RoleFiller(r, k) for r, k in self.roles)


class OrderFact(_Value):
    """« X, avant celui de Y » -> before=X, after=Y."""

    before: str
    after: str
    cue: str


class BodyKey(_Value):
    """What two credited bodies are compared on, written into ``Claim.source_key`` as text (see :meth:`text`).

    A kind of body that is one body whatever its name (the fire service: « les pompiers », « le Sdis 65 ») has
    ``kind``, named by the first head of its entry in ``checker/extract/data/registry.json`` ("pompiers"), and
    ``place``, the folded words that say which one (« du Rhône » -> ``("rhone",)``); any other body has ``name``,
    the folded words of its name (« l'Office fédéral de l'environnement »)."""

    kind: str | None = None
    place: tuple[str, ...] = ()
    name: tuple[str, ...] = ()

    def text(self) -> str:
        """``kind:pompiers``, ``kind:prefecture:rhone`` or ``name:office federal environnement``."""
        if self.kind:
            return ":".join(["kind", self.kind, *([" ".join(self.place)] if self.place else [])])
        return "name:" + " ".join(self.name)

    @classmethod
    def parse(cls, text: str) -> BodyKey:
        """The key that :meth:`text` wrote."""
        tag, _, rest = text.partition(":")
        if tag == "kind":
            kind, _, place = rest.partition(":")
            return cls(kind=kind, place=tuple(place.split()))
        return cls(name=tuple(rest.split()))


class Claim(BaseModel):
    """One asserting sentence as a normalised proposition with its slots and evidence."""

    model_config = ConfigDict(extra="forbid")

    id: str
    article: str
    text: str = Field(description="verbatim sentence")
    start: int
    end: int
    language: str = "fr"
    published: str | None = Field(None, description="the article's publication date (ISO, partial allowed), when known")
    subject: str | None = None
    predicate: str | None = Field(None, description="main verb lemma: signer, annoncer, déclarer")
    object: str | None = None
    speaker: str | None = Field(None, description="who said it, as named in the article")
    speaker_id: str | None = None
    speaker_title: str | None = None
    source: str | None = Field(
        None, description="agency credited: AFP, TASS, Anadolu; with source_kind body, the body credited: gendarmerie"
    )
    source_scope: Literal["sentence", "article"] | None = None
    source_kind: Literal["agency", "body"] | None = Field(
        None,
        description="agency: a news agency (absent in claims of earlier versions: an agency); body: another body a "
        'sentence credits with « selon » / "according to" (« selon la préfecture »)',
    )
    source_key: str | None = Field(
        None,
        description="what two credited bodies are compared on (BodyKey as text): kind: and the kind's first head, "
        "for a kind of body that is one body whatever its name (the fire service: « les pompiers », « le Sdis 65 "
        "» are kind:pompiers), then : and where (kind:prefecture:rhone); else name: and the name's folded words",
    )
    quote: str | None = Field(None, description="the words inside « » when the claim quotes someone")
    dates: list[str] = Field(default_factory=list, description="ISO values of date_mentions")
    date_mentions: list[DateMention] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list, description="canonical names of place_mentions")
    place_mentions: list[PlaceMention] = Field(default_factory=list)
    numbers: list[Quantity] = Field(default_factory=list)
    times: list[TimeMention] = Field(
        default_factory=list, description='times of day (« à 17 h 48 », "around 2pm"): their figures are not numbers'
    )
    entities: list[Entity] = Field(default_factory=list)
    polarity: Polarity = "positive"
    modality: Literal["asserted", "hedged", "reported", "denied"] = "asserted"
    frames: list[Frame] = Field(default_factory=list, description="predicates with polarity and actors")
    keywords: list[str] = Field(default_factory=list, description="content lemmas, for same-event tests")
    participants: list[str] = Field(default_factory=list, description="countries (ISO alpha-2) the claim is about")
    tense: Literal["past", "present", "future"] | None = Field(None, description="tense of the main verb")
    event_type: str | None = None
    event_types: list[str] = Field(default_factory=list, description="every event type the claim's core names")
    event_markers: list[str] = Field(
        default_factory=list,
        description="which event of a series: other, next, first, second...; past or earlier (a fact recalled); "
        "provisional or updated (its figures are one stage of a changing count: « selon un premier bilan »)",
    )
    order_facts: list[OrderFact] = Field(default_factory=list)

    def body_key(self) -> BodyKey | None:
        """The credited body's key, typed (None when no body is credited)."""
        return BodyKey.parse(self.source_key) if self.source_key else None

    @staticmethod
    def make_id(article: str, start: int, text: str) -> str:
        digest = hashlib.sha1(f"{article}\x00{start}\x00{text}".encode()).hexdigest()
        return digest[:16]


class SlotComparison(_Value):
    """The two values a verdict rests on."""

    slot: str
    left: str | None
    right: str | None
    relation: Literal["equal", "compatible", "conflict", "unknown"]


class ClaimRef(_Value):
    """A claim as quoted in a finding: enough for an editor to find and check it."""

    article: str
    text: str
    start: int
    end: int
    claim_id: str
    speaker: str | None = None
    source: str | None = None
    side: Literal["a", "b"] | None = Field(
        None, description="in a conflict: a states the first value compared, b the second"
    )


def kind_of_slot(slot: str) -> str:
    """The conflict kind a compared slot gives: its own name, but a time of day tells when, as a date does."""
    return "date" if slot == "time" else slot


class Finding(_Value):
    """One verdict on two claims from different articles (an agreement or a conflict of some kind), with the
    values compared and the words that explain it: what reports and `checker check --format json` list."""

    id: str = Field(description="stable: the same two sentences and verdict give the same id")
    verdict: Verdict
    kind: ConflictKind | None = None
    confidence: float
    explanation: str
    event: str | None = None
    claims: tuple[ClaimRef, ClaimRef]
    group: str | None = Field(
        None,
        description="id of the finding that leads a group of findings about one discrepancy (one article "
        "against several that agree with each other); the leader's own id for the leader",
    )
    compared: tuple[SlotComparison, ...] = ()

    def conflict(self) -> SlotComparison | None:
        """The comparison a conflict rests on (its kind's slot, in conflict: a date conflict may rest on the times of
        day, slot ``time``); None for agreements."""
        return next((c for c in self.compared if kind_of_slot(c.slot) == self.kind and c.relation == "conflict"), None)


class PairResult(_Value):
    """The verdict on one pair of sentences given by the user (`checker compare-pairs`), with its explanation."""

    id: str
    verdict: PairVerdict
    kind: ConflictKind | None = None
    confidence: float
    explanation: str = ""


class TimelineEntry(_Value):
    """One dated event as the sources report it: « 2025-02-18 meeting in Riyadh (001, 002) »."""

    date: str = Field(description="ISO, partial allowed (--MM-DD when no year is written)")
    event: str
    places: tuple[str, ...] = ()
    articles: tuple[str, ...]
    claims: tuple[ClaimRef, ...]


class EventGroup(_Value):
    """One event as several sources report it: the claims the comparison found to be about it (they
    agree or contradict each other on its slots), with what they say of its date and place."""

    id: str = Field(description="stable: derived from the claims it holds")
    event: str = Field(description="type and shared words: « vote (délégué, nantes, horizon) »")
    dates: tuple[str, ...] = Field((), description="ISO dates the claims give it, as written (they may disagree)")
    places: tuple[str, ...] = ()
    articles: tuple[str, ...]
    claim_ids: tuple[str, ...]
    findings: tuple[str, ...] = Field((), description="ids of the findings about it")


class CopyGroup(_Value):
    """Articles that carry the same dispatch (a reprint under a new first paragraph still does): a report
    counts them as one outlet."""

    articles: tuple[str, ...] = Field(description="article ids, the earliest published first (the likeliest original)")
    agency: str | None = Field(None, description="the agency its members credit, when they credit one and the same")
    shared: float = Field(
        description="share of the shorter text's five-word runs found in the other, for the least alike two members "
        "found to be copies (0.6 to 1; from 0.4 when both credit the same agency)"
    )


class Report(_Value):
    """A whole run (`compare` or `check`): the findings, the problems met while reading, the timeline, the
    events and the copies of one dispatch; its JSON is the public contract CI jobs read."""

    schema_version: str = SCHEMA_VERSION
    corpus: str
    articles: int
    claims: int
    model: str
    findings: tuple[Finding, ...]
    problems: tuple[ReadProblem, ...] = ()
    timeline: tuple[TimelineEntry, ...] = Field((), description="dated events, grouped across sources, in order")
    events: tuple[EventGroup, ...] = Field((), description="events found in several sources, most reported first")
    language: str | None = Field(
        None, description="the language most of its articles are in (fr, en): the one its reports are written in"
    )
    copies: tuple[CopyGroup, ...] = Field((), description="groups of articles that carry the same dispatch")
    thresholds: ThresholdsName | None = Field(
        None,
        description="the thresholds the findings were decided with (--thresholds): cautious says fewer conflicts, "
        "more of them right; wide more, fewer right; absent in reports of versions before the choice",
    )
    outlets: dict[str, str] = Field(
        default_factory=dict,
        description="the outlet that printed each article, where known (article id -> outlet): a report counts "
        "an outlet's articles, like copies of one dispatch, as one independent outlet",
    )

    @staticmethod
    def main_language(languages: Iterable[str]) -> str | None:
        """The language most of ``languages`` (one per article) are in, French on a tie; None for none."""
        counted = Counter(languages)
        return min(counted, key=lambda lang: (-counted[lang], lang != "fr", lang), default=None)

    def counts(self) -> dict[str, int]:
        out = {"agreement": 0, "contradiction": 0, "attribution_conflict": 0}
        for f in self.findings:
            out[f.verdict] += 1
        return out
