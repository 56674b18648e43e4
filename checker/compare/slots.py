"""Slot comparison: two claims' dates, numbers, places, polarity frames and attribution.

Each function returns SlotComparison values (slot, left, right, relation) that a verdict rests
on and that the report prints. "compatible" means one value contains the other (a partial date
that contains a day, a city inside a country, an approximate number whose range holds the other).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from rapidfuzz import fuzz

from checker.models import (
    PERIOD_TAGS,
    TIME_UNITS,
    BodyKey,
    Claim,
    DateMention,
    Frame,
    PlaceMention,
    Quantity,
    SlotComparison,
    TimeMention,
    filler_kind,
    filler_text,
)
from checker.text import SAYING, SOLE_AGENT, WEEKDAYS_BY_LANGUAGE, fold


def _fold(text: str) -> str:
    return " ".join(fold(text or "").split())


# ---------------------------------------------------------------- the extraction's encodings, read
def counts_comparable(a: Quantity, b: Quantity) -> bool:
    """Two figures can count the same thing unless both say what they count (``Quantity.counts``) and
    share none of it, or both give a period (``Quantity.periods``) and the periods differ."""
    if a.periods and b.periods and not set(a.periods) & set(b.periods):
        return False
    wa, wb = ({x for x in q.counts if x not in PERIOD_TAGS} for q in (a, b))
    return not (wa and wb and not wa & wb)


def same_entity(x: str, y: str) -> bool:
    """Two role fillers (``Frame.roles`` keys) name the same entity: equal keys, or one unresolved name's
    words inside the other's (« ~sochaux » and « ~fc sochaux »)."""
    if x == y:
        return True
    if filler_kind(x) == filler_kind(y) == "name":
        wx, wy = set(filler_text(x).split()), set(filler_text(y).split())
        return bool(wx and wy) and (wx <= wy or wy <= wx)
    return False


# ---------------------------------------------------------------- dates
def _date_parts(value: str) -> tuple[str | None, str | None, str | None]:
    """'2025-02-18' -> ('2025','02','18'); '--02-18' -> (None,'02','18'); '2025-02' -> ('2025','02',None)."""
    if value.startswith("--"):
        rest = value[2:].split("-")
        return None, rest[0] if rest and rest[0] else None, rest[1] if len(rest) > 1 else None
    parts = value.split("-")
    return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


_WEEKDAY_NAMES = frozenset(fold(w) for names in WEEKDAYS_BY_LANGUAGE.values() for w in names)
_WORD = re.compile(r"[^\W\d_]+")


def _bare_weekday(d: DateMention) -> bool:
    """A day read from a weekday's name alone (« mercredi », « ce samedi matin », "on Thursday"): its week is
    the extraction's guess from the article's date and the verb's tense, not something the text wrote."""
    if d.status != "inferred" or any(ch.isdigit() for ch in d.text):
        return False
    return any(w in _WEEKDAY_NAMES for w in _WORD.findall(fold(d.text)))


def _same_weekday_other_week(a: DateMention, b: DateMention) -> bool:
    """Two days a whole number of weeks apart where one was read from a weekday's name alone: the texts agree on
    the day of the week and only the inferred week differs (« elle se rendrait à Évreux mercredi », in a wire of
    Tuesday 14 April, read as the 8th, against « mercredi 15 avril »), which no text contradicts."""
    if not (_bare_weekday(a) or _bare_weekday(b)):
        return False
    try:
        da, db = (dt.date.fromisoformat(d.value or "") for d in (a, b))
    except ValueError:
        return False  # a partial date (« --04-15 », « 2026-04 »): no weekday to compare
    return da != db and (da - db).days % 7 == 0


