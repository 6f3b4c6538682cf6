#!/usr/bin/env python3
"""Regenerate the provider facts under tests/data/providers/ from fetched mirrors.

Every fact in the JSON files this script writes is read from a git checkout of a
provider's own source (official Go SDK, Terraform providers, gophertelekomcloud, OTC and
Huawei Cloud documentation repositories) and carries where it was read: repository,
commit, path and line. The script only *reads* those repositories (``git show``,
``git grep``, ``git ls-tree``); it never builds or runs their code.

Facts that cannot be derived by a parser (which Terraform line classifies which status
word, which documented code block is which job state) are named in the SPEC tables below
by file and a literal snippet; the script finds the line holding the snippet, fails if it
is missing or ambiguous, and copies the words on that line. So a hand-picked fact is still
read from the source on every run, never typed into the output.

Usage (Python 3, standard library only):

    python3 tests/data/providers/extract.py --mirror /work/.mirror            # write
    python3 tests/data/providers/extract.py --mirror /work/.mirror --check    # compare

``--mirror ROOT`` finds each repository at ROOT/<owner>+<name>/repo (the layout the
``fetch`` tool produces); ``--sdk``, ``--tf-hw``, ``--tf-otc``, ``--gopher`` and
``--repo owner/name=DIR`` override single repositories.
"""


import argparse
import json
import os
import re
import sys

from sources import (
    DOCSPORTAL,
    GOPHER,
    HERE,
    Repos,
    SDK,
    Sdk,
    TF_HW,
    TF_OTC,
    doc_words,
    locate,
    md_blocks,
    quoted,
    rst_blocks,
    rst_first_column,
    rst_status_words,
)

from spec import (
    APIS,
)


# --------------------------------------------------------------------------- job_status.json

WORD_ROLES = {"pending", "success", "failure", "terminal", "done", "target", "constants", "comment",
              "start.pending", "start.target", "sub_jobs", "orders.success", "orders.failure"}
TF_INTERNAL = {"PENDING", "COMPLETED", "ERROR", "FAILURE", "Done", "NONE", "NOT_FOUND"}


def tf_words(role, text):
    if role not in WORD_ROLES:
        return []
    if role == "comment":
        return re.findall(r"`([A-Za-z_]+)`", text) or re.findall(r"\b[A-Z][A-Z_]{2,}\b", text)
    nums = re.findall(r"==\s*(-?\d+)\b", text)
    if nums:
        return [int(n) for n in nums]
    words = [w for w in quoted(text) if re.fullmatch(r"[A-Za-z0-9_\-]+", w)]
    if role == "constants":
        return words
    return [w for w in words if w not in TF_INTERNAL or role in ("pending", "success", "target", "done")]


def build_tf(R, entry):
    repo = R[entry["repo"]]
    lines = []
    for item in entry["lines"]:
        role, snippet = item[0], item[1]
        nth = item[2] if len(item) > 2 else None
        line, text = locate(repo, entry["file"], snippet, after=entry["anchor"], nth=nth)
        lines.append({"role": role, "words": tf_words(role, text), "text": text,
                      "source": repo.src(entry["file"], line)})
    out = {"provider": entry["repo"], "lines": lines}
    if entry.get("note"):
        out["note"] = entry["note"]
    return out


def tf_call_sites(R, service, call):
    repo = R[TF_HW]
    needle = f"// @API {service} {call}"
    files = [f for f in repo.grep(needle, "huaweicloud/", fixed=True) if not f.endswith("_test.go")]
    return {"annotation": needle, "files": len(files), "first_files": files[:5],
            "source": {"repo": TF_HW, "commit": repo.head, "how": "git grep -F of the annotation, *_test.go excluded"}}


def describe_request(sdk, svcdir, opname):
    op = sdk.ops(svcdir)[opname]
    version = next((seg for seg in op["path"].split("/") if re.fullmatch(r"v\d+(\.\d+)?", seg)), None)
    req = {"sdk_operation": opname, "method": op["method"], "path": op["path"], "api_version": version}
    for where in ("path", "query", "header"):
        names = [f["name"] for f in op["request_fields"] if f["in"] == where]
        if names:
            req[where + "_params"] = names
    req["source"] = op["source"]
    return req, op["response"]


def describe_status(sdk, svcdir, resp, pointer, api):
    info = sdk.resolve(svcdir, resp, pointer)
    st = {"pointer": pointer, "list_shaped": "/[]" in pointer, "sdk": info}
    if "enum" not in info and info.get("doc"):
        st["sdk_doc_words"] = doc_words(info["doc"], numeric=api.get("numeric_status", False),
                                        drop=api.get("doc_drop", ()))
    return st


def otc_doc_words(R, ref):
    repo = R[ref["repo"]]
    text = repo.show(ref["path"])
    if ref.get("first_column"):
        rows = rst_first_column(text, ref["first_column"])
        return {"words": [w for _, w in rows], "source": repo.src(ref["path"], rows[0][0])}
    try:
        line, desc, words = rst_status_words(text, ref["field"], ref.get("row", 0))
    except SystemExit as e:
        raise SystemExit(f"{ref['repo']}:{ref['path']}: {e}")
    return {"field": ref["field"], "words": words, "text": desc, "source": repo.src(ref["path"], line)}


def sdk_words(st):
    if "enum" in st["sdk"]:
        return [e["value"] for e in st["sdk"]["enum"]]
    return st.get("sdk_doc_words", [])


def compare_words(st):
    """Which origin lists a word another origin lacks (for the reader and for tests)."""
    origins = {}
    if "sdk" in st:
        origins["sdk"] = sdk_words(st)
    for i, d in enumerate(st.get("otc_docs", [])):
        origins[f"otc_docs[{i}]"] = d["words"]
    for i, d in enumerate(st.get("hw_docs", [])):
        origins[f"hw_docs[{i}]"] = d["words"]
    if "terraform" in st:
        origins["terraform"] = st["terraform"]
    everything = []
    for ws in origins.values():
        everything += [w for w in ws if w not in everything]
    missing = {name: [w for w in everything if w not in ws] for name, ws in origins.items()}
    return {"all_words": everything, "missing_from": {k: v for k, v in missing.items() if v}}


