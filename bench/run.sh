#!/usr/bin/env bash
# Side-by-side timing of `aludel` and the real `alembic` on generated
# projects: heads and history on 1,000 and 10,000 revisions, linear and
# branched (with merges).  See bench/README.md.
#
#   bash bench/run.sh                      # everything
#   BENCH_SIZES=1000 bash bench/run.sh     # only the 1,000-revision projects
#   BENCH_SHAPES=linear BENCH_COMMANDS="heads" bash bench/run.sh
#
# Results: a table on stdout, and bench/out/results-<time>.{md,json}.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO/bench/out"
SIZES="${BENCH_SIZES:-1000 10000}"
SHAPES="${BENCH_SHAPES:-linear branched}"
COMMANDS="${BENCH_COMMANDS:-heads history}"
SEED="${BENCH_SEED:-1}"
VENV="${ALUDEL_REF_VENV:-$REPO/.venv}"
mkdir -p "$OUT/projects"

section() { printf '\n==== %s ====\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ------------------------------------------------------------ tools
section "tools"
if [ ! -x "$VENV/bin/alembic" ]; then
    echo "no reference venv at $VENV: creating it with .ci/run --setup-only"
    bash "$REPO/.ci/run" --setup-only
fi
ALEMBIC="$VENV/bin/alembic"
PY="$VENV/bin/python"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian package)"
    if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq hyperfine; } >/dev/null 2>&1; then
        echo "hyperfine could not be installed; using a plain timing loop"
    fi
fi
HYPERFINE="$(command -v hyperfine || true)"

(cd "$REPO" && cargo build --release -p aludel-cli --bin aludel)
ALUDEL="$REPO/target/release/aludel"
echo "aludel:  $ALUDEL"
echo "alembic: $("$ALEMBIC" --version)"
echo "timer:   ${HYPERFINE:-shell loop}"

# A clean, fixed environment for both tools.
CLEAN_ENV=(env -i "PATH=$PATH" "HOME=${HOME:-/tmp}" LANG=C.UTF-8 LC_ALL=C.UTF-8 ${ALUDEL_NO_CACHE:+ALUDEL_NO_CACHE=$ALUDEL_NO_CACHE})

# ------------------------------------------------------------ projects
section "projects"
projects=()
for shape in $SHAPES; do
    for n in $SIZES; do
        dir="$OUT/projects/$shape-$n-seed$SEED"
        if [ ! -f "$dir/gen_manifest.json" ]; then
            rm -rf "$dir"
            "$PY" "$REPO/tests/fixtures/gen_project.py" "$dir" "$shape" "$n" --seed "$SEED" --plain
        else
            echo "$dir: reused"
        fi
        projects+=("$dir")
    done
done

# ------------------------------------------------------------ timing
stamp="$(date +%Y%m%d-%H%M%S)"
raw="$OUT/raw-$stamp"
mkdir -p "$raw"

# Fallback: alternate the two tools run by run, wall-clock via date.
loop_time() { # json-out runs cmd...(as separate words in one string each)
    local json="$1" runs="$2"
    shift 2
    local -a cmds=("$@")
    "$PY" - "$json" "$runs" "${cmds[@]}" <<'EOF'
import json, statistics, subprocess, sys, time
out, runs, cmds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = {c: [] for c in cmds}
for c in cmds:  # warm-up (bytecode caches, page cache)
    subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(runs):
    for c in cmds:  # interleaved: one run of each tool in turn
        t = time.perf_counter()
        subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[c].append(time.perf_counter() - t)
json.dump({"results": [
    {"command": c, "mean": statistics.mean(v), "stddev": statistics.stdev(v) if len(v) > 1 else 0.0,
     "times": v} for c, v in times.items()]}, open(out, "w"))
EOF
}

for dir in "${projects[@]}"; do
    name="$(basename "$dir")"
    n_revs="$(ls "$dir/alembic/versions" | grep -c '\.py$' || true)"
    for cmd in $COMMANDS; do
        section "$name ($n_revs revisions): $cmd"
        # same output? (one run each; also warms caches)
        a_out="$raw/$name-$cmd.aludel.out"
        b_out="$raw/$name-$cmd.alembic.out"
        (cd "$dir" && "${CLEAN_ENV[@]}" "$ALUDEL" "$cmd" >"$a_out" 2>&1) || true
        (cd "$dir" && "${CLEAN_ENV[@]}" "$ALEMBIC" "$cmd" >"$b_out" 2>&1) || true
        if cmp -s "$a_out" "$b_out"; then same=yes; else same=NO; fi
        echo "same output: $same"
        json="$raw/$name-$cmd.json"
        if [ -n "$HYPERFINE" ]; then
            (cd "$dir" && "${CLEAN_ENV[@]}" "$HYPERFINE" --style basic -N --warmup 1 \
                --min-runs 3 --max-runs 20 --export-json "$json" \
                -n "aludel $cmd" "$ALUDEL $cmd" \
                -n "alembic $cmd" "$ALEMBIC $cmd")
        else
            runs=10
            [ "$n_revs" -ge 5000 ] && runs=3
            (cd "$dir" && loop_time "$json" "$runs" "${CLEAN_ENV[*]} $ALUDEL $cmd" "${CLEAN_ENV[*]} $ALEMBIC $cmd")
        fi
        echo "$name	$n_revs	$cmd	$same	$json" >>"$raw/index.tsv"
    done
done

# ------------------------------------------------------------ table
section "results"
"$PY" - "$raw/index.tsv" "$OUT/results-$stamp" <<'EOF'
import json, sys
index, base = sys.argv[1], sys.argv[2]
rows = []
for line in open(index):
    name, n, cmd, same, path = line.rstrip("\n").split("\t")
    # both timers list aludel first, then alembic
    a, b = json.load(open(path))["results"][:2]
    rows.append({
        "project": name, "revisions": int(n), "command": cmd, "same_output": same == "yes",
        "aludel_mean_s": a["mean"], "aludel_stddev_s": a["stddev"],
        "alembic_mean_s": b["mean"], "alembic_stddev_s": b["stddev"],
        "ratio": b["mean"] / a["mean"] if a["mean"] > 0 else float("inf"),
    })

def fmt(mean, sd):
    if mean < 1:
        return "%.1f ± %.1f ms" % (mean * 1000, sd * 1000)
    return "%.2f ± %.2f s" % (mean, sd)

head = "| project | revisions | command | aludel | alembic | alembic/aludel | same output |"
lines = [head, "|---|---:|---|---:|---:|---:|:---:|"]
for r in rows:
    lines.append("| %s | %d | %s | %s | %s | %.1f× | %s |" % (
        r["project"], r["revisions"], r["command"],
        fmt(r["aludel_mean_s"], r["aludel_stddev_s"]),
        fmt(r["alembic_mean_s"], r["alembic_stddev_s"]),
        r["ratio"], "yes" if r["same_output"] else "NO"))
table = "\n".join(lines)
print(table)
open(base + ".md", "w").write(table + "\n")
json.dump(rows, open(base + ".json", "w"), indent=1)
print("\nwritten: %s.md, %s.json" % (base, base))
EOF
