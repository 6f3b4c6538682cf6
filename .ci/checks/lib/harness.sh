# shellcheck shell=bash disable=SC2034,SC2154 # $checks is set, and $python used, by the sourcing check
# Sourced by each .ci/checks/*.sh after `cd` to the repository root, with $checks naming
# the check: one way to count, fail, keep scratch files and clean up, so every check's
# last line reads the same ("<checks> checks: N passed, …") and nothing outlives it.
#
# A check that owns more than processes (containers, say) defines cleanup_more.

root=$PWD
passed=0
ok() {
  passed=$((passed + 1))
  printf 'ok %d: %s\n' "$passed" "$*"
}
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  printf '%s checks: %d passed, 1 failed\n' "$checks" "$passed"
  exit 1
}
step() { printf '\n-- %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/jobwait-$checks-checks.XXXXXX")
pids=()
cleanup_more() { :; }
cleanup() {
  cleanup_more
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The pinned Python tools, in the repository's .venv (shared by the checks); sets
# $python to that venv's interpreter and puts its bin first on PATH.
venv_install() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@"
  python=$root/.venv/bin/python
  export PATH="$root/.venv/bin:$PATH"
}

# The last line of a check that passed.
passed_all() { printf '\n%s checks: %d passed, 0 failed\n' "$checks" "$passed"; }