def date_relation(a: DateMention, b: DateMention) -> str:
    """equal, compatible (one contains the other; or one day read from a weekday's name alone and the other the
    same weekday of another week), conflict, or unknown."""
    if not a.value or not b.value or "unresolved" in (a.status, b.status):
        return "unknown"
    if a.range_end or b.range_end:
        return _range_relation(a, b)
    if _same_weekday_other_week(a, b):
        return "compatible"
    pa, pb = _date_parts(a.value), _date_parts(b.value)
    same_shape, compared = True, 0
    for x, y in zip(pa, pb):
        if x is None or y is None:
            same_shape = same_shape and x is None and y is None
            continue
        if x != y:
            return "conflict"
        compared += 1
    if not compared:
        return "unknown"  # « 1962 » and « --11-18 »: nothing in common to compare
    return "equal" if same_shape else "compatible"


def _range_relation(a: DateMention, b: DateMention) -> str:
    """Overlap of two date spans, on the parts both give: « du 10 au 12 février 2025 » holds « le 11 février »."""

    def bounds(d: DateMention) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
        return _date_parts(d.value or ""), _date_parts(d.range_end or d.value or "")

    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    # compare only the components (year, month, day) that every bound states
    keep = [i for i in range(3) if all(x[i] is not None for x in (alo, ahi, blo, bhi))]
    if not keep:
        return "unknown"
    key = lambda parts: tuple(parts[i] for i in keep)  # noqa: E731
    return "compatible" if key(alo) <= key(bhi) and key(blo) <= key(ahi) else "conflict"


def compare_dates(a: Claim, b: Claim) -> list[SlotComparison]:
    """One comparison for the closest pair of resolved dates; conflict only when none agree."""
    da = [d for d in a.date_mentions if d.value and d.status != "unresolved" and not d.since]
    db = [d for d in b.date_mentions if d.value and d.status != "unresolved" and not d.since]
    if not da or not db:
        return []
    pairs = [(x, y, date_relation(x, y)) for x in da for y in db]
    for wanted in ("equal", "compatible"):
        for x, y, rel in pairs:
            if rel == wanted:
                return [SlotComparison(slot="date", left=_date_label(x), right=_date_label(y), relation=rel)]
    x, y, rel = next(((x, y, r) for x, y, r in pairs if r == "conflict"), pairs[0])
    return [SlotComparison(slot="date", left=_date_label(x), right=_date_label(y), relation=rel)]


def _date_label(d: DateMention) -> str:
    value = d.value if not d.range_end else f"{d.value}..{d.range_end}"
    note = f", {d.status}" if d.status != "exact" else ""
    return f"{value} (« {d.text} »{note})"


# ---------------------------------------------------------------- times of day
_DAY_MINUTES = 24 * 60


def minutes(t: TimeMention) -> int:
    """Minutes since midnight."""
    hour, minute = t.value.split(":")
    return int(hour) * 60 + int(minute)


# how far a told time may be from the moment (minutes), by what the cue says; see time_interval
_EXACT, _QUARTER, _ABOUT, _SHORTLY, _OPEN = 5, 15, 30, 30, 12 * 60


def time_interval(t: TimeMention, shift: int = 0) -> tuple[int, int] | None:
    """The moments a time of day allows, in minutes since midnight (``shift`` added: 720 for the other reading of
    a twelve-hour time); None for the end or the start of a period (« jusqu'à 18 h », « depuis 6 h »).
    At: ±5 minutes, ±15 on a quarter hour (« 17 h », « 17 h 45 » are often rounded); about: ±30; shortly before
    X: X-30..X; shortly after: X..X+30; before X: X-12 h..X; after: X..X+12 h."""
    x = minutes(t) + shift
    if t.bound == "at":
        pad = _QUARTER if x % 15 == 0 else _EXACT
        return x - pad, x + pad
    if t.bound == "about":
        return x - _ABOUT, x + _ABOUT
    if t.bound == "shortly_before":
        return x - _SHORTLY, x
    if t.bound == "shortly_after":
        return x, x + _SHORTLY
    if t.bound == "before":
        return x - _OPEN, x
    if t.bound == "after":
        return x, x + _OPEN
    return None


def _readings(t: TimeMention) -> list[tuple[int, int]]:
    """The intervals a time allows (two for an English "6:10" without am or pm: 6:10 and 18:10)."""
    return [i for shift in ((0, 720) if t.twelve_hour else (0,)) if (i := time_interval(t, shift)) is not None]


