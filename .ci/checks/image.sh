#!/usr/bin/env bash
# The container image (packaging/container/Containerfile, built by scripts/build-image.sh),
# built and run here as far as the machine allows:
#
#   1. tools from Debian's packages (buildah, skopeo, umoci, runc, dnsmasq, openssl); when
#      they are missing and cannot be installed (not root, no apt-get), the check says so
#      and is skipped: it never passes silently.
#   2. a static binary for this machine: `cargo build --release` with a static C runtime
#      for the host's -gnu target. The release builds the image from its static musl
#      binaries instead; no musl target can be installed here (rustup downloads nothing).
#   3. both images for this machine's platform, inspected: the manifest list, the config
#      (numeric non-root user, entrypoint, SSL_CERT_FILE, labels) and the files (passwd
#      entry, CA bundle, a static binary, the shell's BusyBox).
#   4. both run as OCI containers by runc, from the images unpacked by umoci with the
#      configuration the image gives (user 65532, env, entrypoint): `jobwait --version`,
#      and the shell image's `sh`.
#   5. TLS and name lookup from inside the container: a job API on loopback over https,
#      its certificate chained (leaf, intermediate) to a test root. The image's own CA
#      bundle does not trust it (exit 3, a certificate error: verification is on); the same
#      bundle with the test root added, mounted where the image keeps it, does (exit 0);
#      SSL_CERT_FILE pointing elsewhere is followed. The host name is found through the
#      container's /etc/hosts and through DNS (dnsmasq on loopback, via /etc/resolv.conf),
#      as a runtime provides them.
#
# Run it from anywhere as root: bash .ci/checks/image.sh (a few minutes: the static build).
set -euo pipefail
cd "$(dirname "$0")/../.."
checks=image
# shellcheck source=.ci/checks/lib/harness.sh
source .ci/checks/lib/harness.sh
skip() {
  printf 'SKIPPED: the image checks did not run: %s\n' "$*" >&2
  printf 'image checks: 0 passed, 0 failed, 1 skipped\n'
  exit 0
}

containers=()
cleanup_more() {
  for id in "${containers[@]}"; do
    runc --root "$work/runc" delete --force "$id" >/dev/null 2>&1 || true
  done
}

# ---------------------------------------------------------------------------------------
step "1. tools"

declare -A package_of=([buildah]=buildah [skopeo]=skopeo [umoci]=umoci [runc]=runc
  [dnsmasq]=dnsmasq-base [openssl]=openssl [busybox]=busybox-static)
missing=()
for tool in buildah skopeo umoci runc dnsmasq openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}")
done
# The shell image's BusyBox stands in for the release's busybox image: static, or nothing.
if ! command -v busybox >/dev/null 2>&1 || ! file -L "$(command -v busybox)" 2>/dev/null | grep -q 'statically linked'; then
  missing+=(busybox-static)
fi
[ -s /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
command -v file >/dev/null 2>&1 || missing+=(file)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || skip "not root, and ${missing[*]} missing (install them, or run as root as CI does)"
  command -v apt-get >/dev/null 2>&1 || skip "${missing[*]} missing and no apt-get to install them"
  echo "installing ${missing[*]}"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$work/apt.log" 2>&1 || skip "apt-get could not install ${missing[*]}: $(tail -n 3 "$work/apt.log")"
fi
[ "$(id -u)" = 0 ] || skip "runc needs root to run the image (CI runs as root)"
ok "buildah $(buildah --version | awk '{print $3}'), skopeo, umoci, runc, dnsmasq, openssl, static busybox"

# buildah's images in a storage of our own, removed at the end.
cat >"$work/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$work/run"
graphroot = "$work/storage"
EOF
export CONTAINERS_STORAGE_CONF="$work/storage.conf"

# ---------------------------------------------------------------------------------------
step "2. a static binary"

case "$(uname -m)" in
  x86_64) platform=linux/amd64 triple=x86_64-unknown-linux-gnu ;;
  aarch64) platform=linux/arm64 triple=aarch64-unknown-linux-gnu ;;
  *) fail "no image platform for $(uname -m)" ;;
esac
target_dir=${CARGO_TARGET_DIR:-$root/target}
RUSTFLAGS='-C target-feature=+crt-static' cargo build --locked --release --quiet \
  --target "$triple" --bin jobwait || fail "the static build"
binary=$target_dir/$triple/release/jobwait
file "$binary" | grep -Eq 'statically linked|static-pie linked' || fail "$binary is not static: $(file "$binary")"
ok "$binary: $(file -b "$binary" | cut -d, -f1-2,4)"

