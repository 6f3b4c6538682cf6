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
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))

SDK = "huaweicloud/huaweicloud-sdk-go-v3"
TF_HW = "huaweicloud/terraform-provider-huaweicloud"
TF_OTC = "opentelekomcloud/terraform-provider-opentelekomcloud"
GOPHER = "opentelekomcloud/gophertelekomcloud"
DOCSPORTAL = "opentelekomcloud-docs/docsportal"


# --------------------------------------------------------------------------- git access


class Repo:
    """A bare mirror read through git plumbing; nothing in it is executed."""

    def __init__(self, name, path):
        self.name = name
        self.path = path
        self._cache = {}
        self.head = self._git("rev-parse", "HEAD").strip()
        self.date = self._git("log", "-1", "--format=%cI", "HEAD").strip()

    def _git(self, *args):
        out = subprocess.run(["git", "-C", self.path, *args], capture_output=True)
        if out.returncode != 0:
            raise SystemExit(f"git {' '.join(args)} in {self.path}: {out.stderr.decode()}")
        return out.stdout.decode("utf-8")

    def show(self, path, commit=None):
        commit = commit or self.head
        key = (commit, path)
        if key not in self._cache:
            self._cache[key] = self._git("show", f"{commit}:{path}")
        return self._cache[key]

    def ls(self, prefix, commit=None):
        out = self._git("ls-tree", "-r", "--name-only", commit or self.head, "--", prefix)
        return [l for l in out.split("\n") if l]

    def grep(self, pattern, *paths, fixed=False, names_only=True):
        args = ["grep", "-I", "-F" if fixed else "-E"]
        args += ["-l"] if names_only else ["-n"]
        args += ["-e", pattern, self.head, "--", *paths]
        out = subprocess.run(["git", "-C", self.path, *args], capture_output=True)
        if out.returncode not in (0, 1):
            raise SystemExit(f"git grep in {self.path}: {out.stderr.decode()}")
        prefix = self.head + ":"
        return [l[len(prefix):] for l in out.stdout.decode("utf-8").split("\n") if l]

    def last_commit_with(self, path):
        """The newest commit whose tree still holds `path` (for files deleted since)."""
        deleting = self._git("rev-list", "-1", self.head, "--", path).strip()
        try:
            self.show(path, deleting)
            return deleting
        except SystemExit:
            return self._git("rev-parse", deleting + "^").strip()

    def src(self, path, line=None, commit=None):
        s = {"repo": self.name, "commit": commit or self.head, "path": path}
        if line is not None:
            s["line"] = line
        return s

    def meta(self):
        return {"repo": self.name, "commit": self.head, "date": self.date}


class Repos:
    def __init__(self, args):
        self.root = args.mirror
        self.override = {SDK: args.sdk, TF_HW: args.tf_hw, TF_OTC: args.tf_otc, GOPHER: args.gopher}
        for item in args.repo or []:
            name, _, path = item.partition("=")
            self.override[name] = path
        self.open = {}

    def __getitem__(self, name):
        if name not in self.open:
            path = self.override.get(name)
            if not path:
                if not self.root:
                    raise SystemExit(f"no checkout for {name}: pass --mirror or --repo {name}=DIR")
                path = os.path.join(self.root, name.replace("/", "+"), "repo")
            if not os.path.isdir(path):
                raise SystemExit(f"{name}: {path} is not a git directory; fetch it first")
            self.open[name] = Repo(name, path)
        return self.open[name]

    def used(self):
        return {n: r.meta() for n, r in sorted(self.open.items())}


def locate(repo, path, snippet, after=None, commit=None, nth=None):
    """The one line of `path` holding `snippet`: the first after the line holding `after`,
    or the `nth` (1-based) in the file; without either the snippet must be unique."""
    lines = repo.show(path, commit).split("\n")
    start = 0
    if after:
        hits = [i for i, l in enumerate(lines) if after in l]
        if len(hits) != 1:
            raise SystemExit(f"{repo.name}:{path}: anchor {after!r} found {len(hits)} times")
        start = hits[0]
    hits = [i for i in range(start, len(lines)) if snippet in lines[i]]
    if not hits:
        raise SystemExit(f"{repo.name}:{path}: {snippet!r} not found after {after!r}")
    if nth:
        i = hits[nth - 1]
    elif len(hits) > 1 and not after:
        raise SystemExit(f"{repo.name}:{path}: {snippet!r} found {len(hits)} times; give an anchor")
    else:
        i = hits[0]
    return i + 1, lines[i].strip()