def time_relation(a: TimeMention, b: TimeMention) -> str:
    """equal (the same minute), compatible (the moments they allow overlap, around midnight too), conflict (they
    cannot be one moment), unknown (another zone, or the end or start of a period)."""
    ra, rb = _readings(a), _readings(b)
    if not ra or not rb or a.zone != b.zone:
        return "unknown"
    if a.value == b.value:
        return "equal"
    overlap = any(
        lo1 <= hi2 + k and lo2 + k <= hi1
        for lo1, hi1 in ra
        for lo2, hi2 in rb
        for k in (-_DAY_MINUTES, 0, _DAY_MINUTES)
    )
    return "compatible" if overlap else "conflict"


def compare_times(a: Claim, b: Claim, dates: list[SlotComparison] | None = None) -> list[SlotComparison]:
    """The times of day of two claims: equal when both state one same time; else a comparison only when each
    states ONE time (two times in a sentence are two moments, and which is the other's is not known) and their
    days (``dates``, :func:`compare_dates` when not given) do not differ: a day that differs is the date's
    conflict, and « peu avant minuit » lundi is not « 0 h 10 » mardi's time."""
    ta = [t for t in a.times if time_interval(t) is not None]
    tb = [t for t in b.times if time_interval(t) is not None]
    if not ta or not tb:
        return []
    if any(c.relation == "conflict" for c in (compare_dates(a, b) if dates is None else dates)):
        return []
    for x in ta:
        for y in tb:
            if x.zone == y.zone and x.value == y.value:
                return [SlotComparison(slot="time", left=_time_label(x), right=_time_label(y), relation="equal")]
    if len({(t.value, t.zone) for t in ta}) != 1 or len({(t.value, t.zone) for t in tb}) != 1:
        return []
    rel = time_relation(ta[0], tb[0])
    if rel == "unknown":
        return []
    return [SlotComparison(slot="time", left=_time_label(ta[0]), right=_time_label(tb[0]), relation=rel)]


def _time_label(t: TimeMention) -> str:
    """« 17:48 (« à 17 h 48 ») », "01:40 GMT (« at 0140 »)": the value first, as value_key reads it."""
    return f"{t.value}{' ' + t.zone if t.zone else ''} (« {t.text} »)"


# ---------------------------------------------------------------- numbers
# « au moins 632 morts », "more than 50": a count so far, not any larger number. A figure more than 10%
# above it is another count (« 712 morts »), not the same one.
OPEN_BOUND_MARGIN = 1.1


def _open_top(lo: float) -> float:
    """Upper end of « plus de N »: 10% above N, or the next step of a round N (« plus d'un million »
    holds 1,2 million; « plus de 8 000 » holds 8 400)."""
    if lo <= 0:
        return lo * OPEN_BOUND_MARGIN
    step = 10 ** math.floor(math.log10(lo))
    round_number = abs(lo / step - round(lo / step)) < 1e-9
    return max(lo * OPEN_BOUND_MARGIN, lo + step) if round_number else lo * OPEN_BOUND_MARGIN


def _bounds(q: Quantity) -> tuple[float, float]:
    lo = q.low if q.low is not None else q.value
    hi = q.high if q.high is not None else (q.value if q.low is None else _open_top(lo))
    return lo, hi


_SCALED = re.compile(r"(\d+)(?:[.,](\d+))?\s*(millions?|milliards?|billions?|mille|thousand|mds?|m)\b", re.IGNORECASE)


def _rounding(q: Quantity) -> float:
    """Half a unit of the last digit written before a scale word: « 1,5 million » -> 50 000; else 0."""
    m = _SCALED.search(q.text)
    if not m:
        return 0.0
    decimals = len(m.group(2) or "")
    number = float(f"{m.group(1)}.{m.group(2)}" if m.group(2) else m.group(1))
    if not number:
        return 0.0
    scale = q.value / number
    return 0.5 * scale * 10 ** (-decimals)


