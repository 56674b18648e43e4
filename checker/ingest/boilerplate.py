"""Spans of an article that are not reporting: ads, widgets, credits, prompts, bylines, markers.

The rules live in one table, ``RULES``, each with a comment showing the text it is for. A rule works
at one of three scopes:

- ``line``: the whole line (stripped) must match: « Publicité », « Table of Contents ».
- ``sentence``: one sentence inside a line must match, so that a credit closing a paragraph is cut
  off without its reporting: seed 004 ends a paragraph with « Ce contenu a été adapté à partir d'une
  publication de Anadolu et traduit par ... », and only that sentence is boilerplate.
- ``prefix``: a marker at the start of a line, the rest of the line being reporting:
  seed 003 begins « date 2025-02 Le Kremlin a annoncé ... ».

Patterns are case-insensitive; a ``'`` in a pattern matches both ``'`` and ``’``. Named groups carry
what a boilerplate line tells about the article: ``agency`` (« AA / Moscou / ... » -> AA) and
``date`` (« date 2025-02 »); ``metadata`` and ``dating`` read them from ``scan_boilerplate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from checker.ingest.vocabulary import AGENCY_NAMES, MONTH_NAMES, WEEKDAY_NAMES
from checker.models import Span

Scope = Literal["line", "sentence", "prefix"]

# An agency as a credit names it: « l'Agence Anadolu », « AFP », « l'agence Reuters ».
_AGENCY = rf"(?:l'|the )?(?:agence |agency )?(?P<agency>{AGENCY_NAMES})"
# A written date with its year: « 11 février 2025 », « 1er mars 2025 », « February 11, 2025 ».
_DATE = rf"(?:\d{{1,2}}(?:er)? (?:{MONTH_NAMES}) \d{{4}}|(?:{MONTH_NAMES}) \d{{1,2}},? \d{{4}})"
# A share button's label: « Facebook », « E-mail », « Copier le lien ».
_SHARE_BUTTON = r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|imprimer|print|copier le lien|copy link)"
# A word in capitals, as datelines write places: « MOSCOU », « NEW DELHI ».
_CAPS = r"(?-i:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ\x27’-]{2,})"
# A capitalised word, for names and places: « Elena », « Moscou », « Saint-Pétersbourg ».
_NAME = r"(?-i:[A-ZÀ-ÖØ-Þ][\w.\x27’-]*)"


@dataclass(frozen=True)
class Rule:
    name: str
    scope: Scope
    pattern: re.Pattern[str]
    language: str | None  # None: applies whatever the article's language (widgets leak across sites)


def _rule(name: str, scope: Scope, pattern: str, language: str | None = None) -> Rule:
    return Rule(name, scope, re.compile(pattern.replace("'", "['’]"), re.IGNORECASE), language)


RULES: tuple[Rule, ...] = (
    # « Publicité », « Publicité pour Mesri_Juillet » (seed 004), « Advertisement »: ad slots.
    _rule("advert", "line", r"(?:publicité|advertisement|advertising|annonce|sponsorisé|contenu sponsorisé|"
          r"sponsored(?: content)?)(?: pour \S.{0,80})?"),
    # « Table of Contents » (seed 002: an English widget on a French site), « Sommaire ».
    _rule("contents", "line", r"table of contents|contents|table des matières|sommaire"),
    # « Laisser un commentaire » (seed 004), « Leave a comment », « 12 commentaires »: comment widgets.
    _rule("comment_prompt", "line", r"(?:laisser|laissez|ajouter|écrire|poster) un commentaire|réagir|"
          r"leave a (?:comment|reply)|add a comment|(?:\d+ )?(?:commentaires?|comments?)(?: \(\d+\))?"),
    # « Votre avis sera publié et visible par des milliers de lecteurs. » (seed 004): comment-box notice.
    _rule("comment_notice", "sentence", r"votre (?:avis|commentaire|réaction) (?:sera|est|a été) .*", "fr"),
    # « Veuillez l'exprimer dans un langage respectueux. » (seed 004): the comment box's etiquette line.
    _rule("comment_etiquette", "sentence", r"(?:veuillez l'exprimer|merci de rester courtois) .*", "fr"),
    # « Your comment will be published after moderation. »: the English comment box.
    _rule("comment_notice_en", "sentence", r"your (?:comment|opinion) (?:will be|is|has been) .*", "en"),
    # « Dans le même thème » (seed 004, also misspelt « thême »), « À lire aussi : ... », « Read more »,
    # « Related articles »: links to other articles, with or without the linked headline.
    _rule("related", "line", r"(?:dans le même th[eèéê]me|sur le même sujet|à lire aussi|a lire aussi|"
          r"à lire également|lire aussi|voir aussi|les plus lus|vous aimerez aussi|read more|read also|"
          r"see also|related(?: articles| stories| news)?|more on this (?:story|topic)|most read|"
          r"you may also like)(?: ?[:>-] ?.{0,200})?"),
    # « Lire la suite », « Continue reading », « Cliquez ici »: link labels.
    _rule("more_link", "line", r"lire la suite|continuer la lecture|voir plus|en savoir plus|cliquez ici.{0,80}|"
          r"continue reading|learn more|click here.{0,80}"),
    # « *Traduit de l'Anglais par Mourad Belhaj » (seed 000), « Translated from Russian by ... »:
    # a translator's credit.
    _rule("translation_credit", "line", r"\*?\s*(?:traduit|traduction|adapté)(?: de l'\w+| de \w+| du \w+)?"
          r"(?: et adapté)? par .{2,80}|\*?\s*translated(?: from \w+)? by .{2,80}"),
    # « Ce contenu a été adapté à partir d'une publication de Anadolu et traduit par Alex Sinhan
    # Bogmis. » (seed 004): a credit closing a paragraph; it names the agency the text comes from.
    _rule("adapted_credit", "sentence", r"(?:ce contenu|cet article|cette dépêche|ce texte) a été "
          r"(?:adapté|traduit|rédigé|réalisé) (?:à partir|sur la base) d'une (?:publication|dépêche|article) "
          r"(?:de |d'|du )(?:l'|la )?(?:agence )?(?P<agency>[^.,]{2,60}?)(?: et (?:traduit|adapté) par .{2,80}?)?\.?"),
    # « This content was adapted from a publication by Anadolu Agency. »: the English credit.
    _rule("adapted_credit_en", "sentence", r"this (?:content|article|story) (?:was|has been) (?:adapted|translated) "
          r"from (?:an? )?(?:publication|article|dispatch|report) (?:by|of|from) (?:the )?(?P<agency>[^.,]{2,60}?)"
          r"(?: and translated by .{2,80}?)?\.?"),
    # « Seulement une partie des dépêches, que l'Agence Anadolu diffuse à ses abonnés via le Système de
    # Diffusion interne (HAS), est diffusée sur le site de l'AA, de manière résumée. » (seed 000):
    # Anadolu's standard footer; the agency it names is the article's.
    _rule("agency_notice", "sentence", rf"seulement une partie des dépêches(?:, que {_AGENCY})?.*", "fr"),
    # « Only a part of the news that Anadolu Agency offers to its subscribers ... is published ... »
    _rule("agency_notice_en", "sentence", rf"only (?:a )?part of the news(?: that {_AGENCY})?.*", "en"),
    # « Contactez-nous s'il vous plaît pour vous abonner. » (seed 000), « Please contact us for
    # subscription options. »: the subscription line that follows such footers.
    _rule("contact_subscribe", "sentence", r"(?:contactez-nous|please contact us|contact us)\b.*(?:abonn|subscri).*"),
    # « Abonnez-vous », « Je m'abonne », « Subscribe now », « Sign up for our newsletter »: prompts.
    _rule("subscribe", "line", r"(?:abonnez-vous|je m'abonne|s'abonner|déjà abonné|inscrivez-vous|"
          r"recevez notre newsletter|subscribe|sign up|already a subscriber)\b.{0,150}"),
    # « Cet article est réservé aux abonnés. », « This article is for subscribers only. »: paywall notices.
    _rule("paywall", "sentence", r"(?:cet article|la suite de cet article|ce contenu) est réservée? aux abonnés"
          r".{0,100}|this (?:article|story|content) is (?:for|reserved for|only available to) subscribers.{0,100}"),
    # « Partager », « Partager sur Facebook », « Share this », « Suivez-nous sur X », « Follow us »,
    # « Facebook Twitter E-mail »: share and follow prompts.
    _rule("share", "line", r"(?:partager|partagez|share)(?: (?:cet|this) (?:article|story|page))?"
          r"(?: (?:sur|on|via) .{1,40})?|share this.{0,60}|(?:suivez|suivre)-nous.{0,100}|follow us.{0,100}|"
          rf"{_SHARE_BUTTON}(?:[ ,|/·•]+{_SHARE_BUTTON})*"),
    # « © AFP », « Photo : Reuters », « Crédit photo : ... »: picture credits (not the text's agency).
    _rule("picture_credit", "line", r"(?:©|\(c\)|crédits? photo|photo ?:|crédit ?:|credit ?:|image ?:|illustration ?:)"
          r".{0,100}"),
    # « Nous utilisons des cookies ... », « We use cookies ... »: consent banners.
    _rule("cookies", "line", r"(?:nous utilisons|ce site utilise|we use|this site uses) (?:des )?cookies.{0,300}|"
          r"accepter (?:les |tous les )?cookies|accept (?:all )?cookies"),
    # « AA / Moscou / Elena Teslova » (seed 000): agency / place / author; names the agency.
    _rule("agency_byline", "line", rf"(?P<agency>{AGENCY_NAMES})\s*/\s*[^/]{{2,60}}(?:\s*/\s*[^/]{{2,60}})?"),
    # « Par Jean Dupont », « By John Smith », « Par Jean Dupont, avec AFP »: author bylines.
    _rule("author_byline", "line", rf"(?:par|by) {_NAME}(?: (?:{_NAME}|de|du|van|von|et|and)){{0,5}}"
          rf"(?: ?[,(/-] ?(?:avec |with )?{_AGENCY}\)?)?"),
    # « (avec AFP) », « (AFP) », « avec Reuters », « Source : AFP »: an agency credit, on its own line
    # or as the last sentence of a paragraph; names the agency.
    _rule("agency_credit", "sentence", rf"\(?(?:(?:avec|with|sources? ?:) )?{_AGENCY}\)?\.?"),
    # « Moscow City » (seed 000), « MOSCOU »: a dateline left on its own line, a place and nothing else.
    _rule("dateline_place", "line", rf"{_NAME}(?: {_NAME})? (?-i:City)|{_CAPS}(?: {_CAPS}){{0,2}}"),
    # « Moscou, 25 février 2025 », « PARIS, le 11 février 2025 »: a dateline with its date, which dates
    # the article.
    _rule("dateline_date", "line", rf"{_NAME}(?:[ -]{_NAME}){{0,3}},? (?:le )?(?P<date>{_DATE})"),
    # « Publié le 11 février 2025 à 14h32, mis à jour ... », « Published: February 11, 2025 », also after
    # the outlet, section or author (« Le Courrier belge - Politique - Publié le jeudi 4 juin 2026 », « Par
    # Camille Rouxel - Publié le ... »): a publication line; its date (up to a comma that starts something
    # else) dates the article. Not a claim: two outlets' publication stamps are no date conflict.
    _rule("published_line", "line", r"(?:(?:(?! [–—|·-] )[^\n]){1,60}? [–—|·-] ){0,3}"
          r"(?:publié|mis à jour|modifié|actualisé|published|updated|last updated|posted)"
          rf"(?: le| on)? ?:? ?(?P<date>(?:\d|{WEEKDAY_NAMES}|{MONTH_NAMES})"
          rf"(?:(?! [–—-] )[^,|]|,(?= ?(?:\d|{MONTH_NAMES}))){{3,60}})"
          r"(?: ?[,|] .{0,120})?"),
    # « date 2025-02 » (seed 003, running straight into the first sentence), « Date : 2025-02-11 »:
    # a date marker; it dates the article.
    _rule("date_marker", "prefix", r"date ?:? ?(?P<date>\d{4}(?:-\d{2}){0,2})\b"),
    # « PARIS (AFP) - », « MOSCOU, 25 février 2025 (Reuters) - », « PARIS - », « PARIS (wire) - »
    # (dev case e_english): the dateline opening a dispatch's first paragraph; the agency in brackets
    # is the article's when the agency table knows it (« wire » is not an agency).
    _rule("dateline_prefix", "prefix", rf"{_CAPS}(?:[ -]{_CAPS}){{0,3}}(?:,? (?:le )?(?P<date>{_DATE}))?"
          r"(?: \((?P<agency>[^()]{1,40})\))? ?[-–—](?= )"),
)  # fmt: skip


@dataclass(frozen=True)
class BoilerplateMatch:
    """One rule matching one span of the text, with what its named groups captured."""

    rule: str
    start: int
    end: int
    agency: str | None = None
    date: str | None = None


# Sentence ends inside a line: « ... confidentiel. Ce contenu ... ». The next sentence starts with a
# capital, a quote, a bracket or a star; abbreviations such as « M. Peskov » are not ends.
# The lookbehinds make a match start at the first mark of a run and its closing quotes end at the
# last: a long run of « ...... » is then tried once, not from each of its marks (quadratic).
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+(?![.!?…])[»\"”)]*(?![»\"”)])\s+(?=[«\"“(*A-ZÀ-ÖØ-Þ])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bM|\bMM|\bMme|\bMmes|\bMlle|\bDr|\bPr|\bMe|\bMgr|\bSt|\bMr|\bMrs|\bMs|\bJr|\bSr|\bNo)\.$"
)
_LINE = re.compile(r"[^\r\n]+")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into sentence ranges, trailing spaces dropped."""
    out: list[tuple[int, int]] = []
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        # the longest abbreviation is five characters: look no further back, or a long line of
        # « M. M. M. » would be searched from its start at every full stop
        if _ABBREVIATION.search(text, max(begin, m.start() - 8), m.start() + 1):
            continue
        stop = m.end()
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        out.append((begin, stop))
        begin = m.end()
    if begin < end:
        out.append((begin, end))
    return out


