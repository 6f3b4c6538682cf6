#!/usr/bin/env python3
"""Golden SDK-HMAC-SHA256 signatures made by the OFFICIAL Huawei Cloud Python SDK signer.

How this data was made
----------------------
    python3 -m venv /tmp/sdkvenv
    /tmp/sdkvenv/bin/pip install huaweicloudsdkcore        # got huaweicloudsdkcore 3.1.219
    /tmp/sdkvenv/bin/python tests/data/make_sdk_signatures.py   # run from the repository root
    # -> writes tests/data/sdk_signatures.json (deterministic: re-running gives identical bytes)

Made on 2026-11-26 with huaweicloudsdkcore 3.1.219 (PyPI) under CPython 3.11.7.
The script needs nothing but huaweicloudsdkcore; it refuses to run under another
SDK version unless HWSDK_ANY_VERSION=1 is set (then re-check the diff by hand).

Why it exists
-------------
The project's tests check the CLI's own AK/SK signer (src/auth/signer.rs) against these
signatures, so that the signer is checked by data computed independently of the signer
under test, by the same code that the cloud SDKs (and tests' fake cloud,
/work/shared/conformance/fake_cloud.py) use.

How each case is signed
-----------------------
Exactly as fake_cloud.py re-signs a received request:

    SdkRequest(method=..., schema="https", host=<Host header>, resource_path=path,
               query_params=parse_qsl(query, keep_blank_values=True),
               header_params=dict(headers), body=body)
    Signer(BasicCredentials(ak, sk)).sign(req)  ->  req.header_params["Authorization"]

The date is fixed by putting X-Sdk-Date in the headers before signing: Signer only stamps
the current time when no X-Sdk-Date header is present (Signer._process_header_time), and
this script asserts that the header is left unchanged and is the date in the string to sign.
Every case (except vector C) carries its own Host header, so Signer adds no header of its
own; the script asserts that signing added nothing but Authorization, so "headers" is the
complete list of headers to send, and (method, path, query, headers, body, ak, sk) alone
determine "authorization".

Fields of each case: name, description, method, host (the Host header value, with :port
when not default), path (as sent on the wire, percent-encoded), query (raw query string as
sent, without '?', may be empty), headers (ordered [name, value] pairs, exactly as sent,
values untrimmed), body (UTF-8 string), ak, sk, authorization, signed_headers (the SDK's
SignedHeaders list), canonical_request and string_to_sign (captured from the SDK's own
internal steps, for diagnosing a mismatch), sdk_entry (how the SDK was called).

Vector C of /work/shared/reference/README.md signs no Host header. Signer.sign() always
adds a Host header when there is none (Signer._process_header_host), so vector C is made
with a Signer subclass whose only change is that this step is a no-op (sdk_entry says so).
"""

import hashlib
import json
import os
import sys
from urllib.parse import parse_qsl

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

try:
    from importlib.metadata import version as _dist_version
    SDK_VERSION = _dist_version("huaweicloudsdkcore")
except Exception:  # pragma: no cover
    SDK_VERSION = "unknown"

EXPECTED_SDK_VERSION = "3.1.219"
DATE = "20261126T101500Z"
AK = "HPUAEXAMPLEAK7Q2ZL0M"
SK = "m4Vn8ExampleSecretKeyQ0oLr3sT9uVwXyZaBcDeF"
PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
JOB = "ff80808288d41e1b018a3f3f4b2a7c31"
ECS = "ecs.cn-north-4.myhuaweicloud.com"
RDS = "rds.eu-de.otc.t-systems.com"
# A long temporary (STS) security token, shaped like the real ones (base64-ish, ~1.2 kB).
SECURITY_TOKEN = "gQpjbi1ub3J0aC00" + "".join(
    hashlib.sha256(("token-%d" % i).encode()).hexdigest() for i in range(18)
) + "Zk9Ra1ZxWmN4YjJ3PT0="

BASE = [("Host", ECS), ("X-Sdk-Date", DATE)]
JOB_PATH = "/v1/%s/jobs/%s" % (PROJECT, JOB)
JSON_CT = ("Content-Type", "application/json;charset=utf8")


def case(name, description, method, path, query, headers, body="", ak=AK, sk=SK, no_host=False):
    return dict(name=name, description=description, method=method, path=path, query=query,
                headers=[list(h) for h in headers], body=body, ak=ak, sk=sk, no_host=no_host)