def number_relation(a: Quantity, b: Quantity) -> str:
    """equal, compatible (ranges overlap: « environ 30% » and « 30% »; rounding: « 1,5 million » and
    1 512 000), or conflict; same unit assumed."""
    same_value = abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))
    if same_value and a.approximate == b.approximate:
        return "equal"
    alo, ahi = _bounds(a)
    blo, bhi = _bounds(b)
    if alo <= bhi and blo <= ahi:
        return "compatible"
    if abs(a.value - b.value) <= max(_rounding(a), _rounding(b)):
        return "compatible"
    return "conflict"


def _unit(q: Quantity) -> str | None:
    return q.unit_id or q.unit


_NOT_PARTS = TIME_UNITS | {"percent"}  # times and shares are no parts of a count


def _count_parts(c: Claim) -> list[float]:
    """The exact counts of a claim that may be parts of a whole: not times, shares or amounts of money."""
    return [
        q.value
        for q in c.numbers
        if (u := _unit(q)) and u not in _NOT_PARTS and not (len(u) == 3 and u.isupper()) and not q.approximate
    ]


_WHOLES = frozenset({"person", "victim"})  # the generic counts a breakdown adds up to


def _whole_of(q: Quantity, other: Claim) -> bool:
    """« Quatre autres personnes » and « deux habitants et deux ouvriers »: a count of people that is the sum of two
    or more counts the other claim gives is their whole, told by one outlet and broken down by the other. Only
    a whole named generically (people): « 42 blessés » against « 12 morts et 30 blessés » stays a conflict."""
    if _unit(q) not in _WHOLES:
        return False
    parts = _count_parts(other)
    return len(parts) >= 2 and abs(sum(parts) - q.value) <= 1e-9 * max(1.0, abs(q.value))


def compare_numbers(a: Claim, b: Claim) -> list[SlotComparison]:
    """For each unit both claims count, equal/compatible if any pair agrees (a whole and the sum of its parts
    agree), else conflict."""
    out = []
    units = {u for q in a.numbers if (u := _unit(q))} & {u for q in b.numbers if (u := _unit(q))}
    for unit in sorted(units):
        qa = [q for q in a.numbers if _unit(q) == unit]
        qb = [q for q in b.numbers if _unit(q) == unit]
        rels = [(x, y, number_relation(x, y)) for x in qa for y in qb if counts_comparable(x, y)]
        if not rels:
            continue  # « 1 960 cas la semaine dernière » and « 15 000 cas depuis janvier »: not the same count
        best = (
            next((r for r in rels if r[2] == "equal"), None)
            or next((r for r in rels if r[2] == "compatible"), None)
            or rels[0]
        )
        x, y, rel = best
        if rel == "conflict" and (_whole_of(x, b) or _whole_of(y, a)):
            rel = "compatible"
        out.append(_figures(x, y, rel))
    return out


def _figures(x: Quantity, y: Quantity, relation: str) -> SlotComparison:
    return SlotComparison(slot="number", left=f"{x.text} ({_fmt(x)})", right=f"{y.text} ({_fmt(y)})", relation=relation)


# Two outlets that disagree on one count write figures a modest factor apart (37 / 27, 9 / 11, 6 M / 4.2 M); two
# counts of different things in one story are often an order of magnitude apart (612 passengers / a hundred in
# the lifeboats): notes/judge-decision-study.md, "Figure conflicts", where |log(x / y)| <= 0.5 was the cut.
ONE_COUNT_FACTOR = math.exp(0.5)


def _states(c: Claim, value: float) -> bool:
    return any(abs(q.value - value) <= 1e-9 * max(1.0, abs(value)) for q in c.numbers)


