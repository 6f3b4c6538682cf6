#!/usr/bin/env bash
# How jobwait reaches users besides the Action, checked against itself and the binary
# (the helpers are in .ci/checks/packaging.py):
#
#   1. the GitLab component (templates/jobwait.yml): its spec and its job, rendered as
#      GitLab renders it, through GitLab's schema (check-jsonschema's vendor.gitlab-ci),
#      the spec's structure beyond the schema, the README's component block merged into
#      it; then the job run as GitLab's runner runs it (variables, then its script by sh)
#      against the demo's fake job API. tests/gitlab_component.rs holds its inputs to the
#      option table.
#   2. Cargo.toml's [package.metadata.binstall] downloads the archives release.yml makes.
#   3. every jobwait version pinned in the README's code and the component is Cargo.toml's.
#   4. each check of 1-3 catches a file that breaks its rule (probes).
#   5. `cargo package --locked`: the crate as crates.io would get it, without warnings,
#      holding what it needs and none of the CI files, and building from the package.
#
# Run it from anywhere: bash .ci/checks/packaging.sh (under a minute after cargo test).
set -euo pipefail
cd "$(dirname "$0")/../.."
checks=packaging
# shellcheck source=.ci/checks/lib/harness.sh
source .ci/checks/lib/harness.sh

# The same pinned check-jsonschema as .ci/checks/action.sh, in the same venv.
venv_install check-jsonschema==0.39.0
helper() { "$python" .ci/checks/packaging.py "$@"; }
schema() { .venv/bin/check-jsonschema --builtin-schema vendor.gitlab-ci "$@"; }

# ---------------------------------------------------------------------------------------
step "1. the GitLab component"

"$python" - templates/jobwait.yml "$work/spec.yml" <<'PY' || fail "the component is not a spec and a job"
import sys
from pathlib import Path

text = Path(sys.argv[1]).read_text()
header, sep, _ = text.partition("\n---\n")
assert sep, "no --- between the spec and the job"
Path(sys.argv[2]).write_text(header + "\n")
PY
schema "$work/spec.yml" >/dev/null || fail "the component's spec does not match GitLab's schema: $(schema "$work/spec.yml" 2>&1)"
helper component-spec templates/jobwait.yml || fail "the component's spec"
ok "the spec matches GitLab's schema; every input described, a string, used, its default among its options"

# shellcheck disable=SC2016 # $JOB_ID is the pipeline's, expanded by the runner
helper render templates/jobwait.yml "$work/defaults.yml" 'job_id=$JOB_ID' || fail "rendering the component"
schema "$work/defaults.yml" >/dev/null || fail "the component's job does not match GitLab's schema: $(schema "$work/defaults.yml" 2>&1)"
helper readme-component "$work/readme.json" || fail "the README's component block"
schema "$work/readme.json" >/dev/null || fail "the README's component block, merged, does not match GitLab's schema"
ok "its job, rendered with the defaults and with the README's inputs and job keys, matches GitLab's schema"

bin_dir=${CARGO_TARGET_DIR:-$root/target}/debug
cargo build --locked --quiet --bin jobwait --example fake_api
"$bin_dir/examples/fake_api" --port-file "$work/fake.port" >"$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  [ -s "$work/fake.port" ] && break
  sleep 0.1
done
[ -s "$work/fake.port" ] || fail "the fake job API did not start: $(cat "$work/fake.log")"
endpoint="http://127.0.0.1:$(cat "$work/fake.port")"

# job NAME EXPECTED [VAR=VALUE ...] -- [INPUT=VALUE ...]: the component rendered with the
# inputs, run with the variables as the pipeline's (and nothing else of this machine's).
job() {
  local name=$1 expected=$2 vars=() code=0
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    vars+=("$1")
    shift
  done
  shift
  helper render templates/jobwait.yml "$work/$name.yml" "$@" || fail "$name: rendering"
  env -i PATH="$bin_dir:/usr/bin:/bin" HOME="$work" "${vars[@]}" \
    "$python" .ci/checks/packaging.py run "$work/$name.yml" >"$work/$name.out" 2>"$work/$name.err" || code=$?
  [ "$code" = "$expected" ] || fail "$name: the job exited $code, expected $expected: $(cat "$work/$name.err")"
}
pipeline=(HW_AUTH_TOKEN=demo-token OS_PROJECT_ID=0123456789abcdef0123456789abcdef)
# shellcheck disable=SC2016 # as above
job ok 0 "${pipeline[@]}" JOB_ID=job-ok -- 'job_id=$JOB_ID' "endpoint=$endpoint" poll_interval=200ms
grep -q 'SUCCESS' "$work/ok.err" || fail "ok: no SUCCESS in the log: $(cat "$work/ok.err")"
grep -q 'section_start:' "$work/ok.err" || fail "ok: no collapsed GitLab section in the log"
job failed 1 "${pipeline[@]}" -- job_id=job-fail "endpoint=$endpoint" poll_interval=200ms output=json
grep -q '"verdict":"failed"' "$work/failed.out" || fail "failed: no JSON result on stdout: $(cat "$work/failed.out")"
job slow 2 "${pipeline[@]}" JOBWAIT_TIMEOUT=2s JOBWAIT_ENDPOINT="$endpoint" -- job_id=job-slow
ok "the job as GitLab runs it: job-ok 0 (\$JOB_ID expanded, credentials from pipeline variables), job-fail 1 with JSON, a pipeline's JOBWAIT_TIMEOUT and JOBWAIT_ENDPOINT not hidden by empty inputs: 2"

# ---------------------------------------------------------------------------------------
step "2. cargo binstall"

helper binstall || fail "[package.metadata.binstall] does not fetch what release.yml publishes"
ok "binstall's pkg-url and bin-dir give release.yml's jobwait-X.Y.Z-<target>.tar.gz/.zip, binary at the root, for every target"

# ---------------------------------------------------------------------------------------
step "3. one version"

helper versions || fail "a pinned version is not Cargo.toml's"
ok "every jobwait version pinned in the README's code and the component is Cargo.toml's ($(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1))"

# ---------------------------------------------------------------------------------------
step "4. probes"

helper probes || fail "a check above let a broken file through"
ok "each check catches a broken copy: a component input with an unknown key or default, an unused input, binstall names release.yml does not publish, a stale pin, a moving tag of another line"

# ---------------------------------------------------------------------------------------
step "5. cargo package"

cargo package --locked --allow-dirty --list >"$work/files" 2>"$work/list.err" || fail "cargo package --list: $(cat "$work/list.err")"
for needed in Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE src/main.rs src/lib.rs tests/data/sdk_signatures.json action.yml templates/jobwait.yml; do
  grep -qxF "$needed" "$work/files" || fail "the package lacks $needed"
done
if grep -E '^(\.github|\.ci|fuzz|packaging|scripts)/' "$work/files"; then
  fail "the package holds CI or packaging files (above)"
fi
cargo package --locked --allow-dirty >"$work/package.log" 2>&1 || fail "cargo package: $(cat "$work/package.log")"
if grep -i 'warning' "$work/package.log"; then
  fail "cargo package warns (above)"
fi
ok "cargo package --locked: $(grep -c . "$work/files") files, no warning, and it builds from the package"

passed_all
