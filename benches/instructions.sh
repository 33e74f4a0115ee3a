#!/usr/bin/env bash
# The same comparisons as `cargo bench --bench parse`, in instructions
# (callgrind counts exactly, however loaded the machine is): instructions
# per parse, and the ratio to the floor of the same work.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --example profile_parse
rounds=1000
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/profile_parse "$1" "$2" 2>&1 \
    | awk '/Collected/ { gsub(",", "", $NF); print $NF }'
}
per_parse() { echo $(( ($(count "$1" "$rounds") - $(count "$1" 0)) / rounds )); }
printf '| workload | instructions per parse | floor | floor instructions | ratio |\n|---|---|---|---|---|\n'
for pair in request:request-floor success-xml:xml-floor:success error-xml:xml-floor:error \
            success-json:json-floor:success error-json:json-floor:error; do
  work=${pair%%:*}; floor=${pair#*:}
  w=$(per_parse "$work"); f=$(per_parse "$floor")
  awk -v w="$w" -v f="$f" -v work="$work" -v floor="$floor" \
    'BEGIN { printf "| %s | %d | %s | %d | %.2f× |\n", work, w, floor, f, w / f }'
done