def build_api(R, sdk, api):
    out = {"name": api["name"], "group": api["group"], "builtin_in_jobwait": api["builtin"],
           "issue17_point9": api["point9"]}
    resp = None
    if api.get("sdk"):
        svcdir, opname = api["sdk"]
        out["request"], resp = describe_request(sdk, svcdir, opname)
        out["request"]["sdk_service"] = svcdir
    elif api.get("request"):
        out["request"] = dict(api["request"], source="no SDK model; path as Terraform requests it (see terraform)")
    statuses = []
    for pointer in api.get("status", []):
        st = describe_status(sdk, svcdir, resp, pointer, api) if resp else {"pointer": pointer, "list_shaped": "/[]" in pointer}
        field = pointer.rstrip("/").split("/")[-1]
        refs = [ref for ref in api.get("otc_docs", []) if (ref["field"] or field) == field or ref.get("first_column")]
        docs = [otc_doc_words(R, ref) for ref in refs if not ref.get("related")]
        if docs:
            st["otc_docs"] = docs
        related = [dict(otc_doc_words(R, ref), api=ref["related"]) for ref in refs if ref.get("related")]
        if related:
            st["related_otc_docs"] = related
        if api.get("hw_docs"):
            st["hw_docs"] = [api["hw_docs"]]
        statuses.append(st)
    out["status"] = statuses
    if api.get("fields"):
        out["fields"] = {role: [{"pointer": p, "sdk": {k: v for k, v in sdk.resolve(svcdir, resp, p).items()
                                                          if k not in ("enum", "doc")}}
                                for p in ptrs] if resp else [{"pointer": p} for p in ptrs]
                         for role, ptrs in api["fields"].items()}
    if api.get("sub_jobs"):
        sj = dict(api["sub_jobs"])
        desc = {"at": sj.pop("at")}
        if "note" in sj:
            desc["note"] = sj.pop("note")
        base = desc["at"]
        for role, ptrs in sj.items():
            many = isinstance(ptrs, list)
            items = []
            for p in (ptrs if many else [ptrs]):
                absolute = p if role == "total" else base + p
                entry = {"pointer": p if role != "total" else p}
                if resp:
                    info = sdk.resolve(svcdir, resp, absolute)
                    entry["sdk"] = info if role == "status" else {k: v for k, v in info.items() if k not in ("enum", "doc")}
                    if role == "status" and "enum" not in info and info.get("doc"):
                        entry["sdk_doc_words"] = doc_words(info["doc"])
                items.append(entry)
            desc[role] = items if many else items[0]
        out["sub_jobs"] = desc
    if api.get("also_sdk"):
        also = []
        for d, opname in api["also_sdk"]:
            req, r2 = describe_request(sdk, d, opname)
            req["sdk_service"] = d
            req["status"] = [describe_status(sdk, d, r2, p, api) for p in api.get("status", [])]
            also.append(req)
        out["also_sdk"] = also
    if api.get("gopher_fields"):
        g = R[GOPHER]
        out["gopher_fields"] = []
        for path, snippet, anchor in api["gopher_fields"]:
            line, text = locate(g, path, snippet, after=anchor)
            out["gopher_fields"].append({"text": text, "source": g.src(path, line)})
    if api.get("tf"):
        out["terraform"] = [build_tf(R, e) for e in api["tf"]]
        words = []
        for e in out["terraform"]:
            for l in e["lines"]:
                words += [w for w in l["words"] if w not in words]
        if api.get("numeric_status"):
            words = [int(w) if isinstance(w, str) and re.fullmatch(r"-?\d+", w) else w for w in words]
        words = [w for e in out["terraform"] for l in e["lines"] if not l["role"].startswith("orders.")
                 for w in l["words"]]
        words = [w for i, w in enumerate(words) if w not in words[:i]]
        if api.get("numeric_status"):
            words = [int(w) if isinstance(w, str) and re.fullmatch(r"-?\d+", w) else w for w in words]
        if statuses:
            statuses[0]["terraform"] = words
    if api.get("tf_calls"):
        out["terraform_call_sites"] = tf_call_sites(R, *api["tf_calls"])
    for st in statuses:
        st["comparison"] = compare_words(st)
    for key in ("notes", "unknown"):
        if api.get(key):
            out[key] = api[key]
    return out


def build_job_status(R):
    sdk = Sdk(R[SDK])
    apis = [build_api(R, sdk, api) for api in APIS]
    retry = R[TF_HW]
    line, text = locate(retry, "vendor/github.com/hashicorp/terraform-plugin-sdk/v2/helper/retry/error.go",
                        "unexpected state '%s', wanted target '%s'. last error: %s")
    return {
        "about": "Job APIs: request, status pointer(s) and words per origin (SDK enum or field doc, OTC docs, "
                 "Terraform), id/failure/progress/time/sub-job pointers. Pointers are JSON Pointers with '/[]' "
                 "for 'each element of this list'. Regenerate with extract.py.",
        "terraform_semantics": {
            "text": text, "source": retry.src("vendor/github.com/hashicorp/terraform-plugin-sdk/v2/helper/retry/error.go", line),
            "meaning": "In a StateChangeConf wait, a refreshed state found in neither Pending nor Target ends the wait with this error; "
                       "so a word a provider leaves out of both lists is treated as a failure.",
        },
        "apis": apis,
    }


# --------------------------------------------------------------------------- regions.json

