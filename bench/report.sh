#!/usr/bin/env bash
# Times `ips report` and the public summary on the large synthetic repository (issues 9 and 10):
# one warm-up run of each, then five runs of each interleaved with the floor (find + grep -c
# over every file), and prints each command's median and the peak RSS of its last run.
#
#   bash bench/report.sh
#
# Environment: IPS_BIN (default: target/release/ips), IPS_BENCH_DIR (default: /tmp/ips-bench;
# the large repository is $IPS_BENCH_DIR/large, which `bash bench/run.sh large` writes).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ips=${IPS_BIN:-$root/target/release/ips}
repo=${IPS_BENCH_DIR:-/tmp/ips-bench}/large
[[ -x $ips ]] || { echo "no ips at $ips: cargo build --release first" >&2; exit 2; }
[[ -f $repo/ips.toml ]] || { echo "no repository at $repo: bash bench/run.sh large writes it" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
cd "$repo"
as_of=2026-11-24
names=(floor report report-json report-public report-site summarize summarize-public)
run() {
  case $1 in
    floor) find . -type f -print0 | xargs -0 grep -c "" >/dev/null ;;
    report) "$ips" report --as-of $as_of >/dev/null ;;
    report-json) "$ips" report --format json --as-of $as_of >/dev/null ;;
    report-public) "$ips" report --public --as-of $as_of >/dev/null ;;
    report-site) "$ips" report --agency a0007 --as-of $as_of >/dev/null ;;
    summarize) "$ips" outcomes summarize --by jurisdiction,quarter --format csv >/dev/null ;;
    summarize-public) "$ips" outcomes summarize --by jurisdiction,quarter --format csv --public >/dev/null ;;
  esac 2>/dev/null
}
export -f run
export ips as_of
declare -A times rss
for name in "${names[@]}"; do run "$name"; done
for _ in 1 2 3 4 5; do
  for name in "${names[@]}"; do
    read -r seconds kb < <(/usr/bin/time -f "%e %M" bash -c "run $name" 2>&1 >/dev/null | tail -n 1)
    times[$name]+="$seconds "
    rss[$name]=$kb
  done
done
floor=$(tr ' ' '\n' <<<"${times[floor]}" | grep . | sort -n | sed -n 3p)
printf '| command | median s | ratio to floor | peak RSS MiB | runs |\n|---|---:|---:|---:|---|\n'
for name in "${names[@]}"; do
  median=$(tr ' ' '\n' <<<"${times[$name]}" | grep . | sort -n | sed -n 3p)
  awk -v n="$name" -v m="$median" -v f="$floor" -v k="${rss[$name]}" -v all="${times[$name]}" \
    'BEGIN { printf "| %s | %.2f | %.1f | %.1f | %s|\n", n, m, m / f, k / 1024, all }'
done
