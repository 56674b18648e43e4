"""Compare stage: claim pairs across sources -> Findings with their evidence.

The engine is :mod:`checker.compare.engine` (candidates, the trained pair judge, slot evidence,
attribution, order); :mod:`checker.compare.judge` is the judge itself. Events, timelines and the
grouping of one discrepancy's findings live in ``clusters``, ``timeline`` and ``merge``; ``copies``
finds articles that carry the same dispatch; ``judge_memory`` remembers the judge's answers between runs;
``pairs`` judges two short texts (``checker compare-pairs``).
"""

from checker.compare.clusters import group_events
from checker.compare.copies import find_copies
from checker.compare.engine import candidate_pairs, checked_search, compare_claims, decide, finding_id, named_decision
from checker.compare.judge import load_pair_judge, pair_judge
from checker.compare.judge_memory import remembering
from checker.compare.pairs import TextPair, judge_pairs
from checker.compare.timeline import build_timeline

__all__ = [
    "TextPair",
    "build_timeline",
    "candidate_pairs",
    "checked_search",
    "compare_claims",
    "decide",
    "find_copies",
    "finding_id",
    "group_events",
    "judge_pairs",
    "load_pair_judge",
    "named_decision",
    "pair_judge",
    "remembering",
]