REGION_DIRS = [
    # (service dir, jobwait API names it hosts, note)
    ("services/ecs/v2", ["ecs"], None), ("services/evs/v2", ["evs"], None), ("services/ims/v2", ["ims"], None),
    ("services/bms/v1", ["bms"], None), ("services/sdrs/v1", ["sdrs"], None),
    ("services/vpc/v2", ["vpc"], None), ("services/vpc/v3", [], None),
    ("services/eip/v2", ["eip"], "EIP v2 (serves GET /v1/{project_id}/jobs/{job_id}) lives on the vpc host"),
    ("services/eip/v3", [], "EIP v3 client, also on the vpc host"),
    ("services/geip/v3", ["geip"], "Global EIP: one global host"),
    ("services/dcs/v2", ["dcs", "dcs-migration"], None), ("services/rds/v3", ["rds"], None),
    ("services/dds/v3", ["dds"], None), ("services/gaussdbforopengauss/v3", ["gaussdb-opengauss"], None),
    ("services/gaussdb/v3", ["taurusdb"], "TaurusDB (GaussDB for MySQL): host gaussdb, gaussdbformysql or gaussdb-mysql by region"),
    ("services/gaussdbfornosql/v3", ["geminidb"], None), ("services/cce/v3", ["cce"], None),
    ("services/elb/v3", ["elb"], None), ("services/sfsturbo/v1", ["sfs-turbo"], None), ("services/cbr/v1", ["cbr"], None),
    ("services/kafka/v2", ["kafka"], None), ("services/rabbitmq/v2", ["rabbitmq"], None),
    ("services/rocketmq/v2", ["rocketmq"], None), ("services/dli/v1", ["dli", "dli-flink"], None),
    ("services/mrs/v2", ["mrs"], None), ("services/swr/v2", ["swr"], None),
    ("services/bss/v2", ["bss"], "Huawei Cloud Chinese-site accounts"),
    ("services/bssintl/v2", ["bss"], "International-site accounts"),
    ("services/cdn/v2", ["cdn"], None), ("services/cdn/v1", [], None),
    ("services/drs/v5", ["drs"], None), ("services/dws/v2", ["dws"], None), ("services/cae/v1", ["cae"], None),
    ("services/workspace/v2", ["workspace"], None), ("services/cph/v1", ["cph"], None),
    ("services/kps/v3", ["dew-kps"], "KPS (DEW key pairs) is served from the kms host"),
    ("services/ddm/v1", ["ddm"], None),
]

TF_CATALOG_KEYS = ["ecs", "evs", "ims", "bms", "sdrs", "vpc", "geip", "deh", "dcs", "rds", "dds", "opengauss",
                   "gaussdb", "geminidb", "cce", "elbv3", "sfs-turbo", "cbr", "dms", "dmsv2", "dli", "modelarts",
                   "modelartsv2", "mrsv2", "swr", "bss", "bssv2", "cdn", "drsv5", "dws", "dwsv2", "cae", "workspace",
                   "cph", "kms", "ddm"]


def host_of(url):
    host = re.sub(r"^https?://", "", url).split("/")[0]
    return host.split(".")[0], ".".join(host.split(".")[1:])


def split_host(url, region):
    """(host name, region label or None, domain) of an SDK endpoint URL."""
    name, rest = host_of(url)
    label, _, tail = rest.partition(".")
    if re.fullmatch(r"[a-z]+-[a-z]+-\d+", label):
        return name, label, tail
    return name, None, rest


def summarize_regions(entries):
    names, domains = {}, {}
    for e in entries:
        n, _, d = split_host(e["endpoints"][0], e["region"])
        names[n] = names.get(n, 0) + 1
        domains[d] = domains.get(d, 0) + 1
    usual = max(names, key=lambda k: (names[k], k)) if names else None
    exceptions = []
    for e in entries:
        n, label, d = split_host(e["endpoints"][0], e["region"])
        why = []
        if n != usual:
            why.append(f"host name {n}")
        if d != "myhuaweicloud.com":
            why.append(f"domain {d}")
        if label is None:
            why.append("no region in the host (global)")
        elif label != e["region"]:
            why.append(f"host names region {label}")
        if why:
            exceptions.append({"region": e["region"], "host": re.sub(r"^https?://", "", e["endpoints"][0]),
                               "why": ", ".join(why)})
    return {"host_names": dict(sorted(names.items())), "domains": dict(sorted(domains.items())),
            "usual_host_name": usual, "exceptions": exceptions,
            "several_endpoints": [{"region": e["region"], "endpoints": e["endpoints"]}
                                  for e in entries if len(e["endpoints"]) > 1]}


def eu_west_101_census(sdk):
    """Every SDK service version with an eu-west-101 entry, by domain."""
    by_domain = {}
    for path in sorted(p for p in sdk.repo.ls("services/") if p.endswith("/region/region.go")):
        svcdir = path[: -len("/region/region.go")]
        for e in sdk.regions(svcdir)[1]:
            if e["region"] == "eu-west-101":
                _, _, dom = split_host(e["endpoints"][0], e["region"])
                by_domain.setdefault(dom, []).append(svcdir[len("services/"):])
    services = {dom: sorted({s.split("/")[0] for s in dirs}) for dom, dirs in by_domain.items()}
    return {"by_domain": {d: {"service_versions": len(v), "services": len(services[d]), "list": services[d]}
                          for d, v in sorted(by_domain.items())},
            "how": "every services/*/*/region/region.go at the SDK commit; 'services' counts service names, "
                   "'service_versions' counts region.go files"}


