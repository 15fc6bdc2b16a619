#!/usr/bin/env bash
# Benchmark `ips` on synthetic repositories and print the figures as a markdown table.
#
#   bash bench/run.sh [small|large|all]      (default: all)
#
# small: 300 agencies x 80 quarters (about 12,000 outcome files), median of 5 runs
# large: 2,400 agencies x 100 quarters (about 121,000 outcome files), median of 3 runs
# Each command gets one warm-up run first (which also measures peak memory), so every figure
# is for a warm page cache. See bench/README.md for what each figure means.
#
# Environment: CARGO_TARGET_DIR (default: target), IPS_BENCH_DIR (default: /tmp/ips-bench),
# IPS_BIN (default: $CARGO_TARGET_DIR/release/ips; set it to time another build of ips).
set -euo pipefail

usage() { echo "usage: bash bench/run.sh [small|large|all]"; }
which_sizes=${1:-all}
case $which_sizes in
  small) sizes=(small) ;;
  large) sizes=(large) ;;
  all) sizes=(small large) ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
[[ $# -le 1 ]] || { usage >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$root/$target # cargo reads a relative one from the crate root
ips=${IPS_BIN:-$target/release/ips}
synth=$target/release/examples/synth
bench_dir=${IPS_BENCH_DIR:-/tmp/ips-bench}
as_of=2026-11-24
seed=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

size_agencies() { case $1 in small) echo 300 ;; large) echo 2400 ;; esac; }
size_quarters() { case $1 in small) echo 80 ;; large) echo 100 ;; esac; }
size_runs() { case $1 in small) echo 5 ;; large) echo 3 ;; esac; }

# ---- timing and memory -------------------------------------------------------------------

# timed_run CMD...: runs CMD with stdout and stderr to /dev/null; sets status and elapsed_us.
# Bash 5 has a microsecond clock in EPOCHREALTIME; older bash (macOS) falls back on the `time`
# keyword, to the millisecond. Neither forks, so the figure is the command's own.
timed_run() {
  local t0 t1
  status=0
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    t0=${EPOCHREALTIME/[.,]/}
    "$@" >/dev/null 2>&1 || status=$?
    t1=${EPOCHREALTIME/[.,]/}
    elapsed_us=$((t1 - t0))
  else
    local TIMEFORMAT=%3R
    { time "$@" >/dev/null 2>&1 || status=$?; } 2>"$tmp/time"
    elapsed_us=$(tr , . <"$tmp/time" | awk '{ printf "%d", $1 * 1e6 }')
  fi
}

# How peak RSS is read: GNU time's %M, else VmHWM polled from /proc, else not at all.
if /usr/bin/time -o "$tmp/probe" -f %M true 2>/dev/null; then
  rss_method="GNU time %M"
elif [[ -r /proc/self/status ]]; then
  rss_method="proc (polled, approximate)"
else
  rss_method=none
fi

# run_measured OUT ERR CMD...: runs CMD once with stdout in OUT and stderr in ERR; sets
# status and rss_kb (empty when it cannot be read).
run_measured() {
  local out=$1 err=$2 pid line key value
  shift 2
  status=0
  rss_kb=
  case $rss_method in
    GNU*)
      /usr/bin/time -o "$tmp/rss" -f %M "$@" >"$out" 2>"$err" || status=$?
      rss_kb=$(tail -n 1 "$tmp/rss")
      ;;
    proc*)
      "$@" >"$out" 2>"$err" &
      pid=$!
      while kill -0 "$pid" 2>/dev/null; do
        { while read -r key value line; do
            [[ $key == VmHWM: ]] && rss_kb=$value
          done <"/proc/$pid/status"; } 2>/dev/null || true
        sleep 0.01
      done
      wait "$pid" || status=$?
      ;;
    none) "$@" >"$out" 2>"$err" || status=$? ;;
  esac
  [[ $rss_kb =~ ^[0-9]+$ ]] || rss_kb=
}

