"""Training the pair judge: labelled sentence pairs, and the script-facing helpers that make them.

Not used at run time: ``checker compare`` only loads the trained weights (``checker.compare.judge``).

- :mod:`checker.training.perturb` makes pairs from one real news sentence by changing one fact
  (a conflict), restating it (an agreement) or moving it to another event (not the same fact).
- :mod:`checker.training.sources` reads the material: the shared pair sets with their licences,
  the dev cases' gold pairs and sentences, and the annotated stories in ``training/stories/``.
- :mod:`checker.training.pairs` puts them together into one list of :class:`~checker.training.pairs.Example`.

``scripts/make_judge_pairs.py`` writes the pairs; ``scripts/train_judge.py`` trains the judge on them.
"""