# ---------------------------------------------------------------------------------------
step "3. the images, inspected"

bb=$(buildah from scratch)
buildah copy --quiet "$bb" "$(command -v busybox)" /bin/busybox >/dev/null
buildah commit --quiet "$bb" localhost/jobwait-check-busybox:local >/dev/null
buildah rm "$bb" >/dev/null
scripts/build-image.sh --tag check --busybox-image localhost/jobwait-check-busybox:local \
  --source https://example.invalid/jobwait "$platform=$binary" >"$work/names" ||
  fail "scripts/build-image.sh"
[ "$(cat "$work/names")" = "$(printf 'localhost/jobwait:check\nlocalhost/jobwait:check-shell')" ] ||
  fail "build-image.sh named $(cat "$work/names")"
for name in check check-shell; do
  buildah manifest push --quiet --all "localhost/jobwait:$name" "oci:$work/list:$name" ||
    fail "buildah manifest push $name"
  skopeo copy --quiet "oci:$work/list:$name" "oci:$work/image:$name" || fail "skopeo copy $name"
  skopeo inspect --raw "oci:$work/list:$name" >"$work/$name.list.json"
  skopeo inspect --config "oci:$work/image:$name" >"$work/$name.config.json"
  umoci unpack --image "$work/image:$name" "$work/bundle-$name" >/dev/null || fail "umoci unpack $name"
done
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
python3 - "$work" "$platform" "$version" <<'PY' || fail "the images' manifests or configuration"
import json
import sys
from pathlib import Path

work, platform, version = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
problems = []
for name in ("check", "check-shell"):
    index = json.loads((work / f"{name}.list.json").read_text())
    platforms = [f'{m["platform"]["os"]}/{m["platform"]["architecture"]}' for m in index["manifests"]]
    if platforms != [platform]:
        problems.append(f"{name}: the manifest list holds {platforms}, not [{platform}]")
    config = json.loads((work / f"{name}.config.json").read_text())["config"]
    user = config.get("User", "")
    uid, _, gid = user.partition(":")
    if not (uid.isdigit() and gid.isdigit() and int(uid) != 0 and int(gid) != 0):
        problems.append(f"{name}: user {user!r} is not a numeric non-root uid:gid")
    env = dict(e.split("=", 1) for e in config.get("Env", []))
    if env.get("SSL_CERT_FILE") != "/etc/ssl/certs/ca-certificates.crt":
        problems.append(f"{name}: SSL_CERT_FILE is {env.get('SSL_CERT_FILE')!r}")
    labels = config.get("Labels") or {}
    if labels.get("org.opencontainers.image.version") != version:
        problems.append(f"{name}: version label {labels.get('org.opencontainers.image.version')!r}, not {version}")
    if labels.get("org.opencontainers.image.source") != "https://example.invalid/jobwait":
        problems.append(f"{name}: no source label")
    if name == "check":
        if config.get("Entrypoint") != ["/usr/local/bin/jobwait"]:
            problems.append(f"{name}: entrypoint {config.get('Entrypoint')}")
        if env.get("PATH") != "/usr/local/bin":
            problems.append(f"{name}: PATH {env.get('PATH')!r}")
    else:
        if config.get("Entrypoint") or config.get("Cmd") != ["sh"]:
            problems.append(f"{name}: entrypoint {config.get('Entrypoint')}, cmd {config.get('Cmd')}: GitLab needs sh")
        if "/busybox" not in env.get("PATH", "").split(":"):
            problems.append(f"{name}: PATH {env.get('PATH')!r} lacks /busybox, where GitLab's runner finds sh")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
ok "manifest lists for $platform; user 65532:65532; SSL_CERT_FILE; labels; entrypoint jobwait, the shell image's sh"

rootfs=$work/bundle-check/rootfs
grep -qx 'jobwait:x:65532:65532:jobwait:/home/jobwait:/sbin/nologin' "$rootfs/etc/passwd" ||
  fail "/etc/passwd has no entry for uid 65532: $(cat "$rootfs/etc/passwd")"