# median_of RUNS CMD...: times CMD RUNS times; sets median_us, or status to the first exit
# code other than $expected_exit (default 0).
median_of() {
  local runs=$1 i times=()
  shift
  for ((i = 0; i < runs; i++)); do
    timed_run "$@"
    ((status == ${expected_exit:-0})) || return 0
    times+=("$elapsed_us")
  done
  median_us=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
}

seconds() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
mib() { if [[ -n $1 ]]; then awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; else echo n/a; fi; }

# The first non-empty line of a file, shortened and made safe for a markdown table cell.
first_line() {
  local line
  line=$(grep -m 1 -v '^[[:space:]]*$' "$1" 2>/dev/null || true)
  line=${line//|/\\|}
  ((${#line} <= 80)) || line="${line:0:77}..."
  printf '%s' "$line"
}
lines() { grep -c '' "$1" 2>/dev/null || true; }

# ---- the repositories --------------------------------------------------------------------

# Generates the repository of a size unless one made with the same arguments and the same
# examples/synth.rs is already there (the stamp file beside it records both).
ensure_repo() {
  local size=$1 dir=$bench_dir/$1 want
  want="agencies=$(size_agencies "$size") quarters=$(size_quarters "$size") seed=$seed synth=$(cksum <"$root/examples/synth.rs" | awk '{ print $1 }')"
  if [[ -f $dir/ips.toml && -f $dir.synth && $(cat "$dir.synth") == "$want" ]]; then
    echo "reusing $dir ($want)" >&2
    return
  fi
  echo "generating $dir ($want)" >&2
  rm -f "$dir.synth"
  mkdir -p "$bench_dir"
  "$synth" --agencies "$(size_agencies "$size")" --quarters "$(size_quarters "$size")" \
    --seed "$seed" --out "$dir" --force
  echo "$want" >"$dir.synth"
}

floor() { (cd "$1" && find outcomes -name '*.csv' -print0 | xargs -0 grep -c , >/dev/null); }

# ---- main --------------------------------------------------------------------------------

echo "building (cargo build --release --examples --bins) ..." >&2
(cd "$root" && cargo build --release --examples --bins)
[[ -x $ips ]] || { echo "error: no binary at $ips" >&2; exit 1; }

repos=()
rows=()
failures=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 | $9 |"); }

# measure SIZE FILES OUTCOME_FILES RUNS FLOOR_US LABEL EXPECTED_EXIT ARGS...: one warm-up run
# (which measures peak memory and checks the exit code), then the median of RUNS timed runs.
measure() {
  local size=$1 files=$2 outcome_files=$3 runs=$4 floor_us=$5 label=$6 expected=$7 note msg
  shift 7
  echo "$size: $label, 1 warm-up + $runs runs ..." >&2
  run_measured "$tmp/out" "$tmp/err" "$ips" "$@"
  if ((status != expected)); then
    # The message is on stderr, or on stdout for a command that reports diagnostics there.
    msg=$(first_line "$tmp/err")
    [[ -n $msg ]] || msg=$(first_line "$tmp/out")
    row "$size" "$files" "$outcome_files" "$label" 0 "exit $status" n/a "$(mib "$rss_kb")" "failed: exit $status: $msg"
    failures+=("$size: $ips $* exited $status, not $expected")
    [[ ! -s $tmp/err ]] || failures+=("stderr (first 20 lines):" "$(head -n 20 "$tmp/err")")
    [[ ! -s $tmp/out ]] || failures+=("stdout (first 20 lines):" "$(head -n 20 "$tmp/out")")
    failures+=("")
    return
  fi
  # A run that succeeds can still say little: show how much it printed, so a placeholder
  # binary or a flood of output does not pass unnoticed.
  note="$(lines "$tmp/out") lines, $(wc -c <"$tmp/out" | tr -d ' ') bytes out"
  expected_exit=$expected median_of "$runs" "$ips" "$@"
  if ((status != expected)); then
    row "$size" "$files" "$outcome_files" "$label" "$runs" "exit $status" n/a "$(mib "$rss_kb")" "failed on a timed run, passed the warm-up"
    return
  fi
  row "$size" "$files" "$outcome_files" "$label" "$runs" "$(seconds "$median_us")" \
    "$(ratio "$median_us" "$floor_us")" "$(mib "$rss_kb")" "$note"
}

# A copy of the example with one outcome file of 200,000 rows of unknown teams: a client-level
# export pasted by mistake, which a pre-commit hook must still judge quickly and briefly.
ensure_pasted_export() {
  local dir=$bench_dir/pasted-export file
  file=$dir/outcomes/2026-Q3/riverbend.csv
  [[ -f $file && $(wc -l <"$file") -eq 200001 ]] && return
  rm -rf "$dir"
  cp -r "$root/examples/learning-community" "$dir"
  awk 'BEGIN { print "team,served,employed,education,job_starts";
               for (i = 0; i < 200000; i++) printf "client-%d,%d,%d,,\n", i, 3 + i % 40, i % 3 }' >"$file"
}

for size in "${sizes[@]}"; do
  dir=$bench_dir/$size
  ensure_repo "$size"
  files=$(find "$dir" -type f -not -path '*/.git/*' | wc -l | tr -d ' ')
  outcome_files=$(find "$dir/outcomes" -type f -name '*.csv' | wc -l | tr -d ' ')
  bytes=$(find "$dir" -type f -not -path '*/.git/*' -exec cat {} + | wc -c | tr -d ' ')
  runs=$(size_runs "$size")
  repos+=("$size: $dir, $(size_agencies "$size") agencies x $(size_quarters "$size") quarters: $files files ($outcome_files outcome files), $bytes bytes")
  echo "${repos[${#repos[@]} - 1]}" >&2

  echo "$size: floor, 1 warm-up + $runs runs ..." >&2
  timed_run floor "$dir"
  ((status != 0)) || median_of "$runs" floor "$dir"
  if ((status != 0)); then
    echo "error: the floor command failed (exit $status) in $dir" >&2
    exit 1
  fi
  floor_us=$median_us
  row "$size" "$files" "$outcome_files" "floor: find + grep -c" "$runs" "$(seconds "$floor_us")" 1.0 n/a ""

  # One agency, and its file of the latest quarter: what a pre-commit hook checks.
  quarters=("$dir"/outcomes/*/)
  latest=$(basename "${quarters[${#quarters[@]} - 1]}")
  in_latest=("$dir/outcomes/$latest"/*.csv)
  agency=$(basename "${in_latest[0]}" .csv)
  one_file=outcomes/$latest/$agency.csv
  m() { measure "$size" "$files" "$outcome_files" "$runs" "$floor_us" "$@"; }
  m "\`ips validate\`" 0 validate --repo "$dir" --as-of "$as_of"
  m "\`ips validate $one_file\`" 0 validate --repo "$dir" --as-of "$as_of" "$one_file"
  m "\`ips outcomes summarize --by jurisdiction,quarter\` (csv)" 0 \
    outcomes summarize --repo "$dir" --by jurisdiction,quarter --format csv --as-of "$as_of"
  m "\`ips outcomes summarize --by jurisdiction,quarter --public\` (csv)" 0 \
    outcomes summarize --repo "$dir" --by jurisdiction,quarter --format csv --as-of "$as_of" --public
  m "\`ips outcomes summarize --by team,quarter\` (csv)" 0 \
    outcomes summarize --repo "$dir" --by team,quarter --format csv --as-of "$as_of"
  m "\`ips outcomes summarize --by team,quarter --public\` (csv)" 0 \
    outcomes summarize --repo "$dir" --by team,quarter --format csv --as-of "$as_of" --public
  m "\`ips outcomes summarize --by team,quarter\` (table)" 0 \
    outcomes summarize --repo "$dir" --by team,quarter --as-of "$as_of"
  m "\`ips outcomes export\`" 0 outcomes export --repo "$dir" --as-of "$as_of"
  m "\`ips outcomes missing\`" 0 outcomes missing --repo "$dir" --as-of "$as_of"
  m "\`ips fidelity schedule\`" 0 fidelity schedule --repo "$dir" --as-of "$as_of"
  m "\`ips fidelity show $agency\`" 0 fidelity show "$agency" --repo "$dir" --as-of "$as_of"
  m "\`ips agreement status\`" 0 agreement status --repo "$dir" --as-of "$as_of"
  m "\`ips agreement status $agency\`" 0 agreement status "$agency" --repo "$dir" --as-of "$as_of"
  m "\`ips report\` (html)" 0 report --repo "$dir" --as-of "$as_of"
  m "\`ips report --public\` (html)" 0 report --repo "$dir" --as-of "$as_of" --public
  m "\`ips report --agency $agency\` (html)" 0 report --agency "$agency" --repo "$dir" --as-of "$as_of"
  m "\`ips attention\`" 0 attention --repo "$dir" --as-of "$as_of"
  m "\`ips agency list\`" 0 agency list --repo "$dir" --as-of "$as_of"
done

# The large repository committed to git, for the checks of a commit and of a branch. Committing
# 163,000 files takes a minute or two, so the copy is made once and reused while its stamp
# matches the repository's. Branch `bench-change` changes one agency's agency.toml.
ensure_git_copy() {
  local src=$bench_dir/large dst=$bench_dir/large-git agency=$1
  # No automatic gc in the background while the script runs: it packs the objects once, itself.
  local -a git=(git -C "$dst" -c user.name=bench -c user.email=bench@example.invalid -c gc.auto=0 -c maintenance.auto=false)
  if [[ -d $dst/.git && -f $dst.stamp && $(cat "$dst.stamp") == "$(cat "$src.synth") agency=$agency" ]]; then
    echo "reusing $dst" >&2
    return
  fi
  echo "committing $src to git in $dst (once) ..." >&2
  rm -rf "$dst" "$dst.stamp"
  cp -r "$src" "$dst"
  "${git[@]}" -c init.defaultBranch=main init -q
  "${git[@]}" add -A
  "${git[@]}" commit -q --no-verify -m "synthetic data"
  "${git[@]}" checkout -q -b bench-change
  sed -i.bak 's/^supervisor = .*/supervisor = "Bench Changed"/' "$dst/agencies/$agency/agency.toml"
  rm -f "$dst/agencies/$agency/agency.toml.bak"
  "${git[@]}" commit -q --no-verify -am "Change $agency's supervisors"
  "${git[@]}" checkout -q main
  "${git[@]}" gc -q
  echo "$(cat "$src.synth") agency=$agency" >"$dst.stamp"
}

if [[ " ${sizes[*]} " == *" large "* ]]; then
  dir=$bench_dir/large
  quarters=("$dir"/outcomes/*/)
  latest=$(basename "${quarters[${#quarters[@]} - 1]}")
  in_latest=("$dir/outcomes/$latest"/*.csv)
  agency=$(basename "${in_latest[0]}" .csv)
  ensure_git_copy "$agency"
  gdir=$bench_dir/large-git
  files=$(find "$gdir" -type f -not -path '*/.git/*' | wc -l | tr -d ' ')
  outcome_files=$(find "$gdir/outcomes" -type f -name '*.csv' | wc -l | tr -d ' ')
  runs=$(size_runs large)
  git -C "$gdir" checkout -q -f main
  # One staged outcome file: what a pre-commit hook checks. Its floor: git's own list of it.
  one_file=outcomes/$latest/$agency.csv
  cp "$gdir/$one_file" "$tmp/one_file"
  printf 'team,served,employed,education,job_starts\n' >"$gdir/$one_file"
  tail -n +2 "$tmp/one_file" | awk -F, 'BEGIN { OFS = "," } { $2 = $2 + 1; print }' >>"$gdir/$one_file"
  git -C "$gdir" add "$one_file"
  staged_floor() { git -C "$gdir" diff --cached --name-only >/dev/null; }
  timed_run staged_floor
  median_of "$runs" staged_floor
  row large-git "$files" "$outcome_files" "floor: \`git diff --cached --name-only\`" "$runs" "$(seconds "$median_us")" 1.0 n/a ""
  measure large-git "$files" "$outcome_files" "$runs" "$median_us" \
    "\`ips validate --staged\` (one staged outcome file)" 0 \
    validate --repo "$gdir" --as-of "$as_of" --staged
  # The same change seen as a restatement of the working tree against HEAD.
  worktree_floor() { git -C "$gdir" diff --name-only HEAD >/dev/null; }
  timed_run worktree_floor
  median_of "$runs" worktree_floor
  row large-git "$files" "$outcome_files" "floor: \`git diff --name-only HEAD\`" "$runs" "$(seconds "$median_us")" 1.0 n/a ""
  measure large-git "$files" "$outcome_files" "$runs" "$median_us" \
    "\`ips outcomes diff HEAD\` (the same file, counts restated)" 0 \
    outcomes diff HEAD --repo "$gdir" --as-of "$as_of" --format csv
  git -C "$gdir" reset -q -- "$one_file"
  git -C "$gdir" checkout -q -- "$one_file"
  # A branch that changes one agency's agency.toml: its outcome files are checked against it.
  git -C "$gdir" checkout -q bench-change
  changed_floor() { git -C "$gdir" diff --name-only main >/dev/null; }
  timed_run changed_floor
  median_of "$runs" changed_floor
  row large-git "$files" "$outcome_files" "floor: \`git diff --name-only main\`" "$runs" "$(seconds "$median_us")" 1.0 n/a ""
  measure large-git "$files" "$outcome_files" "$runs" "$median_us" \
    "\`ips validate --changed main\` (one agency's agency.toml)" 0 \
    validate --repo "$gdir" --as-of "$as_of" --changed main
  git -C "$gdir" checkout -q main
fi

# The pasted export: timed against the floor of reading that one file.
ensure_pasted_export
pasted=$bench_dir/pasted-export
pasted_floor() { grep -c , "$pasted/outcomes/2026-Q3/riverbend.csv" >/dev/null; }
timed_run pasted_floor
median_of 5 pasted_floor
measure pasted-export "200,001 lines" 1 5 "$median_us" \
  "\`ips validate\` of one 200,000-row file" 1 \
  validate --repo "$pasted" --as-of "$as_of" outcomes/2026-Q3/riverbend.csv

# Hostile input (issue 11): copies of the example, each with one file a pull request could
# bring. Every one must finish fast, in bounded memory, with bounded output, and exit 1.
# hostile_case NAME FILE MAKER: the example with FILE written by the function MAKER, remade
# when MAKER's text changes (its checksum is kept in the copy's .made).
hostile_case() {
  local name=$1 file=$2 maker=$3 dir=$bench_dir/hostile-$1 stamp
  stamp=$(declare -f "$maker" | cksum)
  if [[ ! -f $dir/.made || $(cat "$dir/.made") != "$stamp" ]]; then
    echo "generating $dir" >&2
    rm -rf "$dir"
    cp -r "$root/examples/learning-community" "$dir"
    "$maker" >"$dir/$file"
    echo "$stamp" >"$dir/.made"
  fi
}
commas_header() { awk 'BEGIN { s = ","; for (i = 0; i < 20; i++) s = s s; print s; print "north,1,1" }'; }
long_column() {
  awk 'BEGIN { s = "x"; for (i = 0; i < 20; i++) s = s s; printf "team,served,employed,%c[2J%s,job_starts\n", 27, s;
               for (i = 0; i < 300000; i++) print "north,20,7,1" }'
}
duplicate_rows() { awk 'BEGIN { print "team,served,employed"; for (i = 0; i < 300000; i++) print "north,20,7" }'; }
# Just under the 16 MiB limit: 1.3 million rows of distinct valid team ids, about the most
# rows a file that is read can hold.
largest_rows() {
  awk 'BEGIN { print "team,served,employed"; for (i = 0; i < 1300000; i++) printf "t%d,1,1\n", i }'
}
many_teams() {
  awk -v base="$root/examples/learning-community/agencies/riverbend/agency.toml" 'BEGIN {
    while ((getline line < base) > 0) {
      if (line == "[agreement]")
        for (i = 0; i < 10000; i++)
          printf "[[teams]]\nid = \"t%d\"\nsupervisor = \"S\"\nlocation = \"L\"\nopened = 2023-03-01\n\n", i
      print line
    } }'
}
hostile_case commas-header outcomes/2026-Q3/riverbend.csv commas_header
hostile_case long-column outcomes/2026-Q3/riverbend.csv long_column
hostile_case duplicate-rows outcomes/2026-Q3/riverbend.csv duplicate_rows
hostile_case largest-rows outcomes/2026-Q3/riverbend.csv largest_rows
hostile_case many-teams agencies/riverbend/agency.toml many_teams
# hm NAME FILES LABEL EXPECTED_EXIT ARGS...
hm() { measure "hostile-$1" "$2" 1 3 0 "$3" "$4" "${@:5}"; }
hm commas-header "1 MB header" "\`ips validate\` of a header of 1,048,576 commas" 1 \
  validate --repo "$bench_dir/hostile-commas-header" --as-of "$as_of" outcomes/2026-Q3/riverbend.csv
hm long-column "300,001 lines" "\`ips validate\` of a 1 MB column name, 300,000 ragged rows" 1 \
  validate --repo "$bench_dir/hostile-long-column" --as-of "$as_of" outcomes/2026-Q3/riverbend.csv
hm duplicate-rows "300,001 lines" "\`ips validate\` of 300,000 duplicate rows" 1 \
  validate --repo "$bench_dir/hostile-duplicate-rows" --as-of "$as_of" outcomes/2026-Q3/riverbend.csv
hm largest-rows "1,300,001 lines" "\`ips validate\` of a 16 MiB file of 1.3 million unknown teams" 1 \
  validate --repo "$bench_dir/hostile-largest-rows" --as-of "$as_of" outcomes/2026-Q3/riverbend.csv
hm many-teams "10,004 teams" "\`ips validate\` with 10,000 teams nobody reports (warnings)" 0 \
  validate --repo "$bench_dir/hostile-many-teams" --as-of "$as_of"

echo
echo "ips benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
  "$(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs; warm cache, median of the runs after one warm-up;" \
  "peak RSS via $rss_method"
echo
printf '%s\n' "${repos[@]}"
[[ " ${sizes[*]} " != *" large "* ]] || echo "large-git: $bench_dir/large-git, the large repository committed to git; --staged with one outcome file of $latest staged (served + 1), --changed on branch bench-change, whose one commit changes one agency's agency.toml"
echo "pasted-export: $pasted, the example with outcomes/2026-Q3/riverbend.csv of 200,000 rows of unknown teams (its floor: grep -c , of that file)"
echo "hostile-*: $bench_dir/hostile-NAME, the example with one hostile file (see bench/README.md); no floor"
echo
echo "| size | files | outcome files | command | runs | median s | ratio to floor | peak RSS MiB | note |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "floor: (cd DIR && find outcomes -name '*.csv' -print0 | xargs -0 grep -c , >/dev/null)"
echo "Every ips command runs with --repo DIR --as-of $as_of, output to a file."
if ((${#failures[@]} > 0)); then
  echo
  echo "Failures:"
  printf '%s\n' "${failures[@]}"
fi