def quoted(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


# --------------------------------------------------------------------------- Go SDK


FIELD_RE = re.compile(r"^\s*(\w+)\s+(\S+)\s+`json:\"([^\",]*)")


class Sdk:
    """Reads the generated Go SDK: `<svc>_meta.go` request definitions, `model/*.go`
    structs and enums, `region/region.go` tables."""

    def __init__(self, repo):
        self.repo = repo
        self._types = {}

    def meta_path(self, svcdir):
        return [p for p in self.repo.ls(svcdir + "/") if p.count("/") == 3 and p.endswith("_meta.go")][0]

    def ops(self, svcdir):
        path = self.meta_path(svcdir)
        text = self.repo.show(path)
        out = {}
        for m in re.finditer(r"func GenReqDefFor(\w+)\(\) \*def\.HttpRequestDef \{(.*?)\n\}", text, re.S):
            body = m.group(2)
            fields = []
            for f in re.finditer(r"WithRequestField\(def\.NewFieldDef\(\)(.*?)\)\)\s*$", body, re.S | re.M):
                fb = f.group(1)
                name = re.search(r'WithName\("(\w+)"\)', fb)
                tag = re.search(r'WithJsonTag\("([^"]+)"\)', fb)
                loc = re.search(r"WithLocationType\(def\.(\w+)", fb)
                fields.append({
                    "name": tag.group(1) if tag else name.group(1),
                    "in": loc.group(1).lower() if loc else "unknown",
                })
            out[m.group(1)] = {
                "method": re.search(r"WithMethod\(http\.Method(\w+)\)", body).group(1).upper(),
                "path": re.search(r'WithPath\("([^"]*)"\)', body).group(1),
                "response": re.search(r"WithResponse\(new\(model\.(\w+)\)\)", body).group(1),
                "request_fields": fields,
                "source": self.repo.src(path, text[: m.start()].count("\n") + 1),
            }
        return out

    def type_file(self, svcdir, typ):
        if svcdir not in self._types:
            idx = {}
            for hit in self.repo.grep(r"^type \w+ struct", svcdir + "/model/", names_only=False):
                path, _, rest = hit.split(":", 2)
                name = re.match(r"type (\w+) struct", rest).group(1)
                idx[name] = path
            self._types[svcdir] = idx
        return self._types[svcdir].get(typ)

    def struct(self, svcdir, typ):
        path = self.type_file(svcdir, typ)
        if not path:
            return None, []
        lines = self.repo.show(path).split("\n")
        fields, doc, inside = [], [], False
        for i, line in enumerate(lines, 1):
            if line.startswith(f"type {typ} struct"):
                inside = True
                continue
            if not inside:
                continue
            if line.startswith("}"):
                break
            s = line.strip()
            if s.startswith("//"):
                doc.append(s[2:].strip())
                continue
            m = FIELD_RE.match(line)
            if m and m.group(3) != "-":
                fields.append({"go": m.group(1), "type": m.group(2), "json": m.group(3), "line": i,
                               "doc": " ".join(doc)})
            doc = []
        return path, fields

    def enum(self, path, typ):
        text = self.repo.show(path)
        m = re.search(r"func Get" + typ + r"Enum\(\) " + typ + r"Enum \{(.*?)\n\}", text, re.S)
        if not m:
            return None
        base = text[: m.start(1)].count("\n") + 1
        out = []
        for v in re.finditer(r'value:\s*("(?:[^"\\]|\\.)*"|-?\d+)', m.group(1)):
            line = base + m.group(1)[: v.start()].count("\n")
            value = json.loads(v.group(1)) if v.group(1).startswith('"') else int(v.group(1))
            out.append({"value": value, "source": self.repo.src(path, line)})
        return out

    def resolve(self, svcdir, root, pointer):
        """Follow `/a/[]/b` through the response model; describe the last field."""
        typ, field, path = root, None, None
        parts = [p for p in pointer.split("/") if p]
        i = 0
        while i < len(parts):
            name = parts[i]
            path, fields = self.struct(svcdir, typ)
            match = [f for f in fields if f["json"] == name]
            if not match:
                raise SystemExit(f"{svcdir}: {root}{pointer}: no field {name!r} in {typ}")
            field = match[0]
            t = field["type"].lstrip("*")
            is_list = t.startswith("[]")
            typ = t.lstrip("[]*")
            i += 1
            if is_list:
                if i < len(parts) and parts[i] == "[]":
                    i += 1
                elif i < len(parts):
                    raise SystemExit(f"{svcdir}: {pointer}: {name} is a list; write {name}/[]")
        out = {"go_type": field["type"], "source": self.repo.src(path, field["line"])}
        if field["doc"]:
            out["doc"] = field["doc"]
        values = self.enum(path, typ) if typ[:1].isupper() else None
        if values is not None:
            out["enum"] = values
        return out

    def regions(self, svcdir):
        path = f"{svcdir}/region/region.go"
        text = self.repo.show(path)
        out = []
        for m in re.finditer(r"region\.NewRegion\(([^)]*)\)", text, re.S):
            args = quoted(m.group(1))
            out.append({"region": args[0], "endpoints": args[1:],
                        "line": text[: m.start()].count("\n") + 1})
        return path, out


WORD_PATTERNS = [
    r"(?:^|[\s\-、，,。;；(（“\"*])([A-Za-z][A-Za-z0-9_]*)\s*[：:]",  # WORD： / - WORD:
    r"[“\"]([A-Za-z][A-Za-z0-9_]*)[”\"]",                           # “WORD”
    r"([A-Za-z][A-Za-z0-9_]*)（",                                      # WORD（meaning）
    r"(?:^|\s)-\s+([A-Z][A-Z0-9_]+)\s",                                # - WORD meaning
    r"枚举值：\s*((?:[A-Za-z_]+\s*)+)$",                              # 枚举值： A B C
    r"(?:^|[\s，,])([A-Za-z][A-Za-z0-9_]*)\s+[\u4e00-\u9fff]",            # word 中文
]
NUMBER_PATTERN = r"(?:^|[^\d])(-?\d+)\s*[：:]"


def doc_words(doc, numeric=False, drop=()):
    """Status words a Chinese SDK field comment lists, in order of appearance."""
    if numeric:
        found = [(m.start(1), int(m.group(1))) for m in re.finditer(NUMBER_PATTERN, doc)]
    else:
        found = []
        for p in WORD_PATTERNS:
            for m in re.finditer(p, doc):
                for w in m.group(1).split():
                    found.append((m.start(1), w))
    out = []
    for _, w in sorted(found, key=lambda x: x[0]):
        if w not in out and w not in drop:
            out.append(w)
    return out


# --------------------------------------------------------------------------- documents


def rst_blocks(text, literal=False):
    """`.. code-block::` bodies of an rst page (with `literal`, also `::` literal blocks),
    dedented, with their first line."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        opener = re.match(r"^\s*\.\. code-block::", lines[i]) or (
            literal and lines[i].rstrip().endswith("::") and not lines[i].lstrip().startswith(".."))
        if opener:
            j = i + 1
            while j < len(lines) and (lines[j].strip() == "" or re.match(r"^\s*:\w+:", lines[j])):
                j += 1
            if j >= len(lines):
                break
            indent = len(lines[j]) - len(lines[j].lstrip())
            k, body = j, []
            while k < len(lines) and (lines[k].strip() == "" or len(lines[k]) - len(lines[k].lstrip()) >= indent):
                body.append(lines[k])
                k += 1
            while body and body[-1].strip() == "":
                body.pop()
            out.append({"line": j + 1, "text": textwrap.dedent("\n".join(body))})
            i = k
            continue
        i += 1
    return out


def md_blocks(text):
    """``` fenced bodies of a markdown page, dedented, with their first line."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        if re.match(r"^\s*```", lines[i]):
            j, body = i + 1, []
            while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
                body.append(lines[j])
                j += 1
            out.append({"line": i + 2, "text": textwrap.dedent("\n".join(body)).strip("\n")})
            i = j + 1
            continue
        i += 1
    return out


def rst_table_rows(text):
    rows, cur = [], None
    for n, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and len(s) > 1:
            cells = [c.strip() for c in s[1:-1].split("|")]
            if cells[0] != "" or cur is None:
                cur = [n, [[c] for c in cells]]
                rows.append(cur)
            else:
                for k, c in enumerate(cells):
                    if k < len(cur[1]):
                        cur[1][k].append(c)
        else:
            cur = None
    return [(n, [" ".join(x for x in c if x) for c in cells]) for n, cells in rows]


DOC_WORD_RES = [
    r"\*\*([A-Za-z][A-Za-z0-9_\-]*)\*\*",
    r"(?:^|\s)-\s+([A-Za-z][A-Za-z0-9_]*)(?=\s*(?:[:：]|-\s|$))",
    r'JobPhase = "([A-Za-z]+)"',
]


DOC_LABELS = {"Definition", "Range", "Constraints", "Default", "Options", "Value", "Values",
              "Details", "Example", "Enumeration", "NOTE"}


def rst_first_column(text, header):
    """First cells of the rows of the table whose header cell is `header`."""
    words, on = [], False
    for n, cells in rst_table_rows(text):
        first = cells[0].strip("*` ")
        if first == header:
            on = True
            continue
        if on and first:
            words.append((n, first))
    return words


def rst_status_words(text, field, row=0):
    """Words the row of `field` in the page's response tables lists, in order."""
    rows = [(n, cells) for n, cells in rst_table_rows(text) if cells and cells[0].strip("*` ") == field]
    if len(rows) <= row:
        raise SystemExit(f"no table row {field!r} #{row}")
    n, cells = rows[row]
    desc = " ".join(cells[1:])
    found = []
    for p in DOC_WORD_RES:
        found += [(m.start(1), m.group(1)) for m in re.finditer(p, desc)]
    words = []
    for _, w in sorted(found):
        if w not in words and w not in DOC_LABELS:
            words.append(w)
    return n, desc, words


# --------------------------------------------------------------------------- the SPEC
#
# Each job API: where the SDK defines its request and answer, which answer fields play
# which role (JSON Pointers written with `/[]` for "each element of a list"), where the
# OTC docs list its status words, and which Terraform lines classify those words. Every
# pointer is resolved through the SDK model on each run; every Terraform line is found by
# its literal snippet.

HWS = "huaweicloud/services/"


def tf(file, anchor, lines, note=None, repo=TF_HW):
    return {"repo": repo, "file": file, "anchor": anchor, "lines": lines, "note": note}


def otc(repo, path, field, row=0, first_column=None, related=None):
    return {"repo": "opentelekomcloud-docs/" + repo, "path": "api-ref/source/" + path,
            "field": field, "row": row, "first_column": first_column, "related": related}


COMMON_V1_SUB = {"at": "/entities/sub_jobs/[]", "status": "/status", "id": "/job_id",
                 "job_type": "/job_type", "failure_text": ["/fail_reason"], "error_code": ["/error_code"],
                 "begin": "/begin_time", "end": "/end_time"}

V1_FIELDS = {"id": ["/job_id"], "job_type": ["/job_type"], "failure_text": ["/fail_reason"],
             "error_code": ["/error_code"], "begin": ["/begin_time"], "end": ["/end_time"],
             "entities": ["/entities"]}

IMPLICIT = ("a status in neither Pending nor Target ends StateChangeConf with "
            "\"unexpected state '<s>', wanted target '<t>'\"")

APIS = [
    {
        "name": "ecs", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/ecs/v2", "ShowJob"), "region_dir": "services/ecs/v2",
        "status": ["/status"],
        "fields": dict(V1_FIELDS, query_error=["/code", "/message"]),
        "sub_jobs": dict(COMMON_V1_SUB, failure_text=["/fail_reason", "/entities/errorcode_message"],
                         total="/entities/sub_jobs_total"),
        "otc_docs": [otc("elastic-cloud-server",
                         "apis_recommended/job_status_management/querying_job_execution_status.rst", "status")],
        "tf": [
            tf(HWS + "ecs/resource_huaweicloud_compute_instance.go", "func ecsJobRefreshFunc",
               [("failure", 'if status == "FAIL" {'), ("success", 'if status == "SUCCESS" {')],
               "any other status is retried as PENDING; sub_jobs are not read"),
            tf("openstack/ecs/v1/cloudservers/results_job.go", "func WaitForJobSuccess",
               [("success", 'if job.Status == "SUCCESS" {'), ("failure", 'if job.Status == "FAIL" {')],
               "OTC provider (gophertelekomcloud); any other status is retried", repo=GOPHER),
        ],
        "tf_calls": ("ECS", "GET /v1/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "evs", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/evs/v2", "ShowJob"), "region_dir": "services/evs/v2",
        "status": ["/status"], "fields": V1_FIELDS,
        "sub_jobs": COMMON_V1_SUB,
        "otc_docs": [otc("elastic-volume-service", "apis_recommended/task_management/querying_task_status.rst", "status")],
        "tf": [tf(HWS + "evs/resource_huaweicloud_evs_volume.go", "func waitingForVolumeJobSuccess",
                  [("success", 'if status == "SUCCESS" {'), ("failure", 'if status == "FAIL" {')],
                  "any other status is retried as PENDING")],
        "tf_calls": ("EVS", "GET /v1/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "ims", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/ims/v2", "ShowJob"), "region_dir": "services/ims/v2",
        "status": ["/status"],
        "fields": dict(V1_FIELDS, progress=["/entities/process_percent"],
                       failure_text=["/fail_reason", "/entities/error"],
                       error_code=["/error_code", "/entities/error_code"]),
        "sub_jobs": {"at": "/entities/sub_jobs_result/[]", "status": "/status", "id": "/job_id",
                     "job_type": "/job_type", "failure_text": ["/fail_reason"], "error_code": ["/error_code"],
                     "begin": "/begin_time", "end": "/end_time"},
        "otc_docs": [otc("image-management-service",
                         "ims_apis/image_jobs/querying_the_status_of_an_asynchronous_job.rst", "status")],
        "tf": [tf(HWS + "ims/resource_huaweicloud_images_image_share.go", "func waitForImageShareOrAcceptJobSuccess",
                  [("pending", 'Pending:    []string{"INIT", "RUNNING"},'), ("success", 'Target:     []string{"SUCCESS"},')],
                  IMPLICIT),
               tf("openstack/ims/v1/others/ShowJob.go", "func WaitForJob",
                  [("success", 'if current.Status == "SUCCESS" {'), ("failure", 'if current.Status == "FAIL" {')],
                  "OTC provider (gophertelekomcloud)", repo=GOPHER)],
        "tf_calls": ("IMS", "GET /v1/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "bms", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/bms/v1", "ShowJobInfos"), "region_dir": "services/bms/v1",
        "status": ["/status"], "fields": dict(V1_FIELDS, query_error=["/code", "/message"]),
        "sub_jobs": dict(COMMON_V1_SUB, total="/entities/sub_jobs_total"),
        "otc_docs": [otc("bare-metal-server", "bms_apis/task_management/querying_task_statuses.rst", "status")],
        "tf": [tf(HWS + "bms/resource_huaweicloud_bms_volume_attach.go", "func bmsJobRefreshFunc",
                  [("failure", 'if status == "FAIL" {'), ("success", 'if status == "SUCCESS" {')],
                  "any other status is retried")],
        "tf_calls": ("BMS", "GET /v1/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "sdrs", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/sdrs/v1", "ShowJobStatus"), "region_dir": "services/sdrs/v1",
        "status": ["/status"], "fields": V1_FIELDS, "sub_jobs": COMMON_V1_SUB,
        "otc_docs": [otc("storage-disaster-recovery-service", "apis/job/querying_the_job_status.rst", "status")],
        "tf": [tf("vendor/github.com/chnsz/golangsdk/openstack/sdrs/v1/drill/results_job.go", "func WaitForJobSuccess",
                  [("success", 'if job.Status == "SUCCESS" {'), ("failure", 'if job.Status == "FAIL" {')],
                  "golangsdk vendored in the HW provider; any other status is retried")],
        "tf_calls": ("SDRS", "GET /v1/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "eip", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": ("services/eip/v2", "ShowResourcesJobDetail"), "region_dir": "services/eip/v2",
        "status": ["/status"], "fields": V1_FIELDS,
        "sub_jobs": {"at": "/entities/sub_jobs/[]", "note": "SDK types sub_jobs as []interface{} ('子job信息，类型与主job一致': same shape as the main job)"},
        "notes": ["The SDK serves this /v1 job API from the eip/v2 client, whose region table points at the vpc host (see regions.json)."],
        "unknown": ["status words: the SDK field is a plain string with no enum or listed values; the Huawei docs page only says 'Job status'"],
    },
    {
        "name": "vpc", "group": "common-v1", "builtin": True, "point9": False,
        "sdk": None, "region_dir": "services/vpc/v2",
        "notes": ["No SDK service defines GET /v1/{project_id}/jobs/{job_id} under vpc; the API on the vpc host is EIP's (services/eip/v2, whose region.go names vpc hosts)."],
    },
    {
        "name": "dcs", "group": "dcs", "builtin": True, "point9": False,
        "sdk": ("services/dcs/v2", "ShowJobInfo"), "region_dir": "services/dcs/v2",
        "status": ["/status"],
        "fields": {"id": ["/job_id"], "job_type": ["/job_type"], "failure_text": ["/fail_reason"],
                   "begin": ["/begin_time"], "end": ["/end_time"]},
        "otc_docs": [otc("distributed-cache-service",
                         "apis_v2_recommended/background_task_management/querying_the_job_execution_result_of_a_tenant.rst", "status")],
        "tf": [tf(HWS + "dcs/common.go", "func dcsInstanceJobRefreshFunc",
                  [("terminal", 'if status == "SUCCESS" || status == "FAIL" {')],
                  "SUCCESS is the Target, FAIL ends the wait as an unexpected state, anything else is PENDING")],
        "tf_calls": ("DCS", "GET /v2/{project_id}/jobs/{job_id}"),
        "notes": ["begin_time/end_time are epoch milliseconds written as strings (SDK field comments)."],
    },
    {
        "name": "rds", "group": "rds-family", "builtin": True, "point9": False,
        "sdk": ("services/rds/v3", "ListJobInfo"), "region_dir": "services/rds/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/name"], "failure_text": ["/job/fail_reason"],
                   "progress": ["/job/process"], "begin": ["/job/created"], "end": ["/job/ended"],
                   "instance_id": ["/job/instance/id"], "entities": ["/job/entities"]},
        "otc_docs": [otc("relational-database-service",
                         "api_v3_recommended/obtaining_task_information/obtaining_information_about_a_task_with_a_specified_id.rst", "status")],
        "tf": [tf(HWS + "rds/resource_huaweicloud_rds_instance.go", "func checkRDSInstanceJobFinish",
                  [("pending", 'Pending:      []string{"Running"},'), ("success", 'Target:       []string{"Completed"},')], IMPLICIT),
               tf("openstack/rds/v3/instances/job.go", "func WaitForJobCompleted",
                  [("success", 'if job.Job.Status == "Completed" {'), ("failure", 'if job.Job.Status == "Failed" {')],
                  "OTC provider (gophertelekomcloud)", repo=GOPHER)],
        "tf_calls": ("RDS", "GET /v3/{project_id}/jobs"),
    },
    {
        "name": "dds", "group": "rds-family", "builtin": True, "point9": False,
        "sdk": ("services/dds/v3", "ShowJobDetail"), "region_dir": "services/dds/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/name"], "failure_text": ["/job/fail_reason"],
                   "progress": ["/job/progress"], "begin": ["/job/created"], "end": ["/job/ended"],
                   "instance_id": ["/job/instance/id"]},
        "otc_docs": [otc("document-database-service",
                         "apis_v3.0_recommended/task_management/obtaining_information_about_a_task_with_a_specified_id.rst", "status")],
        "tf": [tf(HWS + "dds/resource_huaweicloud_dds_instance_v3.go", None,
                  [("pending", 'Pending:      []string{"Running"},', 1), ("success", 'Target:       []string{"Completed"},', 1)],
                  IMPLICIT + "; the refresh func is JobStateRefreshFunc (job.status as is)"),
               tf("opentelekomcloud/services/dds/resource_opentelekomcloud_dds_instance_v3.go", None,
                  [("pending", 'Pending:      []string{"Running"},', 1), ("success", 'Target:       []string{"Completed"},', 1)],
                  "OTC provider; " + IMPLICIT, repo=TF_OTC)],
        "tf_calls": ("DDS", "GET /v3/{project_id}/jobs"),
        "unknown": ["SDK field /job/status is a plain string without listed values; words come from the OTC docs"],
    },
    {
        "name": "gaussdb-opengauss", "group": "rds-family", "builtin": True, "point9": False,
        "sdk": ("services/gaussdbforopengauss/v3", "ShowJobDetail"), "region_dir": "services/gaussdbforopengauss/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/name"], "failure_text": ["/job/fail_reason"],
                   "progress": ["/job/progress"], "begin": ["/job/created"], "end": ["/job/ended"],
                   "instance_id": ["/job/instance/id"]},
        "otc_docs": [otc("gaussdb-opengauss", "apis_recommended/task_management/obtaining_task_information.rst", "status")],
        "tf": [tf(HWS + "gaussdb/resource_huaweicloud_gaussdb_instance.go", "func checkGaussDBOpenGaussJobFinish",
                  [("pending", 'Pending:      []string{"Running"},'), ("success", 'Target:       []string{"Completed"},')], IMPLICIT)],
        "tf_calls": ("GaussDB", "GET /v3/{project_id}/jobs"),
        "unknown": ["SDK field /job/status is a plain string without listed values; words come from the OTC docs"],
    },
    {
        "name": "taurusdb", "group": "rds-family", "builtin": True, "point9": False,
        "sdk": ("services/gaussdb/v3", "ShowGaussMySqlJobInfo"), "region_dir": "services/gaussdb/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/name"], "failure_text": ["/job/fail_reason"],
                   "progress": ["/job/process"], "begin": ["/job/created"], "end": ["/job/ended"],
                   "instance_id": ["/job/instance/id"]},
        "otc_docs": [otc("taurusdb", "apis_recommended/task_center/obtaining_information_about_a_task_with_a_specified_id.rst", "status")],
        "tf": [tf(HWS + "taurusdb/resource_huaweicloud_taurusdb_instance.go", "func checkGaussDBMySQLJobFinish",
                  [("pending", 'Pending:      []string{"Pending", "Running"},'), ("success", 'Target:       []string{"Completed"},')], IMPLICIT),
               tf(HWS + "taurusdb/resource_huaweicloud_taurusdb_database.go", "func waitForJobComplete",
                  [("pending", 'Pending:      []string{"Pending", "Running", "Failed"},'), ("success", 'Target:       []string{"Completed"},')],
                  "Failed is in Pending here: a failed job is polled until the timeout (a Terraform bug, cf. HW PR #6295)")],
        "tf_calls": ("TaurusDB", "GET /v3/{project_id}/jobs"),
    },
    {
        "name": "geminidb", "group": "rds-family", "builtin": True, "point9": False,
        "sdk": ("services/gaussdbfornosql/v3", "ListJobs"), "region_dir": "services/gaussdbfornosql/v3",
        "status": ["/jobs/[]/status"],
        "fields": {"id": ["/jobs/[]/id"], "job_type": ["/jobs/[]/name"], "failure_text": ["/jobs/[]/fail_reason"],
                   "progress": ["/jobs/[]/progress"], "begin": ["/jobs/[]/start_time"], "end": ["/jobs/[]/end_time"],
                   "instance_id": ["/jobs/[]/instance/id"]},
        "otc_docs": [otc("geminidb", "apis_v3/task_management/querying_tasks_and_details.rst", "status", row=1)],
        "tf": [tf(HWS + "geminidb/common.go", "func geminiDbJobRefreshFunc",
                  [("failure", 'if status == "Failed" {'), ("success", 'if status == "Completed" {')],
                  "reads jobs[0] only; any other status is retried as Pending")],
        "tf_calls": ("GeminiDB", "GET /v3/{project_id}/jobs"),
        "notes": ["The answer is a list (jobs[]), filtered by the query parameter id; the SDK request also takes status, name, start_time, end_time filters."],
    },
    {
        "name": "cce", "group": "cce", "builtin": True, "point9": False,
        "sdk": ("services/cce/v3", "ShowJob"), "region_dir": "services/cce/v3",
        "status": ["/status/phase"],
        "fields": {"id": ["/metadata/uid"], "job_type": ["/spec/type"], "failure_text": ["/status/reason"],
                   "begin": ["/metadata/creationTimestamp"], "updated": ["/metadata/updateTimestamp"],
                   "resource_id": ["/spec/resourceID"], "cluster_id": ["/spec/clusterUID"]},
        "sub_jobs": {"at": "/spec/subJobs/[]", "status": "/status/phase", "id": "/metadata/uid",
                     "job_type": "/spec/type", "failure_text": ["/status/reason"]},
        "otc_docs": [otc("cloud-container-engine", "apis/cluster_management/reading_job_progress.rst", "phase")],
        "tf": [tf(HWS + "cce/resource_huaweicloud_cce_node.go", "func getResourceIDFromJob",
                  [("pending", 'Pending:      []string{"Initializing", "Running"},'), ("success", 'Target:       []string{"Success"},')],
                  IMPLICIT + "; sub-jobs are read only to find resource IDs, not their status"),
               tf("opentelekomcloud/services/cce/resource_opentelekomcloud_cce_node_v3.go", "Pending: []string{\"Initializing\"},",
                  [("pending", 'Pending: []string{"Initializing"},'), ("success", 'Target:  []string{"Running"},')],
                  "OTC provider: waits on a sub-job's phase and takes Running as done", repo=TF_OTC)],
        "tf_calls": ("CCE", "GET /api/v3/projects/{project_id}/jobs/{job_id}"),
        "notes": ["status.message is not in the SDK model; gophertelekomcloud's cce/v3/nodes JobStatus has it (see gopher_fields)."],
        "gopher_fields": [("openstack/cce/v3/nodes/results.go", 'Message string `json:"message"`', "type JobStatus struct")],
    },
    {
        "name": "elb", "group": "elb", "builtin": True, "point9": False,
        "sdk": ("services/elb/v3", "ShowJob"), "region_dir": "services/elb/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/job_id"], "job_type": ["/job/job_type"], "failure_text": ["/job/error_msg"],
                   "error_code": ["/job/error_code"], "begin": ["/job/begin_time"], "end": ["/job/end_time"],
                   "resource_id": ["/job/resource_id"]},
        "sub_jobs": {"at": "/job/sub_jobs/[]", "status": "/status", "id": "/job_id", "job_type": "/job_type",
                     "failure_text": ["/error_msg"], "error_code": ["/error_code"], "begin": "/begin_time", "end": "/end_time"},
        "tf": [tf(HWS + "elb/resource_huaweicloud_elb_loadbalancer_copy.go", "func checkLoadBalancerJobFinish",
                  [("pending", 'Pending:      []string{"RUNNING"},'), ("success", 'Target:       []string{"COMPLETE", "SUCCESS"},')],
                  IMPLICIT + " (so INIT and ROLLBACKING, which the SDK lists, end the Terraform wait as errors)")],
        "tf_calls": ("ELB", "GET /v3/{project_id}/elb/jobs/{job_id}"),
        "unknown": ["OTC documents no ELB job API (opentelekomcloud-docs/elastic-load-balancing and load-balancer have none)."],
    },
    {
        "name": "sfs-turbo", "group": "sfs-turbo", "builtin": True, "point9": False,
        "sdk": ("services/sfsturbo/v1", "ShowJobDetail"), "region_dir": "services/sfsturbo/v1",
        "status": ["/status"],
        "fields": {"id": ["/job_id"], "job_type": ["/job_type"], "failure_text": ["/fail_reason"],
                   "error_code": ["/error_code"], "begin": ["/begin_time"], "end": ["/end_time"]},
        "sub_jobs": {"at": "/sub_jobs/[]", "status": "/status", "id": "/job_id", "job_type": "/job_type",
                     "failure_text": ["/fail_reason"], "error_code": ["/error_code"], "begin": "/begin_time", "end": "/end_time"},
        "otc_docs": [otc("scalable-file-service", "sfs_turbo_apis/task_management/querying_the_status_of_a_task.rst", "status")],
        "tf": [tf(HWS + "sfsturbo/resource_huaweicloud_sfs_turbo_ad_domain.go", "func waitForSFSTurboAdDomainJobSuccess",
                  [("success", 'if status == "success" {'), ("failure", 'if status == "failed" {')],
                  "any other status is retried as PENDING; sub_jobs are not read")],
        "tf_calls": ("SFSTurbo", "GET /v1/{project_id}/sfs-turbo/jobs/{job_id}"),
    },
    {
        "name": "cbr", "group": "cbr", "builtin": True, "point9": False,
        "sdk": ("services/cbr/v1", "ShowOpLog"), "region_dir": "services/cbr/v1",
        "status": ["/operation_log/status"],
        "fields": {"id": ["/operation_log/id"], "job_type": ["/operation_log/operation_type"],
                   "failure_text": ["/operation_log/error_info/message"], "error_code": ["/operation_log/error_info/code"],
                   "progress": ["/operation_log/extra_info/common/progress"],
                   "begin": ["/operation_log/started_at", "/operation_log/created_at"], "end": ["/operation_log/ended_at"],
                   "resource_id": ["/operation_log/extra_info/resource/id"], "backup_id": ["/operation_log/extra_info/backup/backup_id"]},
        "otc_docs": [otc("cloud-backup-recovery", "cbr_apis/tasks/querying_a_single_task.rst", "status")],
        "tf": [tf(HWS + "cbr/resource_huaweicloud_cbr_restore.go", "func waitingForRestoreTaskSuccess",
                  [("failure", 'unexpectedStatus := []string{"failed", "timeout"}'), ("success", 'if status == "success" {')],
                  "any other status (waiting, running, skipped) is retried as PENDING")],
        "tf_calls": ("CBR", "GET /v3/{project_id}/operation-logs/{operation_log_id}"),
    },
]

