#!/usr/bin/env bash
# .git/hooks/pre-commit — refuse a commit whose new or changed articles contradict the corpus.
# Install: cp examples/pre-commit-hook.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# Needs an index built once with: checker index corpus --index indexes/corpus
set -euo pipefail
CORPUS="${CHECKER_CORPUS:-corpus}"
INDEX="${CHECKER_INDEX:-indexes/corpus}"
BASELINE="${CHECKER_BASELINE:-checker-baseline.json}"
args=(--corpus "$CORPUS" --since HEAD --index "$INDEX" --format md --quiet)
[ -f "$BASELINE" ] && args+=(--baseline "$BASELINE")
# staged and unstaged changes since HEAD, plus new files, under $CORPUS
if ! git diff --quiet HEAD -- "$CORPUS" || [ -n "$(git ls-files --others --exclude-standard -- "$CORPUS")" ]; then
  checker check "${args[@]}"
fi
