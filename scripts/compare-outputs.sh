#!/usr/bin/env bash
# Regenerates `arcparse parse` output on EWT dev with the current tree and compares it byte for byte
# with a reference directory made the same way from an earlier commit:
#   gold-tags.conllu       parse --keep-tags dev.conllu      (gold tokens and tags)
#   predicted-tags.conllu  parse dev.conllu                  (gold tokens, tags predicted)
#   raw-text.txt           the dev raw text (# text joined; paragraphs separated by a blank line)
#   raw-text.conllu        parse --from text raw-text.txt    (sentences, tokens, tags, lemmas, trees)
# Usage: scripts/compare-outputs.sh REF_DIR [OUT_DIR]
#   Without REF_DIR contents (an empty or missing directory) the outputs are written there: that makes
#   the reference. Exit code 1 when any file differs; a diff summary is printed for each.
# ARCPARSE_DATA overrides the treebank directory (default ../shared/data/ud-english-ewt).
set -euo pipefail
cd "$(dirname "$0")/.."
REF=${1:?usage: scripts/compare-outputs.sh REF_DIR [OUT_DIR]}
OUT=${2:-$(mktemp -d)}
DEV=${ARCPARSE_DATA:-../shared/data/ud-english-ewt}/en_ewt-ud-dev.conllu
mkdir -p "$OUT"
arcparse() { npx tsx src/cli/main.ts "$@"; }
arcparse parse --keep-tags "$DEV" > "$OUT/gold-tags.conllu"
arcparse parse "$DEV" > "$OUT/predicted-tags.conllu"
npx tsx scripts/raw-text.ts "$DEV" > "$OUT/raw-text.txt"
arcparse parse --from text "$OUT/raw-text.txt" > "$OUT/raw-text.conllu"
if [ ! -d "$REF" ] || [ -z "$(ls -A "$REF" 2>/dev/null)" ]; then
  mkdir -p "$REF"
  cp "$OUT"/* "$REF"/
  echo "reference written to $REF"
  exit 0
fi
status=0
for f in gold-tags.conllu predicted-tags.conllu raw-text.txt raw-text.conllu; do
  if cmp -s "$REF/$f" "$OUT/$f"; then
    echo "identical  $f ($(wc -l < "$OUT/$f") lines)"
  else
    status=1
    echo "DIFFERENT  $f: $(diff "$REF/$f" "$OUT/$f" | grep -c '^[<>]') changed lines; first differences:"
    diff "$REF/$f" "$OUT/$f" | head -20 || true
  fi
done
exit $status