def _applies(rule: Rule, language: str) -> bool:
    return rule.language is None or rule.language == language


def _match(rule: Rule, m: re.Match[str]) -> BoilerplateMatch:
    groups = m.groupdict()
    return BoilerplateMatch(rule.name, m.start(), m.end(), groups.get("agency"), groups.get("date"))


def scan_boilerplate(text: str, language: str = "fr") -> list[BoilerplateMatch]:
    """Every rule match in the text, in text order (see the module docstring for scopes)."""
    rules = [r for r in RULES if _applies(r, language)]
    prefix_rules = [r for r in rules if r.scope == "prefix"]
    line_rules = [r for r in rules if r.scope == "line"]
    sentence_rules = [r for r in rules if r.scope == "sentence"]
    found: list[BoilerplateMatch] = []
    for line in _LINE.finditer(text):
        start, end = line.start(), line.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        for rule in prefix_rules:
            m = rule.pattern.match(text, start, end)
            if m:
                found.append(_match(rule, m))
                start = m.end()
                while start < end and text[start].isspace():
                    start += 1
        if start == end:
            continue
        whole = next(((r, m) for r in line_rules if (m := r.pattern.fullmatch(text, start, end))), None)
        if whole:
            found.append(_match(*whole))
            continue
        for s_start, s_end in split_sentences(text, start, end):
            for rule in sentence_rules:
                m = rule.pattern.fullmatch(text, s_start, s_end)
                if m:
                    found.append(_match(rule, m))
                    break
    return found