def tf_catalog(R):
    repo = R[TF_HW]
    path = "huaweicloud/config/endpoints.go"
    text = repo.show(path)
    out = {}
    for m in re.finditer(r'\n\t"([\w\-]+)": \{(.*?)\n\t\}', text, re.S):
        if m.group(1) not in TF_CATALOG_KEYS:
            continue
        entry = {}
        for key in ("Name", "Version", "Scope", "ResourceBase", "Product"):
            v = re.search(key + r':\s*"([^"]*)"', m.group(2))
            if v:
                entry[key] = v.group(1)
        if re.search(r"WithOutProjectID:\s*true", m.group(2)):
            entry["WithOutProjectID"] = True
        entry["source"] = repo.src(path, text[: m.start()].count("\n") + 2)
        out[m.group(1)] = entry
    missing = [k for k in TF_CATALOG_KEYS if k not in out]
    if missing:
        raise SystemExit(f"catalog keys not found in {path}: {missing}")
    spath = "huaweicloud/config/service_endpoints.go"
    stext = repo.show(spath)
    overrides = {}
    for m in re.finditer(r'"([\w\-]+)":\s*"([\w\-]+)",', stext):
        overrides[m.group(1)] = {"host_name": m.group(2),
                                 "source": repo.src(spath, stext[: m.start()].count("\n") + 1)}
    line, text_cfg = locate(repo, "huaweicloud/config/config.go",
                            'sc.Endpoint = fmt.Sprintf("https://%s.%s.%s/", catalog.Name, region, c.Cloud)')
    gline, gtext = locate(repo, "huaweicloud/config/config.go",
                          'sc.Endpoint = fmt.Sprintf("https://%s.%s/", catalog.Name, c.Cloud)')
    bline, btext = locate(repo, "huaweicloud/provider.go", 'bssIntlEndpoint := fmt.Sprintf("https://bss-intl.%s/", conf.Cloud)')
    return {
        "catalog": out,
        "gaussdb_region_overrides": overrides,
        "endpoint_rule": [{"text": text_cfg, "source": repo.src("huaweicloud/config/config.go", line)},
                          {"text": gtext, "source": repo.src("huaweicloud/config/config.go", gline)}],
        "bss_international": {"text": btext, "source": repo.src("huaweicloud/provider.go", bline),
                              "meaning": "accounts of the international site are sent to bss-intl (probe: CBC.0150/CBC.0156 from bss)"},
    }


def v1_job_api_services(sdk):
    out = []
    for path in sorted(sdk.repo.grep('WithPath("/v1/{project_id}/jobs/{job_id}")', "services/", fixed=True)):
        svcdir = "/".join(path.split("/")[:3])
        for name, op in sdk.ops(svcdir).items():
            if op["path"] == "/v1/{project_id}/jobs/{job_id}" and op["method"] == "GET":
                _, regions = sdk.regions(svcdir)
                out.append({"sdk_service": svcdir, "operation": name, "source": op["source"],
                            "host_names": sorted({host_of(e["endpoints"][0])[0] for e in regions})})
    return out


def build_regions(R):
    sdk = Sdk(R[SDK])
    services = []
    for svcdir, apis, note in REGION_DIRS:
        path, entries = sdk.regions(svcdir)
        item = {"sdk_service": svcdir, "jobwait_apis": apis, "source": sdk.repo.src(path),
                "regions": [{"region": e["region"], "endpoints": e["endpoints"], "line": e["line"]} for e in entries]}
        item.update(summarize_regions(entries))
        if note:
            item["note"] = note
        services.append(item)
    return {
        "about": "Region -> endpoint tables of the official Go SDK (services/<svc>/<ver>/region/region.go), full URLs "
                 "as the SDK writes them; the Terraform provider's host names; which SDK services serve the common "
                 "/v1 job API. Regenerate with extract.py.",
        "services": services,
        "v1_job_api": {"path": "GET /v1/{project_id}/jobs/{job_id}", "served_by": v1_job_api_services(sdk),
                       "how": "git grep of WithPath(\"/v1/{project_id}/jobs/{job_id}\") in every services/*/*/*_meta.go"},
        "eu_west_101": eu_west_101_census(sdk),
        "terraform_huaweicloud": tf_catalog(R),
        "modelarts": "the Go SDK has no ModelArts service; Terraform builds https://modelarts.{region}.{cloud}/ (catalog modelarts/modelartsv2)",
    }


# --------------------------------------------------------------------------- otc_endpoints.json

ENDPOINTS_RST = "doc/source/additional/endpoints.rst"

OTC_DOCS_REPOS = ["opentelekomcloud-docs/" + n for n in [
    "bare-metal-server", "cloud-backup-recovery", "cloud-container-engine", "data-lake-insight",
    "data-replication-service", "data-warehouse-service", "distributed-cache-service",
    "distributed-database-middleware", "distributed-message-service", "document-database-service",
    "elastic-cloud-server", "elastic-volume-service", "gaussdb-opengauss", "geminidb",
    "image-management-service", "key-management-service", "mapreduce-service", "modelarts",
    "relational-database-service", "scalable-file-service", "storage-disaster-recovery-service", "taurusdb",
    "virtual-private-cloud", "elastic-ip", "software-repository-container"]]


