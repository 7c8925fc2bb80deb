#!/usr/bin/env bash
# Cross-checks `cargo xtask spec-diff` against Optic (@useoptic/optic, pinned in
# tests/spec-diff/optic/package-lock.json) on every case under tests/spec-diff/cases/.
#
# For each case, our verdict (exit 1 = breaking, 0 = not) must equal Optic's
# (`optic diff BASE NEW --check` with the breaking-changes ruleset and
# skip_when_major_version_changes: false), unless tests/spec-diff/optic/differences.tsv lists
# the case with Optic's verdict and the reason the Rust SDK view differs. A listed case on which
# both agree is an error too (the table is stale).
#
# Network: only the npm registry (npm ci into target/tools/optic, skipped when the installed
# lock file is current). Optic runs with telemetry off, from a scratch folder and HOME.
# Time: npm ci is bounded by NPM_TIMEOUT (default 600 s), each Optic run by OPTIC_TIMEOUT
# (default 120 s); about 4 s per case here, run OPTIC_JOBS at a time (default: one per core).
#
# usage: tests/spec-diff/optic-crosscheck.sh [CASE...]   (default: every case)
# exit status: 0 agreement, 1 disagreement, 2 setup error
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

npm_timeout="${NPM_TIMEOUT:-600}"
optic_timeout="${OPTIC_TIMEOUT:-120}"
tool_dir="$root/target/tools/optic"
table="$here/optic/differences.tsv"

fail_setup() {
    echo "optic-crosscheck: $*" >&2
    exit 2
}

command -v node >/dev/null || fail_setup "node is not installed"
command -v npm >/dev/null || fail_setup "npm is not installed"

# 1. Optic, pinned, project-local.
mkdir -p "$tool_dir"
if ! cmp -s "$here/optic/package-lock.json" "$tool_dir/package-lock.json" \
    || [ ! -x "$tool_dir/node_modules/.bin/optic" ]; then
    echo "== installing @useoptic/optic into target/tools/optic (npm ci)"
    cp "$here/optic/package.json" "$here/optic/package-lock.json" "$tool_dir/"
    (cd "$tool_dir" && timeout "$npm_timeout" npm ci --ignore-scripts --no-audit --no-fund \
        --loglevel=error) || fail_setup "npm ci failed or timed out"
fi
optic="$tool_dir/node_modules/.bin/optic"
echo "== $("$optic" --version 2>/dev/null | tail -n 1 | sed 's/^/optic /')"

# 2. Our binary, built once: the release build `cargo xtask` uses, which CI has built by now
# (a debug build of xtask alone would compile its dependencies with other features than the
# workspace's test build does, and so twice).
echo "== building xtask"
cargo build --quiet --release -p xtask || fail_setup "cargo build --release -p xtask failed"
target_dir="$(cargo metadata --format-version 1 --no-deps \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
[ -x "$target_dir/release/xtask" ] || fail_setup "no xtask binary in $target_dir/release"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# A copy, so that a concurrent `cargo build` cannot swap the binary halfway through.
cp "$target_dir/release/xtask" "$scratch/xtask"
xtask="$scratch/xtask"

# 3. The cases' NEW specs, as the Rust test builds them.
NODE_PATH="$tool_dir/node_modules" node "$here/optic/materialize.cjs" \
    "$here/cases" "$here/base.yaml" "$scratch/new" >"$scratch/cases.tsv" \
    || fail_setup "could not build the cases' specs"

# Optic's verdict and why the SDK differs, from the table (ignoring # comments).
documented() {
    awk -F'\t' -v id="$1" '!/^#/ && $1 == id { print $2 "\t" $3 }' "$table"
}

verdict_of() {
    case "$1" in
        0) echo compatible ;;
        1) echo breaking ;;
        *) echo "error($1)" ;;
    esac
}

# 4. Optic's verdicts, one job per core (each Optic run is mostly Node start-up), every case
#    with its own working folder and HOME.
jobs_max="${OPTIC_JOBS:-$(nproc)}"
while IFS=$'\t' read -r name base new; do
    if [ "$#" -gt 0 ] && [[ " $* " != *" $name "* ]]; then
        continue
    fi
    mkdir -p "$scratch/optic/$name/home" "$scratch/optic/$name/run"
    (
        set +e
        cd "$scratch/optic/$name/run"
        HOME="$scratch/optic/$name/home" OPTIC_TELEMETRY_LEVEL=off CI=true \
            timeout "$optic_timeout" "$optic" diff "$base" "$new" --check \
            --standard "$here/optic/standard.yml" >"$scratch/optic/$name/out.txt" 2>&1
        echo $? >"$scratch/optic/$name/code"
    ) &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
        wait -n || true
    done
done <"$scratch/cases.tsv"
wait

agree=0
documented_count=0
problems=0
printf '\n%-36s %-11s %-11s %s\n' "case" "spec-diff" "optic" "result"
while IFS=$'\t' read -r name base new; do
    if [ "$#" -gt 0 ] && [[ " $* " != *" $name "* ]]; then
        continue
    fi
    set +e
    "$xtask" spec-diff "$base" "$new" >"$scratch/ours.txt" 2>&1
    ours_code=$?
    set -e
    optic_code="$(cat "$scratch/optic/$name/code" 2>/dev/null || echo 2)"
    cp "$scratch/optic/$name/out.txt" "$scratch/optic.txt" 2>/dev/null || : >"$scratch/optic.txt"
    ours="$(verdict_of "$ours_code")"
    theirs="$(verdict_of "$optic_code")"
    entry="$(documented "$name")"
    listed_verdict="${entry%%$'\t'*}"
    reason="${entry#*$'\t'}"
    if [ "$ours_code" -gt 1 ] || [ "$optic_code" -gt 1 ]; then
        result="ERROR: a tool failed"
        problems=$((problems + 1))
        sed 's/^/    spec-diff: /' "$scratch/ours.txt" >&2
        sed 's/^/    optic: /' "$scratch/optic.txt" >&2
    elif [ "$ours" = "$theirs" ]; then
        if [ -n "$entry" ]; then
            result="STALE: differences.tsv lists it, but both say $ours"
            problems=$((problems + 1))
        else
            result="agree"
            agree=$((agree + 1))
        fi
    elif [ -n "$entry" ] && [ "$listed_verdict" = "$theirs" ]; then
        result="differs as documented: $reason"
        documented_count=$((documented_count + 1))
    else
        result="DISAGREE: not in differences.tsv"
        problems=$((problems + 1))
        sed 's/^/    optic: /' "$scratch/optic.txt" >&2
    fi
    printf '%-36s %-11s %-11s %s\n' "$name" "$ours" "$theirs" "$result"
done <"$scratch/cases.tsv"

printf '\n%d agree, %d differ as documented, %d problems\n' "$agree" "$documented_count" "$problems"
[ "$problems" -eq 0 ] || exit 1