def one_count_apart(a: Claim, b: Claim) -> SlotComparison | None:
    """The figure comparison of two claims that look like two outlets' figures for ONE count, or None: each claim
    gives a single figure of a unit, the two count comparable things (:func:`counts_comparable`), conflict, and lie
    within :data:`ONE_COUNT_FACTOR` of each other, and neither claim also states the other's figure (« 140 vols
    annulés, contre 90 lors du premier décompte » tells an update, not another count) nor is the sum of the other's
    parts. What the engine weighs with the judge's "same fact" (``Decision.same_fact_one_count``)."""
    units = {u for q in a.numbers if (u := _unit(q))} & {u for q in b.numbers if (u := _unit(q))}
    for unit in sorted(units):
        qa = [q for q in a.numbers if _unit(q) == unit]
        qb = [q for q in b.numbers if _unit(q) == unit]
        if len(qa) != 1 or len(qb) != 1:
            continue
        x, y = qa[0], qb[0]
        if x.value <= 0 or y.value <= 0 or max(x.value, y.value) > ONE_COUNT_FACTOR * min(x.value, y.value):
            continue
        if not counts_comparable(x, y) or number_relation(x, y) != "conflict":
            continue
        if _states(a, y.value) or _states(b, x.value) or _whole_of(x, b) or _whole_of(y, a):
            continue
        return _figures(x, y, "conflict")
    return None


def _fmt(q: Quantity) -> str:
    """The figure a label glosses, language-independent (the JSON's; merge.value_key groups on it, the
    reports write it again for a reader): « 109 000 000 000 EUR », « ~30 percent », « 1 234 567.5 person »
    (every decimal kept: ``:g`` wrote 1.23457e+06, and two different figures looked the same)."""
    if q.value == int(q.value):
        value = f"{q.value:,.0f}"
    else:
        value = f"{q.value:,.6f}".rstrip("0").rstrip(".")
    return f"{'~' if q.approximate else ''}{value.replace(',', ' ')} {_unit(q) or ''}".strip()


# ---------------------------------------------------------------- places
def place_relation(a: PlaceMention, b: PlaceMention) -> str:
    """equal, compatible (one inside the other), conflict (two places that exclude each other), unknown."""
    if a.name == b.name:
        return "equal"
    if a.name in b.within or b.name in a.within:
        return "compatible"
    if a.country and b.country and a.country != b.country:
        return "conflict"
    if a.kind == b.kind and a.kind in {"city", "country", "venue"}:
        return "conflict"
    if {a.kind, b.kind} == {"venue", "city"}:
        return "conflict"  # a venue that is not inside that city
    return "unknown"


def compare_places(a: Claim, b: Claim, *, locations_only: bool) -> list[SlotComparison]:
    """Where the event happened; with locations_only, places that name an event (« sommet de Séoul ») are left out."""
    roles = {"location"} if locations_only else {"location", "other"}

    def located(c: Claim) -> list[PlaceMention]:
        # a country that does something (« le Royaume-Uni a signé ») is an actor, not where it happened
        actors = {x for f in c.frames for x in f.actors}
        return [
            p
            for p in c.place_mentions
            if p.role in roles and not (locations_only and (p.country in actors or p.name in actors))
        ]

    pa, pb = located(a), located(b)
    if not pa or not pb:
        return []
    # two mentions of a country are no agreement on where something happened: both must locate an event
    rels = [(x, y, place_relation(x, y)) for x in pa for y in pb if x.role == y.role == "location"]
    if not rels:
        return []
    for wanted in ("equal", "compatible"):
        for x, y, rel in rels:
            if rel == wanted:
                return [
                    SlotComparison(
                        slot="place", left=f"{x.text} ({x.name})", right=f"{y.text} ({y.name})", relation=rel
                    )
                ]
    conflicts = [r for r in rels if r[2] == "conflict"]
    if conflicts and len(conflicts) == len(rels):
        x, y, rel = conflicts[0]
        return [SlotComparison(slot="place", left=f"{x.text} ({x.name})", right=f"{y.text} ({y.name})", relation=rel)]
    return []


# ---------------------------------------------------------------- polarity
# Saying is not an event: two articles agreeing that Peskov « a déclaré » is not news. Verbs that
# take a stance (confirmer, nier, reconnaître, annoncer) stay comparable.
_SAYING = SAYING["fr"] | SAYING["en"]


