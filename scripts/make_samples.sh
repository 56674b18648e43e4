#!/usr/bin/env bash
# The sample reports in reports/, regenerated from scratch: the same input gives the same bytes on every
# run (whatever the hash seed), so a rerun on an unchanged checkout leaves `git status` clean.
#
#     bash scripts/make_samples.sh        # from the repository root, in the venv of the README's command 1
set -euo pipefail
cd "$(dirname "$0")/.."
summit=../shared/dev-cases/ia-summit/corpus

# compared once each; the pages are rendered from the saved JSON (byte-identical to what compare writes)
checker compare corpus/ --quiet --format json -o reports/corpus.json
checker report reports/corpus.json --format md -o reports/corpus.md
checker report reports/corpus.json --format html -o reports/corpus.html
checker compare "$summit" --quiet --index indexes/ia-summit --format json -o reports/ia-summit.json
checker report reports/ia-summit.json --format md -o reports/ia-summit.md
checker report reports/ia-summit.json --format html -o reports/ia-summit.html
# the picture in the README: the HTML page as headless Chromium draws it
if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1400 \
        --screenshot="$PWD/reports/ia-summit.png" "file://$PWD/reports/ia-summit.html" 2>/dev/null
fi
