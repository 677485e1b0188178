#!/bin/sh
# Seeds the fuzz corpus: facts.ron, NUL, one tree file, NUL, a few answers; for every
# shipped tree and every failing tree under tests/invalid/.
set -eu
cd "$(dirname "$0")/.."
out=fuzz/corpus/walk
mkdir -p "$out"
for tree in trees/*.ron tests/invalid/*/*.ron; do
    name=$(printf '%s' "$tree" | tr '/' '-')
    { cat trees/facts.ron; printf '\0'; cat "$tree"; printf '\0\0\1\2\1\377\1\0\376\2\1\0'; } > "$out/$name"
done