grep -qx 'jobwait:x:65532:' "$rootfs/etc/group" || fail "/etc/group has no group 65532"
[ "$(stat -c %u:%g "$rootfs/home/jobwait")" = 65532:65532 ] || fail "/home/jobwait is not the user's"
[ "$(stat -c %u:%a "$rootfs/home")" = 0:755 ] || fail "/home is not root's"
[ "$(stat -c %a "$rootfs/tmp")" = 1777 ] || fail "/tmp is not 1777"
bundle=$rootfs/etc/ssl/certs/ca-certificates.crt
certs=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$bundle" || true)
[ "$certs" -ge 50 ] || fail "the CA bundle holds $certs certificates"
cmp -s "$bundle" /etc/ssl/certs/ca-certificates.crt || fail "the CA bundle is not the build machine's"
cmp -s "$rootfs/usr/local/bin/jobwait" "$binary" || fail "/usr/local/bin/jobwait is not the binary built"
found=$(cd "$rootfs" && find . -type f | sort | tr '\n' ' ')
[ "$found" = "./etc/group ./etc/nsswitch.conf ./etc/passwd ./etc/ssl/certs/ca-certificates.crt ./usr/local/bin/jobwait " ] ||
  fail "the scratch image holds more than it should: $found"
shell_rootfs=$work/bundle-check-shell/rootfs
[ -x "$shell_rootfs/busybox/busybox" ] && [ "$(readlink "$shell_rootfs/busybox/sh")" = busybox ] ||
  fail "the shell image has no /busybox/sh"
file -L "$shell_rootfs/busybox/busybox" | grep -q 'statically linked' || fail "the shell image's BusyBox is not static"
ok "passwd/group entry for 65532, its home, /tmp 1777; $certs CA certificates; nothing else but the binary"

# ---------------------------------------------------------------------------------------
step "4. run by runc"

# run NAME BUNDLE [runc config edits as a jq filter]: the container, its stdout, stderr
# and exit code in $work/NAME.*; host networking (loopback) and bind mounts as a
# runtime adds them come through the filter.
run() {
  local name=$1 bundle=$2 filter=${3:-.} code=0
  jq ".process.terminal = false | $filter" "$bundle/config.json" >"$bundle/config.run.json"
  cp "$bundle/config.json" "$bundle/config.image.json"
  mv "$bundle/config.run.json" "$bundle/config.json"
  containers+=("jobwait-check-$name")
  timeout 120 runc --root "$work/runc" run --bundle "$bundle" "jobwait-check-$name" \
    </dev/null >"$work/$name.stdout" 2>"$work/$name.stderr" || code=$?
  mv "$bundle/config.image.json" "$bundle/config.json"
  echo "$code" >"$work/$name.code"
}
expect() {
  local got
  got=$(cat "$work/$1.code")
  [ "$got" = "$2" ] || fail "$1: the container exited $got, expected $2; stderr: $(cat "$work/$1.stderr")"
}

run version "$work/bundle-check" '.process.args += ["--version"]'
expect version 0
[ "$(cat "$work/version.stdout")" = "jobwait $version" ] || fail "version: printed $(cat "$work/version.stdout")"
ok "runc runs the image's entrypoint as uid 65532: jobwait --version prints jobwait $version"

# shellcheck disable=SC2016 # $HOME is the container's, expanded by its sh
run shell "$work/bundle-check-shell" '.process.args = ["sh", "-c", "id -u; jobwait --version; echo $HOME"]'
expect shell 0
[ "$(tr '\n' ' ' <"$work/shell.stdout")" = "65532 jobwait $version /home/jobwait " ] ||
  fail "shell: printed $(cat "$work/shell.stdout")"
ok "the shell image: sh on PATH (as GitLab's runner looks for it) runs jobwait as uid 65532"

# ---------------------------------------------------------------------------------------
step "5. TLS and name lookup inside the container"

pki=$work/pki
mkdir -p "$pki"
(
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 2 \
    -subj "/CN=jobwait check root" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj "/CN=jobwait check intermediate"
  printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >ca.ext
  openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -CAcreateserial -out ca.pem -days 2 -extfile ca.ext
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=jobs.example.test"
  printf 'subjectAltName=DNS:jobs.example.test,DNS:hosts.example.test\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext
  cat server.pem ca.pem >chain.pem
) >"$work/openssl.log" 2>&1 || fail "openssl: $(cat "$work/openssl.log")"
cat /etc/ssl/certs/ca-certificates.crt "$pki/root.pem" >"$pki/bundle-with-root.pem"

# A job API over https on loopback, answering SUCCESS for any job and counting requests.
cat >"$work/tls_api.py" <<'PY'
import http.server
import json
import ssl
import sys