def compare_frames(a: Claim, b: Claim) -> list[SlotComparison]:
    """A predicate both claims state of the same actor, affirmed by one and denied by the other."""
    out = []
    for fa in a.frames:
        for fb in b.frames:
            if fa.predicate != fb.predicate or not set(fa.actors) & set(fb.actors) or fa.predicate in _SAYING:
                continue
            rel = "conflict" if fa.negated != fb.negated else "equal"
            shared = tuple(x for x in fa.actors if x in fb.actors)
            out.append(SlotComparison(slot="polarity", left=_frame(fa, shared), right=_frame(fb, shared), relation=rel))
    out.sort(key=lambda c: c.relation != "conflict")
    return out[:1]


def _frame(f: Frame, actors: tuple[str, ...]) -> str:
    """« GB: signer (denied) »: who, which predicate, affirmed or denied."""
    return f"{', '.join(actors)}: {f.predicate} ({'denied' if f.negated else 'affirmed'})"


# ---------------------------------------------------------------- roles


def _entities(frame: Frame) -> list[tuple[str, str]]:
    return [(f.role, f.key) for f in frame.fillers if f.kind != "thing"]


def _has(frame: Frame, role: str, key: str) -> bool:
    return any(r == role and same_entity(k, key) for r, k in frame.roles)


def _swap(fa: Frame, fb: Frame) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """Two entities whose roles are exchanged: (r1, X), (r2, Y) in one frame, (r1, Y), (r2, X) in the other."""
    ea = _entities(fa)
    for r1, x in ea:
        for r2, y in ea:
            if r1 == r2 or same_entity(x, y):
                continue
            if _has(fb, r1, y) and _has(fb, r2, x) and not _has(fb, r1, x) and not _has(fa, r1, y):
                return (r1, x), (r2, y)
    return None


def _sole_agents(fa: Frame, fb: Frame) -> tuple[str, str] | None:
    """Different agents of a one-agent predicate on the same patient: « X a remporté l'étape » vs « Y a
    remporté l'étape », or of any act one claim gives to one agent alone (« C'est X qui a donné l'alerte » vs
    « L'alerte a été donnée par Y »; there the patient may be left unsaid by one claim); None when either agent
    also takes part in the other claim. Agents are compared entity with entity, or, when neither claim names one,
    thing with thing (« son épouse » / « le chasseur »): « un pêcheur » may be « Gérard Pellerin »."""
    sole = fa.sole or fb.sole
    if fa.predicate not in SOLE_AGENT and not sole:
        return None
    agents_a = [f.key for f in fa.fillers if f.role == "agent" and f.kind != "thing"]
    agents_b = [f.key for f in fb.fillers if f.role == "agent" and f.kind != "thing"]
    if sole and not (agents_a or agents_b):  # neither names an agent: compare what each says did it
        agents_a = [f.key for f in fa.fillers if f.role == "agent"]
        agents_b = [f.key for f in fb.fillers if f.role == "agent"]
    patients_a = [k for r, k in fa.roles if r == "patient"]
    patients_b = [k for r, k in fb.roles if r == "patient"]
    same_patient = any(same_entity(x, y) for x in patients_a for y in patients_b) or (
        sole and not (patients_a and patients_b)
    )
    if not (agents_a and agents_b and same_patient):
        return None
    everyone_a, everyone_b = [k for _, k in fa.roles], [k for _, k in fb.roles]
    if any(same_entity(x, y) for x in agents_a for y in everyone_b) or any(
        same_entity(x, y) for x in agents_b for y in everyone_a
    ):
        return None
    return agents_a[0], agents_b[0]


def _who(key: str) -> str:
    return filler_text(key)


def compare_roles(a: Claim, b: Claim) -> list[SlotComparison]:
    """Who did what to whom, for a predicate both claims state with the same polarity: the agent and the
    object exchanged (« A a racheté B » vs « B a racheté A »), or another agent of a one-agent
    predicate (two winners of the same stage)."""
    for fa in a.frames:
        for fb in b.frames:
            if fa.predicate != fb.predicate or fa.negated != fb.negated or fa.predicate in _SAYING:
                continue
            swapped = _swap(fa, fb)
            if swapped:
                (r1, x), (r2, y) = swapped
                return [
                    SlotComparison(
                        slot="role",
                        left=f"{fa.predicate}: {r1} {_who(x)}, {r2} {_who(y)}",
                        right=f"{fb.predicate}: {r1} {_who(y)}, {r2} {_who(x)}",
                        relation="conflict",
                    )
                ]
            agents = _sole_agents(fa, fb)
            if agents:
                return [
                    SlotComparison(
                        slot="role",
                        left=f"{fa.predicate}: agent {_who(agents[0])}",
                        right=f"{fb.predicate}: agent {_who(agents[1])}",
                        relation="conflict",
                    )
                ]
    return []