DMS_TASK = {
    "status": ["/tasks/[]/status"],
    "fields": {"id": ["/tasks/[]/id"], "job_type": ["/tasks/[]/name"], "begin": ["/tasks/[]/created_at"],
               "end": ["/tasks/[]/updated_at"], "params": ["/tasks/[]/params"], "count": ["/task_count"]},
    "notes": ["The answer is a list (tasks[]) even for one task id; no failure text is documented."],
}

APIS += [
    dict(DMS_TASK, name="kafka", group="dms", builtin=True, point9=False,
         sdk=("services/kafka/v2", "ShowBackgroundTask"), region_dir="services/kafka/v2",
         unknown=["OTC docs (distributed-message-service, querying_a_background_task.rst) describe tasks[].status only as 'Task status.' without values"],
         tf=[tf(HWS + "kafka/common.go", "func instanceTaskStatusRefreshFunc",
                [("failure", 'if status == "FAILED" || status == "DELETED" {'),
                 ("comment", "// The status enumeration values are as follows:")],
                "success is the caller's target (SUCCESS, see waitForInstanceTaskStatusComplete); anything else is PENDING"),
             tf(HWS + "kafka/common.go", "func waitForInstanceTaskStatusComplete(",
                [("success", 'Refresh:      instanceTaskStatusRefreshFunc(client, instanceId, taskId, []string{"SUCCESS"}),')])],
         tf_calls=("Kafka", "GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}")),
    dict(DMS_TASK, name="rabbitmq", group="dms", builtin=True, point9=False,
         sdk=("services/rabbitmq/v2", "ShowBackgroundTask"), region_dir="services/rabbitmq/v2",
         tf_calls=("RabbitMQ", "GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}")),
    dict(DMS_TASK, name="rocketmq", group="dms", builtin=True, point9=False,
         sdk=("services/rocketmq/v2", "ShowBackgroundTask"), region_dir="services/rocketmq/v2",
         tf_calls=("RocketMQ", "GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}")),
    {
        "name": "dli", "group": "dli", "builtin": True, "point9": False,
        "sdk": ("services/dli/v1", "ShowSqlJobStatus"), "region_dir": "services/dli/v1",
        "status": ["/status"],
        "fields": {"id": ["/job_id"], "job_type": ["/job_type"], "failure_text": ["/message"],
                   "request_ok": ["/is_success"], "begin": ["/start_time"], "duration": ["/duration"]},
        "otc_docs": [otc("data-lake-insight", "sql_job-related_apis/querying_job_status.rst", "status")],
        "tf": [tf(HWS + "dli/resource_huaweicloud_dli_sql_job.go", "func waitingforJobRunning",
                  [("pending", "if jobStatus.Status == sqljob.JobStatusLaunching {"),
                   ("failure", "if jobStatus.Status == sqljob.JobStatusCancelled || jobStatus.Status == sqljob.JobStatusFailed {")],
                  "waits only until the job leaves LAUNCHING (any other status counts as Done)"),
               tf("vendor/github.com/chnsz/golangsdk/openstack/dli/v1/sqljob/results.go", None,
                  [("constants", 'JobStatusLaunching = "LAUNCHING"'), ("constants", 'JobStatusRunning   = "RUNNING"'),
                   ("constants", 'JobStatusFinished  = "FINISHED"'), ("constants", 'JobStatusFailed    = "FAILED"'),
                   ("constants", 'JobStatusCancelled = "CANCELLED"')], "the constants the lines above compare with")],
        "tf_calls": ("DLI", "GET /v1.0/{project_id}/jobs/{job_id}/status"),
        "notes": ["start_time is epoch milliseconds (int64); is_success/message describe the request, not the job."],
    },
    {
        "name": "modelarts", "group": "modelarts", "builtin": True, "point9": False,
        "sdk": None, "region_dir": None,
        "request": {"method": "GET", "path": "/v2/{project_id}/training-jobs/{training_job_id}"},
        "status": ["/status/phase"],
        "otc_docs": [otc("modelarts", "training_management/querying_the_details_about_a_training_job.rst", "phase")],
        "tf": [tf(HWS + "modelarts/resource_huaweicloud_modelarts_training_job.go", "func refreshTrainingJobCreateStatus",
                  [("done", 'if utils.StrSliceContains([]string{"Running", "Completed", "Pending", "Failed", "Abnormal"}, status) {')],
                  "Terraform only waits for creation to settle: any of these words ends the wait, the job's outcome is not judged")],
        "tf_calls": ("ModelArts", "GET /v2/{project_id}/training-jobs/{training_job_id}"),
        "unknown": ["the Go SDK has no ModelArts service; answer fields other than status.phase are not checked against a model here"],
    },
    {
        "name": "mrs", "group": "mrs", "builtin": True, "point9": False,
        "sdk": ("services/mrs/v2", "ShowSingleJobExe"), "region_dir": "services/mrs/v2",
        "status": ["/job_detail/job_state", "/job_detail/job_result"],
        "fields": {"id": ["/job_detail/job_id"], "job_type": ["/job_detail/job_type"], "progress": ["/job_detail/job_progress"],
                   "begin": ["/job_detail/started_time", "/job_detail/submitted_time"], "end": ["/job_detail/finished_time"],
                   "app_id": ["/job_detail/app_id"]},
        "otc_docs": [otc("mapreduce-service", "apis/job_object_apis_v2/querying_information_about_a_job.rst", "job_state"),
                     otc("mapreduce-service", "apis/job_object_apis_v2/querying_information_about_a_job.rst", "job_result")],
        "tf": [tf(HWS + "mrs/resource_huaweicloud_mapreduce_job.go", None,
                  [("pending", 'Pending:      []string{"NEW", "NEW_SAVING", "ACCEPTED", "SUBMITTED", "RUNNING"},'),
                   ("done", 'Target:       []string{"FINISHED", "FAILED"},')],
                  "reads job_state only; FAILED is a Target (the wait ends without error on a failed job); job_result is not read")],
        "tf_calls": ("MRS", "GET /v2/{project_id}/clusters/{cluster_id}/job-executions/{job_execution_id}"),
        "notes": ["times are epoch milliseconds (int64)."],
    },
    {
        "name": "swr", "group": "swr", "builtin": True, "point9": False,
        "sdk": ("services/swr/v2", "ShowInstanceJob"), "region_dir": "services/swr/v2",
        "status": ["/status"],
        "fields": {"id": ["/id"], "job_type": ["/type"], "failure_text": ["/reason"], "begin": ["/created_at"],
                   "end": ["/updated_at"], "resource_id": ["/resource_id"], "instance_id": ["/instance_id"]},
        "tf": [tf(HWS + "swrenterprise/resource_huaweicloud_swr_enterprise_instance.go", "func getJobStatusRefreshFunc",
                  [("success", 'if status == "Success" {'), ("failure", 'if status == "Failed" {')], "any other status is retried")],
        "tf_calls": ("SWR", "GET /v2/{project_id}/jobs/{job_id}"),
        "unknown": ["OTC documents no SWR Enterprise job API"],
    },
    {
        "name": "bss", "group": "bss", "builtin": True, "point9": False,
        "sdk": ("services/bss/v2", "ShowCustomerOrderDetails"), "region_dir": "services/bss/v2",
        "also_sdk": [("services/bssintl/v2", "ShowCustomerOrderDetails")],
        "status": ["/order_info/status"], "numeric_status": True,
        "fields": {"id": ["/order_info/order_id"], "begin": ["/order_info/create_time"], "paid": ["/order_info/payment_time"],
                   "order_type": ["/order_info/order_type"]},
        "sub_jobs": {"at": "/order_info/sub_order_infos/[]", "status": "/status", "id": "/order_id"},
        "tf": [tf("huaweicloud/common/common.go", "func WaitOrderComplete",
                  [("pending", 'Pending:      []string{"2", "3", "6"},'), ("success", 'Target:       []string{"5"},')],
                  IMPLICIT + " (so 1, 4, 9 and 10-13 end the wait as errors)")],
        "tf_calls": ("BSS", "GET /v2/orders/customer-orders/details/{order_id}"),
        "unknown": ["OTC has no BSS API."],
    },
    {
        "name": "cdn", "group": "cdn", "builtin": True, "point9": False,
        "sdk": ("services/cdn/v2", "ShowHistoryTaskDetails"), "region_dir": "services/cdn/v2",
        "also_sdk": [("services/cdn/v1", "ShowHistoryTaskDetails")],
        "status": ["/status"],
        "fields": {"id": ["/id"], "job_type": ["/task_type"], "begin": ["/create_time"],
                   "counts": ["/processing", "/succeed", "/failed", "/total"]},
        "sub_jobs": {"at": "/urls/[]", "status": "/status", "id": "/id", "url": "/url",
                     "failure_text": ["/fail_desc"], "error_code": ["/fail_classify"]},
        "tf": [tf(HWS + "cdn/resource_huaweicloud_cdn_cache_refresh.go", "func waitingForCacheCreateCompleted",
                  [("count_check", "if processing == 0 {")],
                  "done when the processing count is 0; status, failed and urls[] are not read"),
               tf(HWS + "cdn/resource_huaweicloud_cdn_cache_refresh.go", "func GetCacheDetailById",
                  [("error_in_200", 'if errorCode == "CDN.0108" {')],
                  "an unknown task answers HTTP 200 with error.error_code CDN.0108")],
        "tf_calls": ("CDN", "GET /v1.0/cdn/historytasks/{history_tasks_id}/detail"),
        "unknown": ["OTC has no CDN API."],
    },
    # ---------------------------------------------------------------- issue 17 point 9
    {
        "name": "drs", "group": "drs", "builtin": False, "point9": True,
        "sdk": ("services/drs/v5", "ShowJobDetail"), "region_dir": "services/drs/v5",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "begin": ["/job/create_time"], "master_job_id": ["/job/master_job_id"]},
        "otc_docs": [otc("data-replication-service", "appendix/task_statuses.rst", None, first_column="Status")],
        "tf": [tf(HWS + "drs/resource_huaweicloud_drs_job_v5.go", "func waitingForJobV5Success",
                  [("success", 'if status == "CONFIGURATION" {'), ("pending", 'if status == "CREATING" {')],
                  "after creation: CONFIGURATION is done, CREATING pending, any other status ends the wait as an unexpected state"),
               tf(HWS + "drs/resource_huaweicloud_drs_job.go", "func waitingforJobStatus",
                  [("start.pending", 'pending = []string{"STARTJOBING", "WAITING_FOR_START", "CONFIGURATION"}'),
                   ("start.target", 'target = []string{"FULL_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED"}'),
                   ("failure", 'if utils.StrSliceContains([]string{"START_JOB_FAILED", "CREATE_FAILED", "RELEASE_RESOURCE_FAILED",'),
                   ("failure", '"CHILD_TRANSFER_FAILED"}, resp.Results[0].Status) {')],
                  "v3 batch-status API (same status words); targets depend on the action (create/start/stop/terminate/reset/restart) - see the switch above these lines")],
        "tf_calls": ("DRS", "GET /v5/{project_id}/jobs/{job_id}"),
        "notes": ["A DRS job is a long-lived migration task, not a one-shot job: the status that means 'done' depends on the action waited for."],
    },
    {
        "name": "dcs-migration", "group": "dcs", "builtin": False, "point9": True,
        "sdk": ("services/dcs/v2", "ShowMigrationTask"), "region_dir": "services/dcs/v2",
        "status": ["/status"],
        "fields": {"id": ["/task_id"], "job_type": ["/migration_type"], "begin": ["/created_at"], "end": ["/updated_at"]},
        "tf": [tf(HWS + "dcs/resource_huaweicloud_dcs_backup_import_task.go", "func migrationTaskRefreshFunc",
                  [("terminal", 'directReturnStatus := []string{"SUCCESS", "FAILED", "TERMINATED", "INCRMIGEATING", "MIGRATION_FAILED",'),
                   ("terminal", '"RELEASED", "DELETED"}')],
                  "these words are returned as-is (Target is chosen per call: SUCCESS, INCRMIGEATING for incremental migration, TERMINATED on delete); anything else is PENDING; HTTP 400 DCS.4133 counts as DELETED"),
               tf(HWS + "dcs/resource_huaweicloud_dcs_online_data_migration_task.go", None,
                  [("target", 'targetStatus = "INCRMIGEATING"', 1)],
                  "incremental migration is 'done' once it is INCRMIGEATING (sic)")],
        "tf_calls": ("DCS", "GET /v2/{project_id}/migration-task/{task_id}"),
        "notes": ["Terraform knows words the SDK enum lacks: INCRMIGEATING (sic), MIGRATION_FAILED, RELEASED, DELETED."],
    },
    {
        "name": "dws", "group": "dws", "builtin": False, "point9": True,
        "sdk": ("services/dws/v2", "ListJobDetails"), "region_dir": "services/dws/v2",
        "status": ["/status"],
        "fields": {"id": ["/job_id"], "job_type": ["/job_name"], "failure_text": ["/failed_detail"],
                   "error_code": ["/failed_code"], "progress": ["/progress"], "begin": ["/begin_time"], "end": ["/end_time"]},
        "otc_docs": [otc("data-warehouse-service", "api_description/task_management/querying_the_task_progress.rst", "status")],
        "tf": [tf(HWS + "dws/resource_huaweicloud_dws_cluster.go", "func jobStatusRefreshFunc",
                  [("failure", 'if status == "FAIL" {'), ("success", 'if status == "SUCCESS" {')], "any other status is PENDING"),
               tf(HWS + "dws/resource_huaweicloud_dws_ext_data_source.go", "extDataSourceWaitingHttpUrl = \"v1.0/{project_id}/job/{job_id}\"",
                  [("success", '"SUCCESS",'), ("failure", '"FAIL",'), ("failure", '"ERROR",')],
                  "ERROR is a failure word here that the SDK does not list")],
        "tf_calls": ("DWS", "GET /v1.0/{project_id}/job/{job_id}"),
    },
    {
        "name": "cae", "group": "cae", "builtin": False, "point9": True,
        "sdk": ("services/cae/v1", "ShowJob"), "region_dir": "services/cae/v1",
        "status": ["/spec/status"],
        "fields": {"progress": ["/spec/progress"]},
        "sub_jobs": {"at": "/spec/tasks/[]", "status": "/status", "name": "/name", "failure_text": ["/detail"],
                     "begin": "/created_at", "end": "/updated_at"},
        "tf": [tf(HWS + "cae/resource_huaweicloud_cae_environment.go", "func environmentJobRefreshFunc",
                  [("failure", 'if utils.StrSliceContains([]string{"failed", "timeout"}, status) {')],
                  "success is the caller's target list"),
               tf(HWS + "cae/resource_huaweicloud_cae_environment.go", None,
                  [("success", 'Refresh:      environmentJobRefreshFunc(client, epsId, jobId, []string{"success"}),')]),
               tf(HWS + "cae/resource_huaweicloud_cae_component_action.go", "func deployJobRefreshFunc",
                  [("failure", 'if status == "failed" {'), ("sub_jobs", "task := utils.PathSearch(\"spec.tasks[?status=='failed']|[0]\", resp, nil)")],
                  "on failure Terraform names the first failed spec.tasks[] entry and its detail")],
        "tf_calls": ("CAE", "GET /v1/{project_id}/cae/jobs/{job_id}"),
        "hw_docs": {"url": "https://support.huaweicloud.com/intl/en-us/api-cae/ShowJob.html", "updated": "2025-12-19",
                    "words": ["init", "running", "failed", "timeout", "success", "skip", "terminating", "terminated"],
                    "how": "read in the page text returned by the search tool (docs corpus); not regenerable offline"},
        "notes": ["The answer carries no job id; requests need the X-Environment-ID header (and optionally X-Enterprise-Project-ID)."],
    },
    {
        "name": "workspace", "group": "workspace", "builtin": False, "point9": True,
        "sdk": ("services/workspace/v2", "ShowJob"), "region_dir": "services/workspace/v2",
        "status": ["/status"],
        "fields": {"id": ["/id"], "job_type": ["/job_type"], "failure_text": ["/fail_reason"], "error_code": ["/job_error_code"],
                   "begin": ["/begin_time"], "end": ["/end_time"]},
        "sub_jobs": {"at": "/sub_jobs/[]", "status": "/status", "id": "/id", "job_type": "/job_type",
                     "failure_text": ["/fail_reason"], "error_code": ["/error_code"], "progress": "/process",
                     "begin": "/begin_time", "end": "/end_time", "total": "/sub_jobs_total"},
        "tf": [tf(HWS + "workspace/common.go", "func refreshJobStatusFunc",
                  [("done", 'if utils.StrSliceContains([]string{"COMPLETE", "SUCCESS", "FAIL"}, status) {')],
                  "these three end the wait; anything else is PENDING"),
               tf(HWS + "workspace/common.go", "func waitForJobCompleted",
                  [("sub_jobs", 'if subJobStatus != "SUCCESS" {')],
                  "after the wait, any sub_jobs[] whose status is not SUCCESS makes the result FAIL")],
        "tf_calls": ("Workspace", "GET /v2/{project_id}/workspace-jobs/{job_id}"),
        "unknown": ["the full list of status words (the SDK field is a plain string; the Huawei page was not readable in full)"],
    },
    {
        "name": "dli-flink", "group": "dli", "builtin": False, "point9": True,
        "sdk": ("services/dli/v1", "ShowFlinkJob"), "region_dir": "services/dli/v1",
        "status": ["/job_detail/status"],
        "fields": {"id": ["/job_detail/job_id"], "job_type": ["/job_detail/job_type"], "failure_text": ["/job_detail/status_desc"],
                   "request_ok": ["/is_success"], "message": ["/message"], "begin": ["/job_detail/start_time"],
                   "created": ["/job_detail/create_time"]},
        "otc_docs": [otc("data-lake-insight", "flink_job-related_apis/querying_job_details.rst", "status")],
        "tf": [tf(HWS + "dli/resource_huaweicloud_dli_flinksql_job.go", None,
                  [("pending", 'Pending: []string{"job_init", "job_submitting"},'), ("success", 'Target:  []string{"job_running", "job_finish"},'),
                   ("failure", 'if job.JobDetail.Status == "job_submit_fail" {')], "waiting for a submitted job to run"),
               tf(HWS + "dli/resource_huaweicloud_dli_flinksql_job.go", None,
                  [("pending", 'Pending: []string{"job_submitting", "job_running", "job_canceling", "job_savepointing",'),
                   ("pending", '"job_arrearage_recovering"},'), ("success", 'Target: []string{"job_init", "job_cancel_success"},')],
                  "waiting for a stop")],
        "tf_calls": ("DLI", "GET /v1.0/{project_id}/streaming/jobs/{job_id}"),
        "notes": ["job_detail.job_id is an integer (int64) in the SDK, not a string."],
    },
    {
        "name": "modelarts-pool", "group": "modelarts", "builtin": False, "point9": True,
        "sdk": None, "region_dir": None,
        "request": {"method": "GET", "path": "/v2/{project_id}/jobs/{job_id}"},
        "status": ["/phase"],
        "otc_docs": [otc("modelarts", "resource_management/order_management/querying_orders.rst", "phase", row=1,
                         related="GET /v1/{project_id}/orders (items[].phase): the order API Terraform waits on for pool creation")],
        "tf": [tf(HWS + "modelarts/resource_huaweicloud_modelartsv2_node_batch_reboot.go", "func refreshV2JobStatus",
                  [("failure", 'if utils.IsStrContainsSliceElement(status, []string{"Failed"}, false, true) {'),
                   ("success", 'if status == "Success" {')], "node batch operations on a resource pool; anything else is PENDING"),
               tf(HWS + "modelarts/resource_huaweicloud_modelarts_resource_pool.go", "func waitingForResourcePoolOrderStatusCompleted",
                  [("orders.success", 'Refresh:      refreshResourcePoolOrderStatus(client, resourcePoolId, orderName, []string{"successed", "partialSuccessed"}),')],
                  "resource-pool creation waits on GET /v1/{project_id}/orders (items[].phase), not on a job API"),
               tf(HWS + "modelarts/resource_huaweicloud_modelarts_resource_pool.go", "func refreshResourcePoolOrderStatus",
                  [("orders.failure", 'if status == "failed" {')])],
        "tf_calls": ("ModelArts", "GET /v2/{project_id}/jobs/{job_id}"),
        "unknown": ["no SDK model and no OTC/Huawei page was found for GET /v2/{project_id}/jobs/{job_id}: its answer shape (top-level phase) and words (Success, Failed) are known only from Terraform",
                    "the OTC docs listed above describe the orders API (phase of /v1/{project_id}/orders items), which Terraform waits on for pool creation"],
    },
    {
        "name": "cph", "group": "cph", "builtin": False, "point9": True,
        "sdk": ("services/cph/v1", "ShowJob"), "region_dir": "services/cph/v1",
        "status": ["/status"], "numeric_status": True,
        "fields": {"id": ["/job_id"], "failure_text": ["/error_msg"], "error_code": ["/error_code"],
                   "output": ["/execute_msg"], "begin": ["/begin_time"], "end": ["/end_time"],
                   "phone_id": ["/phone_id"], "server_id": ["/server_id"]},
        "tf": [tf(HWS + "cph/resource_huaweicloud_cph_share_app.go", "func jobStatusRefreshFunc",
                  [("pending", "if int(status) == 1 {"), ("failure", "if int(status) == -1 {"),
                   ("default", 'status := utils.PathSearch("status", getJobsRespBody, float64(0)).(float64)')],
                  "any other value - including a missing status, read as 0 - is COMPLETED: a false success")],
        "tf_calls": ("CPH", "GET /v1/{project_id}/cloud-phone/jobs/{job_id}"),
    },
    {
        "name": "dew-kps", "group": "dew", "builtin": False, "point9": True,
        "sdk": ("services/kps/v3", "ListKeypairTask"), "region_dir": "services/kps/v3",
        "status": ["/task_status"],
        "fields": {"id": ["/task_id"], "server_id": ["/server_id"]},
        "tf": [tf(HWS + "dew/resource_huaweicloud_kps_keypair_associate.go", "func keypairAssociateTaskStatusRefreshFunc",
                  [("failure", 'if utils.StrSliceContains([]string{"FAILED_BIND", "FAILED_RESET", "FAILED_REPLACE"}, taskStatus) {'),
                   ("success", 'if utils.StrSliceContains([]string{"SUCCESS_BIND", "SUCCESS_RESET", "SUCCESS_REPLACE"}, taskStatus) {')],
                  "anything else is PENDING")],
        "tf_calls": ("DEW", "GET /v3/{project_id}/tasks/{task_id}"),
        "notes": ["DEW tasks are KPS (key pair service) tasks; the host is kms (regions.json).",
                  "The SDK field doc names the replace outcomes FAILED_RESET/SUCCESS_RESET (a copy slip); Terraform uses FAILED_REPLACE/SUCCESS_REPLACE and FAILED_BIND/SUCCESS_BIND, which no SDK enum lists."],
    },
    {
        "name": "ddm", "group": "ddm", "builtin": False, "point9": True,
        "sdk": ("services/ddm/v1", "ShowDdmJobResult"), "region_dir": "services/ddm/v1",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/name"], "progress": ["/job/process"],
                   "begin": ["/job/created_time"], "end": ["/job/end_time"], "instance_id": ["/job/instance/id"]},
        "otc_docs": [otc("distributed-database-middleware",
                         "apis_recommended/ddm_instances/obtaining_information_about_a_task_with_a_specified_id_a_v3_api.rst", "status")],
        "tf": [tf(HWS + "ddm/resource_huaweicloud_ddm_instance_group.go", "func jobRefreshFunc",
                  [("failure", 'if status == "Failed" {'), ("success", 'if status == "Completed" {')], "anything else is Pending")],
        "tf_calls": ("DDM", "GET /v3/{project_id}/jobs/{job_id}"),
    },
    {
        "name": "geip", "group": "eip", "builtin": False, "point9": True,
        "sdk": ("services/geip/v3", "ShowJobs"), "region_dir": "services/geip/v3",
        "status": ["/job/status"],
        "fields": {"id": ["/job/id"], "job_type": ["/job/action"], "failure_text": ["/job/error_message"],
                   "error_code": ["/job/error_code"], "failed_task": ["/job/error_task"], "begin": ["/job/start_time"],
                   "end": ["/job/end_time"]},
        "tf": [tf(HWS + "eip/resource_huaweicloud_global_eip_associate.go", "func jobStatusRefreshFunc",
                  [("comment", "// status are FINISH_ROLLBACK_SUCC, FINISH_SUCC and WAIT_TO_SCHEDULE"),
                   ("failure", 'if status == "FINISH_ROLLBACK_SUCC" {'), ("success", '} else if status == "FINISH_SUCC" {')],
                  "anything else is PENDING; the path is keyed by the account's domain id, not a project id")],
        "tf_calls": ("EIP", "GET /v3/{domain_id}/geip/jobs/{job_id}"),
        "unknown": ["status words in the SDK (plain string 'status') and in docs: not listed; words come from a Terraform comment only"],
    },
]


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