def merge_spans(ranges: list[tuple[int, int]], text: str) -> tuple[Span, ...]:
    """Sorted spans, merging those that overlap or are separated only by spaces on one line."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].strip(" \t") == ""):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Span(start=s, end=e) for s, e in merged)


def find_boilerplate(text: str, language: str = "fr") -> tuple[Span, ...]:
    """Spans of ``text`` that are not reporting (ads, widgets, credits, bylines, date markers).

    Rules tagged with a language apply only to articles in that language; the others (short widget
    labels such as « Table of Contents ») apply to all. Raises nothing.
    """
    return merge_spans([(m.start, m.end) for m in scan_boilerplate(text, language)], text)


def content_lines(text: str, spans: tuple[Span, ...]) -> list[tuple[int, int]]:
    """The stripped, non-empty pieces of each line that lie outside the boilerplate spans.

    Lines and spans are both in text order, so one pass over each suffices (linear in the text).
    """
    out: list[tuple[int, int]] = []
    cuts = sorted((s.start, s.end) for s in spans)
    first = 0  # the first cut that may still reach the current line
    for line in _LINE.finditer(text):
        while first < len(cuts) and cuts[first][1] <= line.start():
            first += 1
        pieces = []
        pos, n = line.start(), first
        while n < len(cuts) and cuts[n][0] < line.end():
            if pos < cuts[n][0]:
                pieces.append((pos, cuts[n][0]))
            pos = max(pos, cuts[n][1])
            n += 1
        if pos < line.end():
            pieces.append((pos, line.end()))
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.append((a, b))
    return out