# ---------------------------------------------------------------- attribution
def folded_quote(claim: Claim) -> str:
    """The claim's quoted words as :func:`quote_similarity` measures them (accents, case and spacing aside)."""
    return _fold(claim.quote or "")


def quote_similarity(a: Claim, b: Claim) -> float:
    """0..1 similarity of the quoted words: rapidfuzz's token-set ratio (0 unless both claims quote)."""
    if a.quote and b.quote:
        return fuzz.token_set_ratio(folded_quote(a), folded_quote(b)) / 100.0
    return 0.0


def _same_written_name(x: str | None, y: str | None) -> bool:
    """The same family name as written, accents and case aside (« Esquerré » / "Esquerre"): one person, whatever
    the article's language made of its transliteration key (« Boudreau » is ``budreau`` read as French,
    ``boudreau`` read as English)."""
    if not x or not y:
        return False
    words = [[re.sub(r"[^a-z]", "", w) for w in _fold(n).split()] for n in (x, y)]
    if not words[0][-1] or words[0][-1] != words[1][-1]:
        return False
    # two given names that differ are two people (« Hélène Vasseur », « Claire Vasseur »)
    return len(words[0]) < 2 or len(words[1]) < 2 or words[0][0] == words[1][0]


def compare_attribution(a: Claim, b: Claim) -> list[SlotComparison]:
    """Speaker and sentence-level source of the same statement."""
    out = []
    if a.speaker_id and b.speaker_id:
        rel = "equal" if a.speaker_id == b.speaker_id or _same_written_name(a.speaker, b.speaker) else "conflict"
        out.append(SlotComparison(slot="speaker", left=a.speaker, right=b.speaker, relation=rel))
    if a.source_scope == "sentence" and b.source_scope == "sentence" and a.source and b.source:
        kinds = {a.source_kind or "agency", b.source_kind or "agency"}
        if kinds == {"agency"}:
            rel = "equal" if a.source == b.source else "conflict"
        elif kinds == {"body"} and a.language == b.language:
            rel = "equal" if same_body(a.body_key(), b.body_key()) else "conflict"
        else:
            return out  # an agency against a body (it may relay it); one body named in two languages (OMS, WHO)
        out.append(SlotComparison(slot="source", left=a.source, right=b.source, relation=rel))
    return out


def same_body(x: BodyKey | None, y: BodyKey | None) -> bool:
    """Two credited bodies (``Claim.body_key()``) are one: the same kind of body that is one whatever its name
    (« les pompiers », « le Sdis 65 ») and no two places (« parquet de Lyon », « parquet de Tours »), or one name
    inside the other (« l'OFAC », « l'Office anti-cybercriminalité (OFAC) »; « la chambre d'agriculture », « la
    chambre d'agriculture de Côte-d'Or »), or an acronym of the other."""
    if x is None or y is None:
        return True  # nothing to tell them apart by
    if x.kind or y.kind:
        return x.kind == y.kind and (not x.place or not y.place or bool(set(x.place) & set(y.place)))
    wx, wy = set(x.name), set(y.name)
    if wx <= wy or wy <= wx:
        return True
    initials = {"".join(w[0] for w in words if w not in _NOT_IN_ACRONYMS) for words in (x.name, y.name)}
    return any(len(w) > 1 and w in initials for w in wx | wy if len(w) <= 8)


_NOT_IN_ACRONYMS = frozenset({"pour", "les", "des", "aux", "sur", "dans", "for", "the", "and", "und", "der", "del"})