def build_otc_endpoints(R):
    portal = R[DOCSPORTAL]
    commit = portal.last_commit_with(ENDPOINTS_RST)
    text = portal.show(ENDPOINTS_RST, commit)
    rows, regions = [], {}
    marker = re.search(r"\.\.\s+csv-table::", text)
    table = text[marker.end():]
    base = text[: marker.end()].count("\n")
    for i, line in enumerate(table.split("\n")):
        s = line.strip()
        if not s or s.startswith(":") or s.count(",") < 3:
            continue
        name, region, url, proto = [c.strip() for c in s.split(",")[:4]]
        host = url.split()[0]
        rows.append({"service": name, "region": region, "host": host, "protocol": proto,
                     **({"remark": url[len(host):].strip()} if url != host else {}),
                     "line": base + i + 1})
        regions.setdefault(region, {})[host.split(".")[0]] = host
    region_names = sorted({r["region"] for r in rows})
    examples = {}
    for name in OTC_DOCS_REPOS:
        repo = R[name]
        hosts = {}
        for hit in repo.grep(r"https?://[a-z0-9-]+\.(eu-de|eu-nl|eu-ch2)\.(sc\.)?otc\.t-systems\.com", "api-ref/", names_only=False):
            path, line, rest = hit.split(":", 2)
            for h in re.findall(r"https?://([a-z0-9-]+\.(?:eu-de|eu-nl|eu-ch2)\.(?:sc\.)?otc\.t-systems\.com)", rest):
                hosts.setdefault(h, repo.src(path, int(line)))
        if hosts:
            examples[name] = [{"host": h, "first_seen": src} for h, src in sorted(hosts.items())]
    otc_tf = R[TF_OTC]
    ch2 = []
    for path, snippet in [("docs/guides/backends.md", "https://obs.eu-ch2.sc.otc.t-systems.com/"),
                          ("opentelekomcloud/services/cce/addon-templates-v1.28.md", "swr.eu-ch2.sc.otc.t-systems.com")]:
        line, t = locate(otc_tf, path, snippet)
        ch2.append({"text": t, "source": otc_tf.src(path, line)})
    return {
        "about": "Open Telekom Cloud regions and service endpoint hosts. Primary source: the 'Regions and Endpoints' "
                 "csv-table of opentelekomcloud-docs/docsportal, read at the last commit that still had it (the page "
                 "became a stub generated elsewhere). Hosts seen in each service's own API examples are added, and the "
                 "few eu-ch2 hosts the OTC Terraform provider names. Regenerate with extract.py.",
        "source": portal.src(ENDPOINTS_RST, commit=commit),
        "regions_listed": region_names,
        "endpoints": rows,
        "by_region": {r: dict(sorted(h.items())) for r, h in sorted(regions.items())},
        "hosts_in_service_docs": examples,
        "eu_ch2": {"domain_seen": "sc.otc.t-systems.com", "hosts_seen": ch2,
                   "unknown": "No OTC source in the mirrors lists eu-ch2 service hosts; only obs and swr (above) and IAM's "
                              "iam-pub are named. eu-ch2 is therefore not in 'endpoints'."},
        "notes": [
            "Elastic IP is listed on the vpc host in both regions (no eip host).",
            "GaussDB (for MySQL) = TaurusDB is gaussdb-mysql; GeminiDB (GaussDB for NoSQL) is gaussdb-nosql; "
            "openGauss is not in the list, its own docs' examples use gaussdb (hosts_in_service_docs).",
            "Software Repository for Containers is swr-api.",
        ],
    }


# --------------------------------------------------------------------------- create_answers.json

def doc(repo, path):
    return ("opentelekomcloud-docs/" + repo, "api-ref/source/" + path)


CREATE = [
    # (api, sdk service, operation, pointer of the job id, documented page or None)
    ("ecs", "services/ecs/v2", "CreateServers", "/job_id", doc("elastic-cloud-server", "apis_recommended/lifecycle_management/creating_ecss.rst")),
    ("evs", "services/evs/v2", "CreateVolume", "/job_id", doc("elastic-volume-service", "apis_recommended/disk_management/creating_evs_disks.rst")),
    ("ims", "services/ims/v2", "CreateImage", "/job_id", doc("image-management-service", "ims_apis/image/creating_an_image.rst")),
    ("bms", "services/bms/v1", "CreateBareMetalServers", "/job_id", doc("bare-metal-server", "bms_apis/bms_lifecycle_management/creating_bmss.rst")),
    ("sdrs", "services/sdrs/v1", "CreateProtectionGroup", "/job_id", doc("storage-disaster-recovery-service", "apis/protection_group/creating_a_protection_group.rst")),
    ("eip", "services/eip/v2", "BatchCreatePublicips", "/job_id", None),
    ("dcs", "services/dcs/v2", "UpdateSslSwitch", "/job_id", doc("distributed-cache-service", "apis_v2_recommended/network_security/enabling_or_disabling_ssl.rst")),
    ("rds", "services/rds/v3", "CreateInstance", "/job_id", doc("relational-database-service", "api_v3_recommended/db_instance_management/creating_a_db_instance.rst")),
    ("dds", "services/dds/v3", "CreateInstance", "/job_id", doc("document-database-service", "apis_v3.0_recommended/db_instance_management/creating_a_db_instance.rst")),
    ("gaussdb-opengauss", "services/gaussdbforopengauss/v3", "CreateInstance", "/job_id", doc("gaussdb-opengauss", "apis_recommended/instance_management/creating_a_db_instance.rst")),
    ("taurusdb", "services/gaussdb/v3", "CreateGaussMySqlInstance", "/job_id", doc("taurusdb", "apis_recommended/managing_db_instances/creating_a_db_instance.rst")),
    ("geminidb", "services/gaussdbfornosql/v3", "CreateInstance", "/job_id", doc("geminidb", "apis_v3/instances/creating_an_instance.rst")),
    ("cce", "services/cce/v3", "CreateCluster", "/status/jobID", doc("cloud-container-engine", "apis/cluster_management/creating_a_cluster.rst")),
    ("cce", "services/cce/v3", "CreateNode", "/status/jobID", doc("cloud-container-engine", "apis/cluster_management/creating_a_node.rst")),
    ("elb", "services/elb/v3", "BatchCreateLoadBalancers", "/job_id", None),
    ("sfs-turbo", "services/sfsturbo/v1", "CreateLdapConfig", "/jobId", None),
    ("sfs-turbo", "services/sfsturbo/v1", "AddActiveDirectoryDomain", "/job_id", None),
    ("cbr", "services/cbr/v1", "ImportCheckpoint", "/sync/operation_log_id", None),
    ("kafka", "services/kafka/v2", "ModifyInstanceConfigs", "/job_id", doc("distributed-message-service", "apis_v2_recommended/lifecycle_management/modifying_instance_configurations.rst")),
    ("dli", "services/dli/v1", "CreateSqlJob", "/job_id", doc("data-lake-insight", "sql_job-related_apis/submitting_a_sql_job_recommended.rst")),
    ("modelarts", None, None, "/metadata/id", doc("modelarts", "training_management/creating_a_training_job.rst")),
    ("mrs", "services/mrs/v2", "CreateExecuteJob", "/job_submit_result/job_id", doc("mapreduce-service", "apis/job_object_apis_v2/adding_and_executing_a_job.rst")),
    ("swr", "services/swr/v2", "CreateInstance", "/job_id", None),
    ("bss", "services/ecs/v2", "CreateServers", "/order_id", None),
    ("cdn", "services/cdn/v2", "CreateRefreshTasks", "/refresh_task", None),
    ("cdn", "services/cdn/v2", "CreatePreheatingTasks", "/preheating_task", None),
    ("drs", "services/drs/v5", "CreateJob", "/id", None),
    ("dcs-migration", "services/dcs/v2", "CreateMigrationTask", "/id", None),
    ("dws", "services/dws/v2", "AssociateElb", "/job_id", doc("data-warehouse-service", "api_description/connection_management/binding_an_elb_to_a_cluster.rst")),
    ("cae", "services/cae/v1", "CreateEnvironment", "/job_id", None),
    ("cae", "services/cae/v1", "CreateComponentWithConfiguration", "/status/job_id", None),
    ("workspace", "services/workspace/v2", "CreateDesktop", "/job_id", None),
    ("dli-flink", "services/dli/v1", "CreateFlinkSqlJob", "/job/job_id", doc("data-lake-insight", "flink_job-related_apis/creating_a_sql_job.rst")),
    ("cph", "services/cph/v1", "ChangeCloudPhoneServer", "/job_id", None),
    ("cph", "services/cph/v1", "BatchExportCloudPhoneData", "/jobs/[]/job_id", None),
    ("dew-kps", "services/kps/v3", "AssociateKeypair", "/task_id", None),
    ("ddm", "services/ddm/v1", "CreateInstance", "/job_id", doc("distributed-database-middleware", "apis_recommended/ddm_instances/creating_a_ddm_instancea_v3_api.rst")),
    ("geip", "services/geip/v3", "CreateGlobalEip", "/job_id", None),
]

