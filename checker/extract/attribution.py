"""Who said it, and according to which agency.

Rules over a spaCy parse of one sentence, with a little memory of the article
(``ArticleMemory``): the people named so far, the titles they were given, the last speaker and
the last grammatical subject. They cover the forms French news uses:

- « … », a déclaré Dmitri Peskov / a annoncé mardi l'ambassadeur russe, Alexandre Dartchiev
- Peskov a déclaré que … / Peskov a précisé : « … »
- « … », a-t-il ajouté  -> the last speaker
- Lundi, il a déclaré …  -> the subject of the previous sentence, else the last speaker
- Ce dernier a qualifié …  -> the last person named in the previous sentence
- le porte-parole a déclaré …  -> the person the article called « porte-parole » earlier
- selon lui / selon Peskov / selon l'AFP (an agency is a source, never a speaker)
- auquel participait l'AFP, à l'agence TASS, a déclaré à TASS, (AFP) -> source
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.extract.lexicon import REPORTING, REPORTING_NEEDS, TITLE_HEADS
from checker.extract.registry import load_registry, person_id
from checker.models import BodyKey, Entity
from checker.text import fold as _fold


@dataclass
class ArticleMemory:
    """What earlier sentences of the same article tell about who is who."""

    language: str = "fr"
    people: dict[str, Entity] = field(default_factory=dict)  # id -> fullest form seen
    titles: dict[str, str] = field(default_factory=dict)  # folded title head -> person id
    last_speaker: Entity | None = None
    last_subject: Entity | None = None
    last_person: Entity | None = None

    def remember(self, name: str, title: str | None = None) -> Entity:
        """Register a person mention, keep the fullest name and any title given."""
        name = re.sub(r"^(M\.|Mme|Mr\.?|Mrs\.?|Ms\.?)\s+", "", name.strip())
        pid = person_id(name, self.language)
        old = self.people.get(pid)
        full = name if old is None or len(name) > len(old.name) else old.name
        title = title or (old.title if old else None)
        entity = Entity(name=full, id=pid, title=title, kind="person")
        self.people[pid] = entity
        if title:
            head = _fold(title.split()[0]) if title.split() else ""
            if head:
                self.titles[head] = pid
            self.titles[_fold(title)] = pid
        return entity

    def by_title(self, phrase: str) -> Entity | None:
        folded = _fold(phrase)
        pid = self.titles.get(folded)
        if pid is None:
            words = folded.split()
            if words and words[0] in {_fold(t) for t in TITLE_HEADS}:
                pid = self.titles.get(words[0])
        return self.people.get(pid) if pid else None

    def met(self, name: str) -> Entity | None:
        """The person of this article whose family name ``name`` is (« Trump » after « Donald Trump »), if any."""
        return self.people.get(person_id(name, self.language))


@dataclass
class Attribution:
    speaker: Entity | None = None
    source: str | None = None
    body: tuple[str, BodyKey] | None = None  # a body the sentence credits, not an agency: (as written, its key)
    people: list[Entity] = field(default_factory=list)
    subject: Entity | None = None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, id) in the sentence


# What credits an agency before its name: « selon », « à l'AFP », « joint par l'AFP », "reviewed by Reuters",
# « a rapporté l'AFP ». The cue may stand up to 60 characters before the name (« a déclaré mardi à l'agence »).
_ACCORDING = r"selon|d['’]apr[eè]s|according to"  # what credits the words that follow, in both languages
_SAYING_CUES = rf"{_ACCORDING}|told|reported|rapport[eé]e?|aupr[eè]s de|par|by|cité par|quoted by|via"
_AGENCY_CUE = re.compile(
    rf"({_SAYING_CUES}|participait|assistait|à|au|aupr[eè]s d|to|agence|agency)\b[^.;«»]{{0,60}}$", re.IGNORECASE
)
# For a name the table does not know, « à » and "to" credit only after a verb of saying or its participle
# (« a indiqué le commandant à l'agence Keystone-ATS »; « il travaille à l'agence Havas » credits nobody).
_CREDIT_CUE = re.compile(
    rf"(?:{_SAYING_CUES}|(?:\w+(?:é|ée|és|ées|ait|aient|ed)|said|dit|told)\b[^.;«»]{{0,50}}\b(?:à|au|to))"
    r"\b[^.;«»]{0,30}$",
    re.IGNORECASE,
)
# ... or a reporting verb right after it: « l'AFP a appris », "Reuters reported".
_AGENCY_REPORTS = re.compile(
    r"^\s*(?:a |ont |has |have )?(?:appris|rapport[eé]e?|indiqu[eé]|r[eé]v[eé]l[eé]|reported|said|says|learned|learnt|"
    r"quoted|cited)\b",
    re.IGNORECASE,
)
# An agency the table does not know, named as one: « l'agence Belga », « l'agence italienne ANSA », « l'agence
# de presse Keystone-ATS », "the AGI news agency". The name is a capitalised word or acronym (two at most)
# right after « agence » (one lower-case adjective between at most, never a preposition: « l'agence
# bancaire de Toulouse » names no agency), or right before "news agency" / "press agency".
_NAME = r"(?P<name>[A-Z][\w&-]*[\w&](?: [A-Z][\w&-]*[\w&])?)"
_NAMED_AGENCY = (
    re.compile(rf"\b[Aa]gence(?: de presse)?(?: (?!de\b|du\b|des\b|d['’])[a-zà-ÿ]+)? {_NAME}"),
    re.compile(rf"\b(?:[Nn]ews|[Pp]ress) agency,? {_NAME}"),
    re.compile(rf"{_NAME}(?:'s)? (?:state |official )?(?:news|press) agency\b"),
)
_SELON = re.compile(rf"\b(?:{_ACCORDING})\s+(lui|elle|eux|him|her|them)\b", re.IGNORECASE)
_ACCORDING_TO = re.compile(rf"\b(?:{_ACCORDING})\s+(?:le |la |l'|l’)?([\w'’ -]{{2,60}}?)(?:[,.;]|$)", re.IGNORECASE)
_CE_DERNIER = re.compile(r"\b(ce dernier|cette dernière|the latter)\b", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’-]+$")


def find_source(sentence: str) -> str | None:
    """The agency a sentence credits: « selon l'AFP », « à l'agence TASS », « auquel participait l'AFP », « joint
    par l'AFP », « l'AFP a appris », and agencies the table does not know when the sentence names them as
    agencies (« selon l'agence Belga », "the AGI news agency"): the table's canonical name, else the name as
    written."""
    registry = load_registry()
    folded = _fold(sentence)
    best: tuple[int, str] | None = None
    for variant, agency in registry.agencies.items():
        short = len(variant) <= 3
        flags = 0 if short else re.IGNORECASE
        pattern = re.escape(variant) if not short else re.escape(variant.upper())
        text = sentence if short else folded  # short names are matched in capitals, as written
        for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text, flags):
            before, after = text[: m.start()], text[m.end() :]
            if short and variant in {"aa", "ap"} and not re.search(r"\(\s*$|\bagence\b|\bagency\b", before[-30:], re.I):
                continue
            if _AGENCY_CUE.search(before) or re.match(r"\s*\)", after if short else "") or _AGENCY_REPORTS.match(after):
                if best is None or m.start() < best[0]:
                    best = (m.start(), agency)
    for named in _NAMED_AGENCY:
        for m in named.finditer(sentence):
            credited = _CREDIT_CUE.search(sentence[: m.start()]) or _AGENCY_REPORTS.match(sentence[m.end() :])
            if credited and (best is None or m.start() < best[0]):
                name = re.sub(r"^(?:The|La|Le) ", "", m.group("name"))
                best = (m.start(), registry.agency(name) or name)
    return best[1] if best else None


# « « … », a savouré », « s'est félicitée », « a fait valoir »: the verb right after a quote introduces it.
_AFTER_QUOTE = re.compile(
    r"[»”\"]\s*,?\s*(?:(?:s['’]|se )?(?:a|ont|avait|avaient|est|sont|était|étaient|had|has)\s*)?"
    r"(?:-t-(?:il|elle)|-(?:il|elle)s?)?\s*(?:fait\s+)?$",
    re.I,
)


def _in_attribution_position(token) -> bool:
    """« « … », a savouré le capitaine » / « X a tempéré : « … » »: whatever the verb, it introduces the quote."""
    if token.pos_ != "VERB":
        return False
    text = token.doc.text  # builds the sentence's text: only for verbs
    before = text[max(0, token.idx - 20) : token.idx]
    after = text[token.idx + len(token.text) : token.idx + len(token.text) + 4]
    return bool(_AFTER_QUOTE.search(before)) or after.lstrip().startswith((": «", ":«", ': "'))


def _lemma(token, language: str) -> str:
    """The token's lemma; for a French verb the lemmatiser left as written (« estime », « soulignent »), the
    first-group infinitive, the commonest."""
    lemma = token.lemma_.casefold()
    infinitive = re.search(r"(?:er|ir|re|oir)$", lemma)  # « dire », « écrire » stay as they are
    if language == "fr" and token.pos_ == "VERB" and lemma == token.text.casefold() and not infinitive:
        m = re.fullmatch(r"(\w+?)(?:e|es|ent)", lemma)
        if m:
            return m.group(1) + "er"
    return lemma


def _is_reporting(token, language: str) -> bool:
    if _in_attribution_position(token):
        return True
    lemma = _lemma(token, language)
    if lemma not in REPORTING.get(language, set()) or token.pos_ not in {"VERB", "AUX", "NOUN"}:
        return token.pos_ == "VERB" and lemma in REPORTING.get(language, set())
    needs = REPORTING_NEEDS.get(lemma)
    if needs:
        following = " ".join(t.text.casefold() for t in token.doc[token.i + 1 : token.i + 4])
        return any(n in following for n in needs)
    return True


def _entity_at(doc, token) -> tuple[str, str] | None:
    """The entity (text, label) that covers a token, if any."""
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text, ent.label_
    return None


_FUNCTION_WORDS = frozenset({"des", "les", "aux", "the", "and", "for"})
_CREDIT_WORDS = frozenset({"selon", "après", "to"})  # « selon », « d'après », "according to"
# « selon », « d'après », "according to"; « a-t-on appris auprès du parquet » (not « plainte auprès du parquet »)
_CREDIT = re.compile(rf"\b(?:{_ACCORDING}|appris auprès (?:d['’]|de (?:la |l['’])?|du |des ))\s*", re.IGNORECASE)
_CREDIT_END = re.compile(r"[,;:.()«»\"“”]|\s[-–—]\s")
_BOUNDARY = {"acl", "acl:relcl", "relcl", "appos", "punct", "parataxis", "conj", "cc"}
_ORG_LABELS = {"ORG"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def credited_body(doc, memory: ArticleMemory) -> tuple[str, BodyKey] | None:
    """The body a sentence credits with « selon », « d'après » or "according to" when it is neither an agency nor
    a person: « selon la gendarmerie », « d'après les données du rectorat d'Aix-Marseille », « selon le Sdis 65 »,
    "according to UNHCR". Returns (the body as written, its comparison key): a kind of body that is one body
    whatever its name (the fire service: « les pompiers », « le Sdis 65 »; the prefecture; the prosecution; see
    ``data/registry.json``) and where, else the name's folded words. None for what credits
    no body (« selon les premières estimations », « selon une source proche de l'enquête », « selon lui »)."""
    registry = load_registry()
    for m in _CREDIT.finditer(doc.text):
        end = _CREDIT_END.search(doc.text, m.end())
        stop = end.start() if end else len(doc.text)
        span = [t for t in doc if m.end() <= t.idx < stop]
        inside = {t.i for t in span}
        roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
        root = next((t for t in roots if t.pos_ in {"NOUN", "PROPN", "X"}), None)
        if root is not None and _fold(root.text) in registry.carriers:
            # « les données du rectorat »: what the body published, then the body
            root = next((c for c in root.children if c.i in inside and c.dep_ in {"nmod", "pobj", "prep"}), None)
            root = next((c for c in root.subtree if c.pos_ in {"NOUN", "PROPN"}), None) if root is not None else None
        if root is None or any(e.label_ in {"PER", "PERSON"} and e.start <= root.i < e.end for e in doc.ents):
            continue
        cut = {t.i for c in root.children if c.dep_ in _BOUNDARY for t in c.subtree}
        kept = {t.i for t in root.subtree if t.i not in cut and t.i in inside}
        last = root
        for t in doc[root.i + 1 : max(inside) + 1]:
            if t.i not in kept:
                break
            last = t
        # keep what hangs on the noun (« d'agriculture de Côte-d'Or »), left words that modify it (« Office »)
        modifiers = {"amod", "compound", "flat:name"}
        left = [t for t in doc[min(inside) : root.i] if t.head.i == root.i and t.dep_ in modifiers]
        phrase = doc[(left[0].i if left else root.i) : last.i + 1].text.strip()
        phrase = re.sub(r"^(?:le|la|les|l'|l’|the)\s*", "", phrase, flags=re.IGNORECASE)
        if not phrase or registry.agency(phrase) or memory.by_title(phrase):
            continue
        kind = registry.body_kind(phrase)
        proper = _ACRONYM.match(root.text) or any(
            e.label_ in _ORG_LABELS and e.start <= root.i < e.end for e in doc.ents
        )
        words = [w for w in (re.sub(r"^[dl]['’]", "", w) for w in _fold(phrase).split()) if len(w) > 2 or w.isdigit()]
        if kind is not None and not kind.named:
            # what else names it (« du Rhône », « 65 », « de Lyon »): two prefectures of two départements differ
            where = tuple(w for w in words if w not in kind.head.split() and w not in _FUNCTION_WORDS)
            return phrase, BodyKey(kind=kind.name, place=where)
        if kind is not None or proper:
            return phrase, BodyKey(name=tuple(words))
    return None


def _organisation(text: str) -> Entity | None:
    known = load_registry().by_variant.get(_fold(text).removeprefix("l'").removeprefix("le ").strip())
    if known and known.kind == "organisation":
        return Entity(name=known.name, id=known.id, kind="organisation")
    return None


def _people_in(doc, memory: ArticleMemory) -> list[tuple[int, Entity]]:
    """Persons named in the sentence (token index, entity), registering titles given in apposition."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in {"PER", "PERSON"}:
            continue
        name = ent.text.strip(" ,")
        if not any(_NAME_TOKEN.match(w) for w in name.split()):
            continue
        if load_registry().agency(name):
            continue
        title = _apposed_title(doc, ent)
        found.append((ent.start, memory.remember(name, title)))
    # A person met earlier in the article whom NER missed at the start of a sentence or clause, or right after
    # « selon » (« Trump », « Selon Peskov » there are often tagged as something else): the family name alone.
    # Elsewhere a name NER left out is no person: a company or a town that NER once took for one (« la fonderie
    # Vallière », "stay in Nimes") would speak.
    covered = {i for ent in doc.ents if ent.label_ in {"PER", "PERSON"} for i in range(ent.start, ent.end)}
    for tok in doc:
        if tok.i in covered or not _NAME_TOKEN.match(tok.text):
            continue
        opens = tok.i == 0 or doc[tok.i - 1].is_punct or doc[tok.i - 1].lower_ in _CREDIT_WORDS
        if opens and memory.met(tok.text):
            found.append((tok.i, memory.remember(tok.text)))
    return sorted(found, key=lambda x: x[0])


_TITLE_BEFORE = re.compile(r"(?:le|la|l'|l’|the)\s+((?:[\w'’-]+\s+){0,7}?[\w'’-]+)\s*,\s*$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"^\s*,\s*(?:le |la |l'|l’)?((?:[\w'’-]+\s+){0,7}?[\w'’-]+)\s*,", re.IGNORECASE)


def _apposed_title(doc, ent) -> str | None:
    """« Le porte-parole du Kremlin, Dmitri Peskov, » or « Dmitri Peskov, porte-parole du Kremlin, »."""
    text = doc.text
    heads = {_fold(t) for t in TITLE_HEADS}
    people = [e for e in doc.ents if e.label_ in {"PER", "PERSON"} and e != ent]

    def names_someone(start: int, end: int) -> bool:
        # « le ministre … Sergueï Lavrov, Peskov »: that title is Lavrov's, not Peskov's
        return any(p.start_char < end and start < p.end_char for p in people)

    before = text[: ent.start_char]
    window = max(0, len(before) - 90)
    m = _TITLE_BEFORE.search(before[window:])
    if m and _fold(m.group(1).split()[0]) in heads and not names_someone(window + m.start(1), window + m.end(1)):
        return m.group(1)
    end = ent.end_char
    m = _TITLE_AFTER.match(text[end : end + 90])
    if m and _fold(m.group(1).split()[0]) in heads and not names_someone(end + m.start(1), end + m.end(1)):
        return m.group(1)
    return None


def _resolve_subject(tok, doc, memory: ArticleMemory, people: list[tuple[int, Entity]], inverted: bool):
    """Turn the subject token of a reporting verb into a speaker entity."""
    lower = tok.text.casefold()
    if lower in {"il", "elle", "he", "she", "-il", "-elle"}:
        if inverted:
            return memory.last_speaker or memory.last_subject
        return _subject_before(tok, people) or memory.last_subject or memory.last_speaker
    for idx, person in people:
        span_end = idx + len(person.name.split())
        # « Sa directrice générale, Claire Hourcade, estime »: the parser often hangs the apposed name as a conjunct
        linked = {"appos", "flat:name", "nmod", "compound"} | ({"conj"} if tok.pos_ == "NOUN" else set())
        if _names_at(idx, person, tok.i) or any(
            idx <= c.i < span_end for c in tok.subtree if c.dep_ in linked and not _behind_preposition(c, tok)
        ):
            return person
    for child in tok.children:
        if child.dep_ in {"appos", "flat:name", "compound", "nmod"}:
            for idx, person in people:
                if _names_at(idx, person, child.i):
                    return person
    if _CE_DERNIER.search(" ".join(t.text for t in doc[max(0, tok.i - 1) : tok.i + 1])):
        return memory.last_person
    org = _organisation(tok.text)
    if org:
        return org
    phrase = " ".join(t.text for t in tok.subtree if t.dep_ not in {"det", "punct"} and t.i >= tok.i)
    titled = memory.by_title(phrase) or memory.by_title(tok.text)
    if titled:
        return titled
    if tok.pos_ == "PROPN":
        if memory.met(tok.text):
            return memory.remember(tok.text)
        name = _unlabelled_name(tok, doc)
        if name:
            return memory.remember(name)
    return None


def _behind_preposition(token, subject) -> bool:
    """Whether ``token`` hangs from ``subject`` through an English preposition: "said Sophie Brunel, a forecaster
    with the weather service Meteo-France" names Brunel, not the service inside her apposition. (French parses
    put « du groupe » as nmod, which an apposed name still links through: « le PDG du groupe, B. Lemaire ».)"""
    while token.i != subject.i and token.head.i != token.i:  # spaCy makes a new Token at each access: compare .i
        if token.dep_ in {"prep", "pobj", "pcomp"}:
            return True
        token = token.head
    return False


def _names_at(idx: int, person: Entity, i: int) -> bool:
    """Whether token ``i`` is in the mention of ``person`` that starts at token ``idx``."""
    return idx <= i < idx + max(1, len(person.name.split()))


def _subject_before(tok, people: list[tuple[int, Entity]]) -> Entity | None:
    """« le vigneron Étienne Gauthier lui a montré des grappes : il estime avoir perdu 90 % »: a pronoun whose
    antecedent is the subject of an earlier clause of the same sentence (the person named as, or in
    apposition to, that subject), before the article's last subject."""
    for idx, person in reversed(people):
        if idx >= tok.i:
            continue
        t = tok.doc[idx]
        if t.dep_.startswith("nsubj") or (
            t.dep_ in {"appos", "flat:name", "conj", "nmod"} and t.head.dep_.startswith("nsubj") and t.head.i < tok.i
        ):
            return person
    return None


def _unlabelled_name(tok, doc) -> str | None:
    """« Patrice Boudreau, who heads the CQE, said »: a subject of two or three capitalised proper nouns (a
    first name and a surname) that NER left without a label; None when NER calls any of them a place, an
    organisation or anything else."""
    parts = sorted([tok, *(c for c in tok.children if c.dep_ in {"compound", "flat", "flat:name"})], key=lambda t: t.i)
    if not 2 <= len(parts) <= 3 or parts[-1].i - parts[0].i != len(parts) - 1:
        return None
    if not all(t.pos_ == "PROPN" and _NAME_TOKEN.match(t.text) for t in parts):
        return None
    if any(ent.start <= t.i < ent.end for ent in doc.ents for t in parts):
        return None
    return " ".join(t.text for t in parts)


_APPOSED_PHRASES = 3  # comma-enclosed phrases stepped over back to the subject's name
_APPOSED_WORDS = 16  # the longest such phrase, in tokens


def _named_just_before(verb, people: list[tuple[int, Entity]]) -> Entity | None:
    """« le PDG du groupe, Bertrand Lemaire, a assuré que »: a person named right before the verb (commas and
    auxiliaries between) when the parser gave the verb no subject; or named before a few comma-enclosed phrases
    that come between (an apposition, a relative clause), at the head of the clause: « Yannick Le Goff, délégué
    du SNPL pour la base de Brest, a estimé que », « Sa présidente, Aurélie Schmitt, dont le fils … a été malade,
    a raconté que »."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and (doc[i].is_punct or doc[i].dep_.startswith("aux")):
        i -= 1
    for step in range(_APPOSED_PHRASES + 1):
        for idx, person in people:
            if _names_at(idx, person, i) and (step == 0 or _heads_clause(doc, idx)):
                return person
        # back over one phrase to the comma that opens it
        start = i
        while i >= 0 and doc[i].text != ",":
            if doc[i].text in _QUOTE_MARKS or start - i > _APPOSED_WORDS:
                return None
            i -= 1
        i -= 1  # the token before that comma: where the phrase's head word ends
        if i < 0:
            return None
    return None


_QUOTE_MARKS = frozenset({"«", "»", '"', "“", "”"})


def _heads_clause(doc, idx: int) -> bool:
    """Whether the name at token ``idx`` opens its sentence or a clause (after a comma, or after a title that
    does: « Sa présidente, Aurélie Schmitt, »)."""
    return idx == 0 or doc[idx - 1].text in {",", ";", ":"}


def _main_clause(verb) -> bool:
    """A reporting verb counts when it carries its own statement, not when it sits in a relative or
    participial clause (« que Vucic a qualifié d'erreur », « annoncée lundi par Lavrov »,
    « critiqué par Trump », « Commentant … »). The parser's attachment (advcl, acl) is not trusted:
    French parses often hang the main verb under the quote."""
    children = list(verb.children)
    if any(c.dep_ in {"aux:pass", "auxpass"} for c in children):
        return False
    if any(c.text.casefold() in {"que", "qu'", "qu’", "qui"} and c.dep_ in {"obj", "nsubj", "dobj"} for c in children):
        return False
    has_aux = any(c.dep_.startswith("aux") for c in children)
    has_subject = any(c.dep_ in {"nsubj", "expl:subj"} for c in children)
    if "Part" in verb.morph.get("VerbForm") and not has_aux and not has_subject:
        return False
    return True


def _clause_rank(verb) -> tuple[int, int]:
    """Attribution clauses first (« X a déclaré : « … » », « « … », a-t-il dit »), then the root."""
    text = verb.doc.text
    after = text[verb.idx + len(verb.text) : verb.idx + len(verb.text) + 4]
    before = text[max(0, verb.idx - 16) : verb.idx]
    if after.lstrip().startswith((":", "«")) or re.search(r"[»”\"]\s*,?\s*(\S+\s+){0,3}$", before):
        return (0, verb.i)
    return (1 if verb.dep_ in {"ROOT", "parataxis"} else 2, verb.i)


def attribute(doc, memory: ArticleMemory) -> Attribution:
    """Speaker, source and named people of one sentence; updates the article memory."""
    language = memory.language
    text = doc.text
    people = _people_in(doc, memory)
    result = Attribution(source=find_source(text), people=[p for _, p in people])
    result.mentions = [(doc[idx].idx, doc[idx].idx + len(doc[idx].text), p.id) for idx, p in people]
    speaker = None
    subject = None

    selon = _SELON.search(text)
    if selon:
        speaker = memory.last_speaker or memory.last_subject
    if speaker is None:
        for m in _ACCORDING_TO.finditer(text):
            phrase = m.group(1).strip()
            if load_registry().agency(phrase) or load_registry().agency(phrase.split()[-1]):
                continue
            for _, person in people:
                if person.name.split()[-1] in phrase:
                    speaker = person
            speaker = speaker or memory.by_title(phrase)

    reporting = sorted((t for t in doc if _is_reporting(t, language) and _main_clause(t)), key=_clause_rank)
    for verb in reporting:
        if speaker is not None:
            break
        subj = [
            c
            for c in verb.children
            if c.dep_ in {"nsubj", "nsubj:pass", "expl:subj"}
            and c.text.casefold() not in {"qui", "que", "-t", "who", "that"}
        ]
        aux_inverted = any(
            c.dep_ == "expl:subj" or c.text.casefold() in {"-il", "-elle"} for c in verb.children
        ) or re.search(r"-t-(il|elle)\b|\b(a|ont)-(il|elle)s?\b", text[max(0, verb.idx - 12) : verb.idx])
        for s in subj:
            speaker = _resolve_subject(s, doc, memory, people, bool(aux_inverted))
            if speaker:
                break
        if speaker is None and aux_inverted:
            speaker = memory.last_speaker or memory.last_subject
        if speaker is None and not subj:
            speaker = _named_just_before(verb, people)
        if speaker is None:
            # Inverted subject after the verb: « », a annoncé mardi l'ambassadeur russe, Alexandre Dartchiev;
            # never a name nested inside a subject the parser found and no one could be read from ("said Sophie
            # Brunel, a forecaster with Meteo-France": Meteo-France is not who spoke)
            inside = {c.i for s in subj for c in s.subtree}
            for idx, person in people:
                if verb.i < idx <= verb.i + 14 and idx not in inside and "«" not in doc[verb.i : idx].text:
                    speaker = person
                    break
        if speaker is None:
            for tok in doc[verb.i + 1 : verb.i + 4]:
                org = _organisation(tok.text)
                if org and tok.dep_ in {"nsubj", "obj", "obl:agent"}:
                    speaker = org
                    break
        if speaker is None and _CE_DERNIER.search(text[: verb.idx]):
            speaker = memory.last_person

    root_subjects = [c for t in doc if t.dep_ == "ROOT" for c in t.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    for s in root_subjects:
        for idx, person in people:
            if _names_at(idx, person, s.i) or any(idx <= c.i < idx + 2 for c in s.children):
                subject = person
        if subject is None and s.pos_ == "PRON" and s.text.casefold() in {"il", "elle", "he", "she"}:
            subject = speaker
    if speaker is not None:
        subject = subject or (speaker if speaker.kind == "person" else None)

    result.speaker = speaker
    result.subject = subject
    if result.source is None and speaker is None:
        result.body = credited_body(doc, memory)
    if speaker is not None and speaker.kind == "person":
        memory.last_speaker = speaker
    memory.last_subject = subject
    memory.last_person = people[-1][1] if people else memory.last_person
    return result