class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        job = self.path.rstrip("/").rsplit("/", 1)[-1]
        body = json.dumps({"status": "SUCCESS", "job_id": job, "job_type": "createServer",
                           "entities": {}, "error_code": None, "fail_reason": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("request", self.path, file=sys.stderr, flush=True)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"port {server.server_address[1]}", flush=True)
server.serve_forever()
PY
python3 -u "$work/tls_api.py" "$pki/chain.pem" "$pki/server.key" >"$work/api.port" 2>"$work/api.log" &
pids+=($!)
# DNS for jobs.example.test on a loopback address of its own.
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
  --listen-address=127.0.0.77 --port=53 --address=/jobs.example.test/127.0.0.1 \
  --log-queries --log-facility="$work/dns.log" --pid-file= --user=root >"$work/dnsmasq.out" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$work/api.port")
  [ -n "$port" ] && grep -q 'started' "$work/dns.log" 2>/dev/null && break
  sleep 0.1
done
[ -n "$port" ] || fail "the https job API did not start: $(cat "$work/api.log")"
grep -q started "$work/dns.log" 2>/dev/null || fail "dnsmasq did not start: $(cat "$work/dnsmasq.out" "$work/dns.log" 2>/dev/null)"

printf '127.0.0.1 localhost\n127.0.0.1 hosts.example.test\n' >"$work/hosts"
printf 'nameserver 127.0.0.77\n' >"$work/resolv.conf"
project=0123456789abcdef0123456789abcdef
# wait NAME HOST [jq filter]: jobwait in the image, on the host's network, with /etc/hosts
# and /etc/resolv.conf mounted as a runtime does, waiting for job-1 at https://HOST:PORT.
wait_in_image() {
  local name=$1 host=$2 extra=${3:-.}
  run "$name" "$work/bundle-check" "
    (.linux.namespaces |= map(select(.type != \"network\")))
    | .mounts += [
        {destination: \"/etc/hosts\", type: \"bind\", source: \"$work/hosts\", options: [\"rbind\", \"ro\"]},
        {destination: \"/etc/resolv.conf\", type: \"bind\", source: \"$work/resolv.conf\", options: [\"rbind\", \"ro\"]}]
    | .process.args += [\"--endpoint\", \"https://$host:$port\", \"--token\", \"check-token\",
        \"--project-id\", \"$project\", \"--job-id\", \"job-1\", \"--not-found-grace\", \"1s\",
        \"--timeout\", \"20s\", \"--color\", \"never\"]
    | $extra"
}
mount_bundle() {
  printf '.mounts += [{destination: "%s", type: "bind", source: "%s", options: ["rbind", "ro"]}]' "$1" "$2"
}

wait_in_image untrusted jobs.example.test
expect untrusted 3
grep -qi 'certificate' "$work/untrusted.stderr" || fail "untrusted: no certificate error: $(cat "$work/untrusted.stderr")"
grep -q 'request' "$work/api.log" && fail "untrusted: a request got through an unverified connection"
ok "the image's own CA bundle does not trust the test root: exit 3, $(grep -oi 'invalid peer certificate[^)]*' "$work/untrusted.stderr" | head -n 1)"

wait_in_image dns jobs.example.test "$(mount_bundle /etc/ssl/certs/ca-certificates.crt "$pki/bundle-with-root.pem")"
expect dns 0
grep -q 'SUCCESS' "$work/dns.stderr" || fail "dns: no SUCCESS: $(cat "$work/dns.stderr")"
grep -q 'query\[A\] jobs.example.test' "$work/dns.log" || fail "dns: jobs.example.test was not asked of the DNS server"
grep -q 'request /v1/'"$project"'/jobs/job-1' "$work/api.log" || fail "dns: the job API saw no request"
ok "with the test root in the bundle at /etc/ssl/certs/ca-certificates.crt: jobs.example.test found by DNS, the chain verified, exit 0"

wait_in_image hosts hosts.example.test "$(mount_bundle /etc/ssl/certs/ca-certificates.crt "$pki/bundle-with-root.pem")"
expect hosts 0
grep -q 'hosts.example.test' "$work/dns.log" && fail "hosts: hosts.example.test went to DNS instead of /etc/hosts"
ok "a name from the container's /etc/hosts (nsswitch: files, then dns): exit 0"

wait_in_image ssl_cert_file jobs.example.test "$(mount_bundle /etc/jobwait/ca.pem "$pki/root.pem")
  | .process.env |= map(if startswith(\"SSL_CERT_FILE=\") then \"SSL_CERT_FILE=/etc/jobwait/ca.pem\" else . end)"
expect ssl_cert_file 0
ok "SSL_CERT_FILE pointing at a mounted private CA is followed: exit 0"

passed_all