ID_FIELD = re.compile(r"^(job_id|jobId|jobID|job_ids|task_id|order_id|operation_log_id|refresh_task|preheating_task|async_job_id)$")


def id_bearing_ops(sdk, svcdir):
    """Write operations whose answer model holds a job, task or order id (mechanical scan)."""
    out = []

    def scan(typ, prefix, depth, seen):
        path, fields = sdk.struct(svcdir, typ)
        for f in fields:
            t = f["type"].lstrip("*")
            base = t.lstrip("[]*")
            ptr = prefix + "/" + f["json"] + ("/[]" if t.startswith("[]") else "")
            if ID_FIELD.match(f["json"]):
                yield ptr
            if base[:1].isupper() and depth < 3 and base not in seen and sdk.type_file(svcdir, base):
                yield from scan(base, ptr, depth + 1, seen | {base})

    for name, op in sorted(sdk.ops(svcdir).items()):
        if op["method"] in ("POST", "PUT", "DELETE"):
            ptrs = list(scan(op["response"], "", 0, frozenset()))
            if ptrs:
                out.append({"operation": name, "method": op["method"], "path": op["path"], "id_pointers": ptrs})
    return out


def json_at(value, pointer):
    cur = value
    for part in [p for p in pointer.split("/") if p]:
        if part == "[]":
            if not isinstance(cur, list) or not cur:
                return None
            cur = cur[0]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return None
    return cur


def write_example(files, rel, text):
    files[rel] = text if text.endswith("\n") else text + "\n"


def documented_block(R, repo_name, path, pointer):
    """The first code block answering with `pointer`: a JSON block holding it, else (for
    pages whose examples are not strict JSON) the first block naming its last key."""
    repo = R[repo_name]
    blocks = rst_blocks(repo.show(path))
    for b in blocks + rst_blocks(repo.show(path), literal=True):
        try:
            value = json.loads(b["text"])
        except ValueError:
            continue
        if json_at(value, pointer) is not None:
            return b, repo.src(path, b["line"]), True
    key = [p for p in pointer.split("/") if p and p != "[]"][-1]
    for b in blocks + rst_blocks(repo.show(path), literal=True):
        if f'"{key}"' in b["text"] and not b["text"].lstrip().startswith(("POST", "PUT", "GET", "DELETE")):
            return b, repo.src(path, b["line"]), False
    raise SystemExit(f"{repo_name}:{path}: no code block holds {pointer}")


def build_create_answers(R, files):
    sdk = Sdk(R[SDK])
    by_api = {}
    for api, svcdir, opname, pointer, page in CREATE:
        entry = {"pointer": pointer}
        if svcdir:
            op = sdk.ops(svcdir)[opname]
            info = sdk.resolve(svcdir, op["response"], pointer)
            entry.update({"sdk_service": svcdir, "operation": opname, "method": op["method"], "path": op["path"],
                          "sdk": {k: v for k, v in info.items() if k != "enum"}, "operation_source": op["source"]})
        if page:
            block, src, valid = documented_block(R, page[0], page[1], pointer)
            name = f"examples/create/{api}.{opname or 'create'}.{'json' if valid else 'txt'}"
            write_example(files, name, block["text"])
            entry["example"] = {"file": name, "json_valid": valid, "source": src}
            if not valid:
                entry["example"]["why"] = "the documented block is not valid JSON (kept verbatim)"
        else:
            entry["example"] = "unknown: no documented answer in the fetched OTC docs"
        by_api.setdefault(api, {"creates": []})["creates"].append(entry)
    scanned = {}
    for svcdir in sorted({c[1] for c in CREATE if c[1]}):
        scanned[svcdir] = id_bearing_ops(sdk, svcdir)
    return {
        "about": "Where a create (or other asynchronous write) call's answer keeps the id the job API takes: per "
                 "jobwait API a representative SDK operation with the pointer, resolved through the SDK model, and a "
                 "documented answer where the OTC docs have one; then, per SDK service, every write operation whose "
                 "answer model holds a job/task/order id. Regenerate with extract.py.",
        "apis": by_api,
        "sdk_write_operations_with_ids": scanned,
        "notes": ["Id field names differ: job_id (most), jobId (SFS Turbo LDAP), status.jobID (CCE), status.job_id "
                  "(CAE component), job.job_id as an integer (DLI Flink), refresh_task/preheating_task (CDN), "
                  "sync.operation_log_id (CBR), task_id (KPS), id (DRS v5, DCS migration).",
                  "BSS order ids come from prepaid create calls (order_id), e.g. ECS CreateServers."],
    }


