#!/usr/bin/env sh
# Seeds the fuzz corpora from the shipped examples, test fixtures, accuracy cases and library
# rules. The corpora are generated (git-ignored); run this before `cargo +nightly fuzz run`.
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/load_model corpus/load_rules
for f in ../assets/examples/*.bulwark.ron ../tests/fixtures/*.bulwark.ron ../tests/accuracy/cases/*/model.bulwark.ron; do
    cp "$f" "corpus/load_model/$(echo "$f" | tr '/.' '__')"
done
for f in ../libraries/threats/*.ron; do
    { printf '\001'; cat "$f"; } > "corpus/load_rules/ron_$(basename "$f")"
done
for f in ../libraries/rules/*.rhai; do
    { printf '\000'; cat "$f"; } > "corpus/load_rules/rhai_$(basename "$f")"
done
