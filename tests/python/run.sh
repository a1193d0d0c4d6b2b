#!/usr/bin/env bash
# The Python package end to end, as a user gets it:
#
# 1. builds the `aludel` binary and the wheel (maturin from the reference
#    venv: the binary as the wheel's script, the `aludel` package with the
#    `aludel._native` extension);
# 2. installs the wheel with pip into a fresh virtualenv, with what a
#    SQLModel project's tests need (pytest, sqlmodel, SQLAlchemy, psycopg,
#    and alembic for the comparison run);
# 3. runs `aludel --version` there with a PATH that has the venv's bin/ and
#    no cargo or rustc;
# 4. runs the guide-style suite tests/python/ twice, with the same PATH:
#    ALUDEL_COMMAND_MODULE=alembic (real Alembic), then =aludel.
#
# Usage: bash tests/python/run.sh [--profile release|dev]
#
# The default profile is release (the wheel users get). .ci/run passes dev:
# `cargo test` has just built every dependency in that profile, so the
# wheel costs a link instead of a release build of the whole tree.
set -euo pipefail

PROFILE=release
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE="$2"; shift 2 ;;
        --profile=*) PROFILE="${1#--profile=}"; shift ;;
        *) echo "usage: $0 [--profile release|dev]" >&2; exit 2 ;;
    esac
done
case "$PROFILE" in
    release) PROFILE_DIR=release ;;
    dev) PROFILE_DIR=debug ;;
    *) echo "profile must be release or dev, not $PROFILE" >&2; exit 2 ;;
esac

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
REF_VENV="${ALUDEL_REF_VENV:-$REPO/.venv}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
WHEELS="$TARGET/python-wheels"
TEST_VENV="$TARGET/python-test-venv"
# maturin's data directory for module aludel._native (see pyproject.toml)
SCRIPTS="$REPO/aludel._native.data/scripts"
# What the suite imports, at the reference venv's versions (.ci/run PINS).
TEST_PINS=(pytest==8.4.2 sqlmodel==0.0.50 SQLAlchemy==2.1.9 "psycopg[binary]==3.3.9" alembic==1.20.1)

started=$SECONDS
step() {
    printf '\n---- %s (%ds)\n' "$*" "$((SECONDS - started))"
}

if [ ! -x "$REF_VENV/bin/maturin" ]; then
    echo "no maturin in $REF_VENV: run 'bash .ci/run --setup-only' first" >&2
    exit 1
fi

step "cargo build --profile $PROFILE -p aludel-cli --bin aludel"
cargo build --profile "$PROFILE" -p aludel-cli --bin aludel
mkdir -p "$SCRIPTS"
cp "$TARGET/$PROFILE_DIR/aludel" "$SCRIPTS/aludel"
# Debug information is most of a binary's size; users never need it.
if command -v strip >/dev/null 2>&1; then
    strip "$SCRIPTS/aludel"
fi

step "maturin build --profile $PROFILE"
rm -rf "$WHEELS"
"$REF_VENV/bin/maturin" build --profile "$PROFILE" --strip --interpreter "$REF_VENV/bin/python" --out "$WHEELS"
wheel=("$WHEELS"/aludel-*.whl)
if [ "${#wheel[@]}" -ne 1 ] || [ ! -f "${wheel[0]}" ]; then
    echo "expected one wheel in $WHEELS, found: ${wheel[*]}" >&2
    exit 1
fi
echo "wheel: ${wheel[0]} ($(du -h "${wheel[0]}" | cut -f1))"

step "fresh virtualenv $TEST_VENV"
rm -rf "$TEST_VENV"
"$REF_VENV/bin/python" -m venv "$TEST_VENV"
"$TEST_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${wheel[0]}" "${TEST_PINS[@]}"

# The user's shell: the venv's bin/ first, then the system's; no ~/.cargo/bin.
USER_PATH="$TEST_VENV/bin:/usr/local/bin:/usr/bin:/bin"
user_env() {
    env -i HOME="$HOME" PATH="$USER_PATH" LANG=C.UTF-8 CI="${CI:-}" \
        PYTHONDONTWRITEBYTECODE=1 ALUDEL_NO_CACHE=1 "$@"
}

step "aludel --version without Rust on PATH"
user_env sh -c '! command -v cargo >/dev/null && ! command -v rustc >/dev/null' || {
    echo "cargo or rustc is on the user PATH ($USER_PATH); the check would prove nothing" >&2
    exit 1
}
version="$(user_env aludel --version)"
found="$(user_env sh -c 'command -v aludel')"
want="aludel $(user_env python -c 'import aludel; print(aludel.__version__)')"
echo "$found: $version"
[ "$found" = "$TEST_VENV/bin/aludel" ] || { echo "aludel resolves to $found, not the venv's" >&2; exit 1; }
[ "$version" = "$want" ] || { echo "aludel --version said '$version', want '$want'" >&2; exit 1; }
[ "$(user_env python -m aludel --version)" = "$want" ]
# python -m aludel without the binary: the same command run in-process
[ "$(user_env python -c 'import sys; from aludel.__main__ import main; sys.exit(main(sys.argv[1:]))' --version)" = "$want" ]

for module in alembic aludel; do
    step "pytest tests/python with ALUDEL_COMMAND_MODULE=$module"
    (cd "$REPO/tests/python" && user_env ALUDEL_COMMAND_MODULE="$module" \
        python -m pytest -p no:cacheprovider -q)
done

step "done"