# --------------------------------------------------------------------------- examples/

EXAMPLES = [
    # (api, state, repo, path, code block index among the page's code blocks)
    ("ecs", "success", "elastic-cloud-server", "apis_recommended/job_status_management/querying_job_execution_status.rst", 1),
    ("evs", "pending", "elastic-volume-service", "apis_recommended/task_management/querying_task_status.rst", 1),
    ("evs", "success", "elastic-volume-service", "apis_recommended/task_management/querying_task_status.rst", 2),
    ("ims", "success", "image-management-service", "ims_apis/image_jobs/querying_the_status_of_an_asynchronous_job.rst", 1),
    ("sdrs", "success", "storage-disaster-recovery-service", "apis/job/querying_the_job_status.rst", 0),
    ("sdrs", "success-with-sub-jobs", "storage-disaster-recovery-service", "apis/job/querying_the_job_status.rst", 1),
    ("dcs", "success", "distributed-cache-service", "apis_v2_recommended/background_task_management/querying_the_job_execution_result_of_a_tenant.rst", 1),
    ("rds", "success", "relational-database-service", "api_v3_recommended/obtaining_task_information/obtaining_information_about_a_task_with_a_specified_id.rst", 0),
    ("rds", "pending", "relational-database-service", "api_v3_recommended/obtaining_task_information/obtaining_information_about_a_task_with_a_specified_id.rst", 4),
    ("rds", "failure", "relational-database-service", "api_v3_recommended/obtaining_task_information/obtaining_information_about_a_task_with_a_specified_id.rst", 5),
    ("dds", "success", "document-database-service", "apis_v3.0_recommended/task_management/obtaining_information_about_a_task_with_a_specified_id.rst", 0),
    ("dds", "pending", "document-database-service", "apis_v3.0_recommended/task_management/obtaining_information_about_a_task_with_a_specified_id.rst", 1),
    ("dds", "failure", "document-database-service", "apis_v3.0_recommended/task_management/obtaining_information_about_a_task_with_a_specified_id.rst", 2),
    ("gaussdb-opengauss", "success", "gaussdb-opengauss", "apis_recommended/task_management/obtaining_task_information.rst", 0),
    ("taurusdb", "success", "taurusdb", "apis_recommended/task_center/obtaining_information_about_a_task_with_a_specified_id.rst", 1),
    ("geminidb", "pending", "geminidb", "apis_v3/task_management/querying_tasks_and_details.rst", 1),
    ("cce", "pending", "cloud-container-engine", "apis/cluster_management/reading_job_progress.rst", 0),
    ("kafka", "success", "distributed-message-service", "apis_v2_recommended/background_task_management/querying_a_background_task.rst", 1),
    ("sfs-turbo", "success", "scalable-file-service", "sfs_turbo_apis/task_management/querying_the_status_of_a_task.rst", 0),
    ("cbr", "success", "cloud-backup-recovery", "cbr_apis/tasks/querying_a_single_task.rst", 1),
    ("dli", "success", "data-lake-insight", "sql_job-related_apis/querying_job_status.rst", 0),
    ("modelarts", "failure", "modelarts", "training_management/querying_the_details_about_a_training_job.rst", 1),
    ("mrs", "success", "mapreduce-service", "apis/job_object_apis_v2/querying_information_about_a_job.rst", 0),
    ("dws", "failure", "data-warehouse-service", "api_description/task_management/querying_the_task_progress.rst", 1),
    ("dli-flink", "draft", "data-lake-insight", "flink_job-related_apis/querying_job_details.rst", 0),
    ("ddm", "pending", "distributed-database-middleware", "apis_recommended/ddm_instances/obtaining_information_about_a_task_with_a_specified_id_a_v3_api.rst", 1),
    ("modelarts-pool", "orders-success", "modelarts", "resource_management/order_management/querying_orders.rst", 1),
]

HW_DOCS_EXAMPLES = [
    # Huawei Cloud's own docs repositories on GitHub (markdown, Chinese), fenced blocks
    ("cph", "success", "huaweicloudDocs/cph", "cn.zh-cn/API参考/查询任务执行状态.md", 1),
    ("dcs-migration", "pending", "huaweicloudDocs/dcs", "cn.zh-cn/API参考/查询迁移任务详情.md", 1),
    ("dew-kps", "pending", "huaweicloudDocs/dew", "cn.zh-cn/API参考/查询任务信息.md", 0),
]

HAND_EXAMPLES = [
    # Kept by hand: read in the text of a public page through the search tool; not regenerable offline.
    ("eip", "success", "examples/eip/success.json",
     {"url": "https://support.huaweicloud.com/intl/en-us/api-eip/ShowResourcesJobDetail.html",
      "title": "Querying Job Status (EIP, GET /v1/{project_id}/jobs/{job_id})",
      "how": "copied from the page text the search tool returned (docs corpus); the page rendering had dropped the "
             "JSON indentation, so the file keeps the lines as shown there"}),
]