CASES = [
    case("get_job_plain", "GET a job with only Host and X-Sdk-Date signed.",
         "GET", JOB_PATH, "", BASE),
    case("get_job_project_id", "Same plus X-Project-Id.",
         "GET", JOB_PATH, "", BASE + [("X-Project-Id", PROJECT)]),
    case("get_job_security_token", "Temporary credentials: X-Project-Id and a long X-Security-Token.",
         "GET", JOB_PATH, "", BASE + [("X-Project-Id", PROJECT), ("X-Security-Token", SECURITY_TOKEN)]),
    case("host_with_port", "Host header carries a non-default port; it is signed as sent.",
         "GET", JOB_PATH, "", [("Host", "127.0.0.1:8080"), ("X-Sdk-Date", DATE)]),
    case("query_one_key", "RDS-style job query with a single key.",
         "GET", "/v3/%s/jobs" % PROJECT, "id=a4b3f6c1-2d9e-4f7a-8b0c-1d2e3f4a5b6c",
         [("Host", RDS), ("X-Sdk-Date", DATE), ("X-Project-Id", PROJECT)]),
    case("query_keys_unordered_repeated",
         "Several keys out of order and a repeated key whose values are out of order.",
         "GET", "/v2/%s/jobs" % PROJECT, "status=RUNNING&limit=10&tag=zeta&offset=0&tag=alpha",
         BASE),
    case("query_value_escaping",
         "Values needing escaping: %20 space, raw '/', raw ':', %2B plus, raw '+' (form-decoded "
         "to a space, as parse_qsl does), %3D and a raw '=' inside a value.",
         "GET", "/v1/%s/jobs" % PROJECT,
         "name=my%20job&path=a/b/c&time=10:15:00&expr=1%2B1&form=a+b&eq=x%3Dy&raw=k=v",
         BASE),
    case("query_blank_values", "A key without '=' and a key with an empty value.",
         "GET", "/v1/%s/jobs" % PROJECT, "verbose&marker=&limit=1", BASE),
    case("query_sort_decoded_order",
         "Repeated key whose values sort differently decoded ('a0' < 'a:1') than encoded "
         "('a%3A1' < 'a0'); the SDK sorts the decoded (key, value) pairs, then encodes.",
         "GET", "/v1/%s/jobs" % PROJECT, "tag=a%3A1&tag=a0", BASE),
    case("path_escaping",
         "Path segments with '~', '.', '-', '_' (kept), an escaped space and '+', and UTF-8 "
         "(u-umlaut) sent percent-encoded.",
         "GET", "/v1/%s/objects/my~file_v1.2-rc.tar.gz/a%%20b%%2Bc/%%C3%%BCber" % PROJECT, "", BASE),
    case("path_encoded_slash",
         "A segment carrying %2F: the SDK unquotes the whole path before splitting it into "
         "segments, so %2F is signed as a real '/'.",
         "GET", "/v1/%s/objects/dir%%2Ffile" % PROJECT, "", BASE),
    case("post_empty_body_json",
         "POST with Content-Type application/json;charset=utf8 and an empty body.",
         "POST", "/v1/%s/cloudservers/action" % PROJECT, "", BASE + [JSON_CT]),
    case("post_json_body", "POST with a JSON body; the body's SHA-256 is signed.",
         "POST", "/v1/%s/cloudservers/action" % PROJECT, "",
         BASE + [JSON_CT, ("X-Project-Id", PROJECT)],
         body='{"os-stop":{"type":"SOFT","servers":[{"id":"616fb98f-46ca-475e-917e-2563e5a8cd19"}]}}'),
    case("underscore_header_not_signed", "A header whose name contains '_' is sent but not signed.",
         "GET", JOB_PATH, "", BASE + [("X_Trace_Id", "abc123"), ("X-Project-Id", PROJECT)]),
    case("header_value_whitespace",
         "Header values with surrounding spaces/tabs (trimmed for signing) and inner spaces (kept); "
         "mixed-case names (lowercased for signing).",
         "GET", JOB_PATH, "",
         [("host", "  " + ECS + " "), ("X-SDK-DATE", DATE), ("X-Project-Id", "\t" + PROJECT + "  "),
          ("X-Client-Note", "  two  inner   spaces  ")]),
    case("vector_a_official_doc",
         "Vector A of /work/shared/reference/README.md (official documentation).",
         "GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
         "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
         [("Content-Type", "application/json"), ("Host", "service.region.example.com"),
          ("X-Sdk-Date", "20191115T033655Z")],
         ak="QTWAOYTTINDUT2QVKYUC", sk="MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
    case("vector_b_sdk_underscore",
         "Vector B of /work/shared/reference/README.md (SDK tests): TEST_UNDERSCORE not signed.",
         "GET", "/resources", "size=1",
         [("X-Sdk-Date", "20200608T023900Z"), ("Host", "service.endpoint.myhuaweicloud.com"),
          ("TEST_UNDERSCORE", "TEST_VALUE")],
         ak="AccessKey", sk="SecretKey"),
    case("vector_c_date_only",
         "Vector C of /work/shared/reference/README.md: only X-Sdk-Date signed, no Host header "
         "(host example.huaweicloud.com is in the URL only).",
         "GET", "/path", "limit=1", [("X-Sdk-Date", "20060102T150405Z")],
         ak="AccessKey", sk="SecretKey", no_host=True),
]

# Expected results published in /work/shared/reference/README.md.
PUBLISHED = {
    "vector_a_official_doc": "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders="
                             "content-type;host;x-sdk-date, Signature="
                             "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    "vector_b_sdk_underscore": "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                               "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    "vector_c_date_only": "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                          "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
}


class RecordingSigner(Signer):
    """The official Signer, unchanged, but remembering its intermediate strings."""

    def _process_canonical_request(self, request, signed_headers):
        self.canonical_request = super()._process_canonical_request(request, signed_headers)
        return self.canonical_request

    def _process_string_to_sign(self, canonical_request, time):
        self.string_to_sign = super()._process_string_to_sign(canonical_request, time)
        return self.string_to_sign


class NoHostRecordingSigner(RecordingSigner):
    """For vector C only: do not inject a Host header."""

    @classmethod
    def _process_header_host(cls, request):
        return None


def host_of(headers):
    for name, value in headers:
        if name.lower() == "host":
            return value.strip()
    return None


def sign(c):
    headers = dict((n, v) for n, v in c["headers"])
    assert len(headers) == len(c["headers"]), "duplicate header name in %s" % c["name"]
    host = host_of(c["headers"])
    if c["no_host"]:
        assert host is None
        host = "example.huaweicloud.com"
    else:
        assert host is not None, "%s: every case but vector C sends its own Host" % c["name"]
    req = SdkRequest(method=c["method"], schema="https", host=host, resource_path=c["path"],
                     query_params=parse_qsl(c["query"], keep_blank_values=True),
                     header_params=headers, body=c["body"].encode("utf-8"))
    signer = (NoHostRecordingSigner if c["no_host"] else RecordingSigner)(BasicCredentials(c["ak"], c["sk"]))
    signer.sign(req)
    auth = req.header_params.pop("Authorization")
    # Signing added no header (no Host, no X-Sdk-Date, no X-Sdk-Content-Sha256): what we
    # record is everything that must be sent.
    sent_names = sorted(n for n, _ in c["headers"])
    assert sorted(req.header_params) == sent_names, (c["name"], sorted(req.header_params))
    # The fixed date was honoured.
    date = [v for n, v in c["headers"] if n.lower() == "x-sdk-date"][0]
    assert req.header_params[[n for n in req.header_params if n.lower() == "x-sdk-date"][0]] == date
    assert signer.string_to_sign.split("\n")[1] == date, (c["name"], signer.string_to_sign)
    signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    out = {k: c[k] for k in ("name", "description", "method")}
    out["host"] = host_of(c["headers"]) or ""
    out.update({k: c[k] for k in ("path", "query", "headers", "body", "ak", "sk")})
    out["authorization"] = auth
    out["signed_headers"] = signed.split(";")
    out["canonical_request"] = signer.canonical_request
    out["string_to_sign"] = signer.string_to_sign
    out["sdk_entry"] = ("Signer.sign, with Signer._process_header_host made a no-op (vector C signs no Host)"
                        if c["no_host"] else "Signer.sign")
    return out


def main():
    if SDK_VERSION != EXPECTED_SDK_VERSION and os.environ.get("HWSDK_ANY_VERSION") != "1":
        sys.exit("huaweicloudsdkcore %s installed, data made with %s; set HWSDK_ANY_VERSION=1 to regenerate"
                 % (SDK_VERSION, EXPECTED_SDK_VERSION))
    cases = [sign(c) for c in CASES]
    for c in cases:
        want = PUBLISHED.get(c["name"])
        if want is not None and c["authorization"] != want:
            sys.exit("%s: SDK gives %r, published %r" % (c["name"], c["authorization"], want))
    doc = {
        "about": "Golden SDK-HMAC-SHA256 Authorization values computed by the official Huawei Cloud "
                 "Python SDK signer (huaweicloudsdkcore Signer.sign), for checking the project's "
                 "own signer independently of it. See make_sdk_signatures.py for how they were made.",
        "generator": "tests/data/make_sdk_signatures.py",
        "huaweicloudsdkcore_version": SDK_VERSION,
        "sdk_call": "SdkRequest(method, schema='https', host=<Host header>, resource_path=path, "
                    "query_params=parse_qsl(query, keep_blank_values=True), header_params=dict(headers), "
                    "body=body.encode('utf-8')); Signer(BasicCredentials(ak, sk)).sign(req)",
        "cases": cases,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "sdk_signatures.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), path))


if __name__ == "__main__":
    main()