STATUS_KEYS = ("status", "phase", "job_state", "job_result", "task_status")


def statuses_in(value):
    found = []

    def walk(v, path):
        if isinstance(v, dict):
            for k, x in v.items():
                if k.strip() in STATUS_KEYS and not isinstance(x, (dict, list)):
                    found.append({"pointer": path + "/" + k, "value": x})
                walk(x, path + "/" + k)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{path}/{i}")
    walk(value, "")
    return found


def example_entry(files, api, state, text, src):
    try:
        value = json.loads(text)
        ext, ok, why = "json", True, None
    except ValueError as e:
        ext, ok, why = "txt", False, f"not valid JSON as documented: {e}"
    rel = f"examples/{api}/{state}.{ext}"
    write_example(files, rel, text)
    entry = {"api": api, "state": state, "file": rel, "json_valid": ok, "source": src}
    if ok:
        entry["statuses"] = statuses_in(value)
        odd = [s["pointer"] for s in entry["statuses"] if s["pointer"].split("/")[-1] not in STATUS_KEYS]
        if odd:
            entry["doc_quirks"] = [f"key with stray whitespace: {p!r}" for p in odd]
    else:
        entry["why"] = why
    return entry


def build_examples(R, files):
    index = []
    for api, state, repo_name, path, n in EXAMPLES:
        repo = R["opentelekomcloud-docs/" + repo_name]
        full = "api-ref/source/" + path
        b = rst_blocks(repo.show(full))[n]
        index.append(example_entry(files, api, state, b["text"], repo.src(full, b["line"])))
    for api, state, repo_name, path, n in HW_DOCS_EXAMPLES:
        repo = R[repo_name]
        b = md_blocks(repo.show(path))[n]
        index.append(example_entry(files, api, state, b["text"], repo.src(path, b["line"])))
    for api, state, rel, src in HAND_EXAMPLES:
        full = os.path.join(HERE, rel)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        value = json.loads(text)
        index.append({"api": api, "state": state, "file": rel, "json_valid": True, "kept_by_hand": True,
                      "source": src, "statuses": statuses_in(value)})
    return index


def sources_md(index, create):
    lines = ["# Documented example answers", "",
             "Generated by `extract.py` (do not edit): every file here is a code block copied verbatim from the page named,",
             "except those marked *kept by hand*. `index.json` holds the same list for tests, with the status words each",
             "example carries. Files ending in `.txt` are not valid JSON as documented (kept verbatim all the same).", "",
             "| file | api | state | source |", "|---|---|---|---|"]
    for e in index:
        s = e["source"]
        where = s["url"] if "url" in s else f"{s['repo']}@{s['commit'][:12]} `{s['path']}` line {s['line']}"
        mark = " (kept by hand)" if e.get("kept_by_hand") else ""
        lines.append(f"| `{e['file']}` | {e['api']} | {e['state']}{mark} | {where} |")
    lines += ["", "## Create answers (examples/create/)", "", "| file | api | operation | source |", "|---|---|---|---|"]
    for api, v in create["apis"].items():
        for c in v["creates"]:
            if isinstance(c.get("example"), dict):
                s = c["example"]["source"]
                lines.append(f"| `{c['example']['file']}` | {api} | {c.get('operation', '-')} | "
                             f"{s['repo']}@{s['commit'][:12]} `{s['path']}` line {s['line']} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def dump(value):
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def generate(R):
    files = {}
    files["job_status.json"] = dump(dict(build_job_status(R), sources=None))
    files["regions.json"] = dump(dict(build_regions(R), sources=None))
    files["otc_endpoints.json"] = dump(dict(build_otc_endpoints(R), sources=None))
    create = build_create_answers(R, files)
    files["create_answers.json"] = dump(dict(create, sources=None))
    index = build_examples(R, files)
    files["examples/index.json"] = dump({"examples": index, "sources": None})
    files["examples/SOURCES.md"] = sources_md(index, create)
    used = R.used()
    for name in list(files):
        if name.endswith(".json") and '"sources": null' in files[name]:
            files[name] = files[name].replace('"sources": null', '"sources": ' + json.dumps(used, ensure_ascii=False))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror", help="directory holding <owner>+<name>/repo mirrors (the fetch tool's layout)")
    ap.add_argument("--sdk", help="huaweicloud/huaweicloud-sdk-go-v3 checkout")
    ap.add_argument("--tf-hw", help="huaweicloud/terraform-provider-huaweicloud checkout")
    ap.add_argument("--tf-otc", help="opentelekomcloud/terraform-provider-opentelekomcloud checkout")
    ap.add_argument("--gopher", help="opentelekomcloud/gophertelekomcloud checkout")
    ap.add_argument("--repo", action="append", help="owner/name=DIR for any other repository")
    ap.add_argument("--out", default=HERE, help="where to write (default: this script's directory)")
    ap.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = ap.parse_args()
    files = generate(Repos(args))
    stale = []
    for rel, text in sorted(files.items()):
        path = os.path.join(args.out, rel)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if args.check:
            if old != text:
                stale.append(rel)
        elif old != text and not any(rel == h[2] for h in HAND_EXAMPLES):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {rel}")
    hand = {h[2] for h in HAND_EXAMPLES}
    ex_dir = os.path.join(args.out, "examples")
    for dirpath, _, names in os.walk(ex_dir):
        for n in names:
            rel = os.path.relpath(os.path.join(dirpath, n), args.out).replace(os.sep, "/")
            if rel not in files and rel not in hand:
                if args.check:
                    stale.append(rel + " (not produced any more)")
                else:
                    os.remove(os.path.join(dirpath, n))
                    print(f"removed {rel}")
    if stale:
        print("differs from a fresh extraction: " + ", ".join(stale), file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(files)} files match a fresh extraction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
