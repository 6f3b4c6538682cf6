#!/usr/bin/env python3
"""Regenerate and check the resource facts under tests/data/providers/resources/.

What it does
------------
resources.json is written by hand: for each built-in resource (ecs-server, rds-instance, ...)
the request, the status pointer and words, the failure text, how "gone" looks and where a
create call's answer keeps the id, every fact with a citation {src, path, line, quote}.
This script

1. regenerates the mechanical files from the public sources, at the commits recorded in
   resources.json["sources"]:
     callsites.json       StateChangeConf call sites per service and per file, both providers
     terraform_waits.json every StateChangeConf literal: file, line, enclosing func,
                          Pending, Target and Refresh as parsed from the Go source
     examples/<resource>/<name>.json  documented example answers cut from the OTC docs
     examples/SOURCES.md  where each example came from (and any repair made to it)
2. checks resources.json against the same sources:
     - every citation's quote occurs at the cited line (or line range);
     - every Terraform wait whose Pending/Target is a literal list equals what the parser
       reads at that line; lists passed through variables need a values_cite whose lines
       hold each word in double quotes;
     - every SDK word list equals what the model file says (a Go enum's values, or the
       words a recorded regex finds in the field's comment);
     - every docs word list equals what the recorded regex finds in the cited line range;
     - every SDK operation has the recorded method and path in the service's *_meta.go.

Usage (from anywhere; Python 3.8+, standard library only)
------------------------------------------------------------
    python3 tests/data/providers/resources/extract.py            # regenerate + check
    python3 tests/data/providers/resources/extract.py --check    # compare only, write nothing
    options: --mirrors DIR   where fetched repositories live (default /work/.mirror, laid out
                             as DIR/<owner>+<name>/repo, a bare git dir as the `fetch` tool
                             leaves it; any clone works if its path follows that pattern)

Exit status: 0 all generated files equal and every check passed; 1 otherwise (each problem
is printed on stderr). Nothing here touches the network.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "resources.json")

# Service directories of the providers (the grep behind callsites.json).
PROVIDERS = {
    "huaweicloud": {
        "src": "hw-tf",
        "pathspec": ["huaweicloud/*.go", ":!*_test.go"],
        "service_of": lambda p: p.split("/")[2] if p.startswith("huaweicloud/services/") else "/".join(p.split("/")[:2]),
    },
    "opentelekomcloud": {
        "src": "otc-tf",
        "pathspec": ["opentelekomcloud/*.go", ":!*_test.go"],
        "service_of": lambda p: p.split("/")[2] if p.startswith("opentelekomcloud/services/") else "/".join(p.split("/")[:2]),
    },
}

# A call site whose Refresh expression (an inline closure's whole body included) or enclosing
# function names a job, task or order waits on an asynchronous job (or a BSS order), not on
# the resource's own status. A heuristic, stated in README.md.
JOB_REFRESH = re.compile(r"job|task|order", re.I)


class Sources:
    """Reads files of the recorded repositories at the recorded commits."""

    def __init__(self, table, mirrors):
        self.table = table
        self.mirrors = mirrors
        self.cache = {}

    def gitdir(self, src):
        owner, name = self.table[src]["repo"].split("/")
        return os.path.join(self.mirrors, owner + "+" + name, "repo")

    def commit(self, src):
        return self.table[src]["commit"]

    def git(self, src, *args):
        res = subprocess.run(["git", "-C", self.gitdir(src), *args], capture_output=True, text=True)
        if res.returncode != 0:
            raise SystemExit(
                "git %s failed for %s (%s): %s\nfetch %s and check that commit %s is present"
                % (" ".join(args[:2]), src, self.table[src]["repo"], res.stderr.strip(),
                   self.table[src]["repo"], self.commit(src)))
        return res.stdout

    def text(self, src, path):
        key = (src, path)
        if key not in self.cache:
            self.cache[key] = self.git(src, "show", "%s:%s" % (self.commit(src), path))
        return self.cache[key]

    def lines(self, src, path):
        return self.text(src, path).split("\n")


# ---------------------------------------------------------------- Go: StateChangeConf parsing

def _field(body, name):
    """The raw Go expression after `name:` at the top level of a composite literal body."""
    m = re.search(r"(?m)^\s*" + name + r"\s*:\s*", body)
    if not m:
        return None
    j = m.end()
    depth = 0
    k = j
    in_str = None
    while k < len(body):
        c = body[k]
        if in_str:
            if c == "\\" and in_str == '"':
                k += 2
                continue
            if c == in_str:
                in_str = None
        elif c in "\"`":
            in_str = c
        elif c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth < 0:
                break
        elif c == "," and depth == 0:
            break
        k += 1
    return body[j:k].strip()


def _string_list(expr):
    """["a", "b"] for a literal []string{"a", "b"}; None for anything else."""
    if expr is None:
        return None
    m = re.fullmatch(r"\[\]string\{(.*)\}", expr, re.S)
    if not m:
        return None
    inner = m.group(1).strip().rstrip(",")
    if not inner:
        return []
    items = [s.strip() for s in inner.split(",")]
    if all(re.fullmatch(r'"(?:[^"\\]|\\.)*"', s) for s in items):
        return [json.loads(s) for s in items]
    return None


def state_change_confs(text):
    """Every `StateChangeConf{` literal in a Go file: line, func, pending, target, refresh."""
    funcs = [(m.start(), m.group(1)) for m in re.finditer(r"(?m)^func (?:\([^)]*\) )?(\w+)", text)]
    out = []
    for m in re.finditer(r"StateChangeConf\{", text):
        i = m.end()
        depth = 1
        while depth and i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        body = text[m.end():i - 1]
        func = None
        for pos, name in funcs:
            if pos < m.start():
                func = name
        site = {"line": text.count("\n", 0, m.start()) + 1, "func": func}
        for key, name in (("pending", "Pending"), ("target", "Target"), ("refresh", "Refresh")):
            expr = _field(body, name)
            if key == "refresh":
                site["refresh_full"] = expr or ""
                # Keep the head of an inline closure only; the body is in the source.
                if expr and expr.startswith("func("):
                    expr = "func() {...}"
                site[key] = expr
            else:
                lst = _string_list(expr)
                site[key] = lst if lst is not None else ({"expr": expr} if expr is not None else None)
        out.append(site)
    return out


def provider_sites(srcs, provider):
    spec = PROVIDERS[provider]
    src = spec["src"]
    listing = srcs.git(src, "grep", "-l", "StateChangeConf{", srcs.commit(src), "--", *spec["pathspec"])
    paths = sorted(l.split(":", 1)[1] for l in listing.split("\n") if l)
    sites = []
    for path in paths:
        for s in state_change_confs(srcs.text(src, path)):
            s = dict(path=path, **s)
            polled = s.pop("refresh_full") + " " + (s["func"] or "")
            s["kind"] = "job" if JOB_REFRESH.search(polled) else "resource"
            sites.append(s)
    return sites


# ---------------------------------------------------------------- generated files

def gen_terraform_waits(srcs, all_sites):
    out = {
        "about": "Every StateChangeConf literal in the non-test Go files of both Terraform providers, "
                 "parsed mechanically: Pending/Target are lists when written as []string{...} literals, "
                 "else {\"expr\": <Go expression>}; refresh is the Refresh expression (inline closures "
                 "shortened to \"func() {...}\"); kind is \"job\" when the Refresh expression names a "
                 "job, task or order, else \"resource\" (a heuristic).",
        "generator": "tests/data/providers/resources/extract.py",
    }
    for provider, sites in all_sites.items():
        src = PROVIDERS[provider]["src"]
        out[provider] = {
            "repo": srcs.table[src]["repo"],
            "commit": srcs.commit(src),
            "sites": [[s["path"], s["line"], s["func"], s["kind"], s["pending"], s["target"], s["refresh"]]
                      for s in sites],
        }
    out["site_fields"] = ["path", "line", "func", "kind", "pending", "target", "refresh"]
    return out


def _counts(sites, key):
    c = collections.OrderedDict()
    for s in sites:
        k = key(s)
        row = c.setdefault(k, {"sites": 0, "resource_sites": 0, "job_sites": 0})
        row["sites"] += 1
        row["resource_sites" if s["kind"] == "resource" else "job_sites"] += 1
    return sorted(c.items(), key=lambda kv: (-kv[1]["sites"], kv[0]))


def gen_callsites(srcs, all_sites, covered_files):
    out = {
        "about": "StateChangeConf call sites (one per `StateChangeConf{` literal) in the non-test Go "
                 "files of the Terraform providers, per service directory and per file. resource_sites "
                 "and job_sites split them by the heuristic in README.md (Refresh naming a job, task or "
                 "order = a job wait).",
        "generator": "tests/data/providers/resources/extract.py",
    }
    for provider, sites in all_sites.items():
        spec = PROVIDERS[provider]
        src = spec["src"]
        by_service = [dict(service=k, **v) for k, v in _counts(sites, lambda s: spec["service_of"](s["path"]))]
        by_file = [dict(path=k, **v) for k, v in _counts(sites, lambda s: s["path"])]
        out[provider] = {
            "repo": srcs.table[src]["repo"],
            "commit": srcs.commit(src),
            "command": "git grep -c 'StateChangeConf{' %s -- %s" % (
                srcs.commit(src), " ".join("'%s'" % p for p in spec["pathspec"])),
            "total_sites": len(sites),
            "files": len(by_file),
            "by_service": by_service,
            "by_file": by_file,
        }
    hw = out["huaweicloud"]
    covered = set(covered_files)
    out["huaweicloud"]["covered_by_builtin_resources"] = sorted(covered)
    out["huaweicloud"]["top_resource_files_not_covered"] = [
        r for r in hw["by_file"] if r["path"] not in covered and r["resource_sites"] >= 3][:40]
    return out


def cut_example(srcs, ex):
    """The documented example text (dedented) and, when repaired, the verbatim text too."""
    lines = srcs.lines(ex["src"], ex["path"])
    a, b = ex["lines"]
    chunk = lines[a - 1:b]
    indent = min((len(l) - len(l.lstrip()) for l in chunk if l.strip()), default=0)
    verbatim = "\n".join(l[indent:] if l.strip() else "" for l in chunk).rstrip("\n") + "\n"
    text = verbatim
    for rep in ex.get("repairs", []):
        text, n = re.subn(rep["find"], rep["replace"], text)
        if n != rep["count"]:
            raise ValueError("%s: repair %r matched %d times, expected %d" % (ex["file"], rep["find"], n, rep["count"]))
    json.loads(text)  # every committed example must be a JSON document
    return text, (verbatim if ex.get("repairs") else None)


def doc_page(repo, path):
    """The docs.otc.t-systems.com page built from an rst file (the portal's URL scheme;
    derived from the path, not fetched)."""
    name = repo.split("/")[1]
    m = re.fullmatch(r"(api-ref|umn|dev-guide)/source/(.*)\.rst", path)
    if not m:
        return "(no page derived)"
    return "https://docs.otc.t-systems.com/%s/%s/%s.html (derived from the rst path)" % (name, m.group(1), m.group(2))


def gen_sources_md(srcs, resources):
    out = [
        "# Where each example answer came from",
        "",
        "Generated by `extract.py` from the `examples` entries of `resources.json`; do not edit by hand.",
        "Each file is the example's text cut from the cited lines of the OTC docs (the rst source of",
        "docs.otc.t-systems.com), dedented. Where the documented text is not valid JSON the listed",
        "repairs were applied (regular expression, replacement) and the verbatim text is kept next to it",
        "as `<name>.orig.txt`.",
        "",
    ]
    for r in resources:
        if not r.get("examples"):
            continue
        out.append("## " + r["name"])
        out.append("")
        for ex in r["examples"]:
            src = srcs.table[ex["src"]]
            out.append("- `%s` (%s): %s@%s `%s` lines %d-%d" % (
                ex["file"], ex["kind"], src["repo"], src["commit"][:12], ex["path"], ex["lines"][0], ex["lines"][1]))
            out.append("  page: " + (ex.get("page") or doc_page(src["repo"], ex["path"])))
            for rep in ex.get("repairs", []):
                out.append("  repaired: `%s` -> `%s` (%d×): %s" % (
                    rep["find"], rep["replace"].replace("\n", "\\n"), rep["count"], rep["why"]))
            if ex.get("note"):
                out.append("  note: " + ex["note"])
        out.append("")
    missing = [r["name"] for r in resources if not r.get("examples")]
    if missing:
        out.append("## Without a documented example here")
        out.append("")
        for name in missing:
            r = next(x for x in resources if x["name"] == name)
            out.append("- %s: %s" % (name, r.get("examples_note", "none found")))
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- checks of resources.json

def check_cite(srcs, cite, where, problems):
    lines = srcs.lines(cite["src"], cite["path"])
    a = cite["line"]
    b = cite.get("end", a)
    if not (1 <= a <= b <= len(lines)):
        problems.append("%s: %s:%s lines %d-%d out of range" % (where, cite["src"], cite["path"], a, b))
        return ""
    chunk = "\n".join(lines[a - 1:b])
    if cite.get("quote") is not None and cite["quote"] not in chunk:
        problems.append("%s: quote %r not at %s:%s:%d-%d" % (where, cite["quote"], cite["src"], cite["path"], a, b))
    return chunk


def walk_cites(obj, where):
    """Every dict that looks like a citation, anywhere in a resource."""
    if isinstance(obj, dict):
        if "src" in obj and "path" in obj and "line" in obj:
            yield where, obj
        for k, v in obj.items():
            yield from walk_cites(v, where + "." + k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_cites(v, "%s[%d]" % (where, i))


def check_terraform(srcs, r, problems):
    for i, w in enumerate(r["status"].get("terraform", [])):
        where = "%s.status.terraform[%d]" % (r["name"], i)
        sites = {s["line"]: s for s in state_change_confs(srcs.text(w["src"], w["path"]))}
        site = sites.get(w["line"])
        if site is None:
            problems.append("%s: no StateChangeConf{ at %s:%d" % (where, w["path"], w["line"]))
            continue
        for key in ("pending", "target"):
            parsed = site[key]
            recorded = w.get(key)
            if isinstance(parsed, list):
                if parsed != recorded:
                    problems.append("%s: %s recorded %r, source says %r" % (where, key, recorded, parsed))
            elif recorded:
                vc = w.get("values_cite")
                if not vc:
                    problems.append("%s: %s is %r in the source; values_cite needed" % (where, key, parsed))
                    continue
                chunk = check_cite(srcs, vc, where + ".values_cite", problems)
                for word in recorded:
                    if '"%s"' % word not in chunk:
                        problems.append("%s: %s word %r not in values_cite lines" % (where, key, word))


def sdk_words(srcs, s):
    text = srcs.text(s["src"], s["path"])
    if s["style"] == "enum":
        m = re.search(r"func Get%sEnum\(\) %sEnum \{(.*?)\n\}" % (s["enum_type"], s["enum_type"]), text, re.S)
        if not m:
            return None
        return re.findall(r'value:\s*"([^"]*)"', m.group(1))
    line = srcs.lines(s["src"], s["path"])[s["line"] - 1]
    words = []
    for w in re.findall(s["regex"], line):
        if w not in words:
            words.append(w)
    return words


def check_words(srcs, r, problems):
    st = r["status"]
    for i, s in enumerate(st.get("sdk", [])):
        where = "%s.status.sdk[%d]" % (r["name"], i)
        got = sdk_words(srcs, s)
        if got != s["words"]:
            problems.append("%s: words recorded %r, %s says %r" % (where, s["words"], s["path"], got))
    for i, d in enumerate(st.get("docs", [])):
        where = "%s.status.docs[%d]" % (r["name"], i)
        chunk = "\n".join(srcs.lines(d["src"], d["path"])[d["line"] - 1:d["end"]])
        got = []
        for w in re.findall(d["regex"], chunk):
            if w not in got:
                got.append(w)
        if got != d["words"]:
            problems.append("%s: words recorded %r, %s says %r" % (where, d["words"], d["path"], got))


def check_proposal(r, problems):
    """Every documented word is classified once, and nothing is classified that no source names."""
    st = r["status"]
    prop = st.get("proposal")
    if prop is None:
        return
    known = set()
    for e in st.get("sdk", []) + st.get("docs", []):
        known.update(e["words"])
    for w in st.get("terraform", []):
        for key in ("pending", "target"):
            if isinstance(w.get(key), list):
                known.update(w[key])
        known.update(w.get("failure", {}).get("words", []))
    classes = ("ready", "pending", "failed", "deleting", "gone", "other")
    seen = collections.Counter(word for c in classes for word in prop.get(c, []))
    for word, n in seen.items():
        if n > 1:
            problems.append("%s.status.proposal: %r classified %d times" % (r["name"], word, n))
        if word not in known and word != "":
            problems.append("%s.status.proposal: %r named by no cited source" % (r["name"], word))
    documented = set()
    for e in st.get("sdk", [])[:1] + st.get("docs", []):
        documented.update(e["words"])
    for word in sorted(documented - set(seen)):
        problems.append("%s.status.proposal: documented word %r left unclassified" % (r["name"], word))


def check_sdk_ops(srcs, r, problems):
    for i, op in enumerate(r.get("sdk_ops", [])):
        where = "%s.sdk_ops[%d]" % (r["name"], i)
        text = srcs.text(op["src"], op["path"])
        m = re.search(r"func GenReqDefFor%s\(\) \*def\.HttpRequestDef \{\s*reqDefBuilder := def\.NewHttpRequestDefBuilder\(\)\.\s*"
                      r"WithMethod\(http\.Method(\w+)\)\.\s*WithPath\(\"([^\"]+)\"\)" % op["op"], text)
        if not m:
            problems.append("%s: GenReqDefFor%s not found in %s" % (where, op["op"], op["path"]))
        elif (m.group(1).upper(), m.group(2)) != (op["method"], op["request_path"]):
            problems.append("%s: recorded %s %s, SDK says %s %s" % (
                where, op["method"], op["request_path"], m.group(1).upper(), m.group(2)))


# ---------------------------------------------------------------- main

def dumps(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def rows_dumps(obj, ind=""):
    """JSON with every list of objects written one object per line (callsites.json)."""
    one = lambda v: json.dumps(v, ensure_ascii=False)
    if isinstance(obj, dict):
        items = ["%s %s: %s" % (ind, one(k), rows_dumps(v, ind + " ")) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + ind + "}"
    if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
        return "[\n" + ",\n".join(ind + "  " + one(v) for v in obj) + "\n" + ind + "]"
    return one(obj)


def compact_dumps(obj):
    """terraform_waits.json: one site per line keeps the file readable and diffs small."""
    head = {k: v for k, v in obj.items() if k not in ("huaweicloud", "opentelekomcloud")}
    parts = ["{"]
    for k, v in head.items():
        parts.append(" %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
    provs = [k for k in ("huaweicloud", "opentelekomcloud") if k in obj]
    for pi, p in enumerate(provs):
        v = obj[p]
        parts.append(" %s: {" % json.dumps(p))
        parts.append("  \"repo\": %s," % json.dumps(v["repo"]))
        parts.append("  \"commit\": %s," % json.dumps(v["commit"]))
        parts.append("  \"sites\": [")
        rows = [json.dumps(s, ensure_ascii=False) for s in v["sites"]]
        parts.append(",\n".join("   " + row for row in rows))
        parts.append("  ]")
        parts.append(" }" + ("," if pi < len(provs) - 1 else ""))
    parts.append("}")
    return "\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirrors", default=os.environ.get("JOBWAIT_MIRRORS", "/work/.mirror"))
    ap.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    args = ap.parse_args()

    with open(RESOURCES, encoding="utf-8") as f:
        data = json.load(f)
    srcs = Sources(data["sources"], args.mirrors)
    resources = data["resources"]
    problems = []

    # 1. generated files
    all_sites = collections.OrderedDict((p, provider_sites(srcs, p)) for p in PROVIDERS)
    covered = sorted({w["path"] for r in resources for w in r["status"].get("terraform", []) if w["src"] == "hw-tf"})
    files = {
        "callsites.json": rows_dumps(gen_callsites(srcs, all_sites, covered)) + "\n",
        "terraform_waits.json": compact_dumps(gen_terraform_waits(srcs, all_sites)),
        "examples/SOURCES.md": gen_sources_md(srcs, resources),
    }
    for r in resources:
        for ex in r.get("examples", []):
            try:
                text, orig = cut_example(srcs, ex)
            except ValueError as e:
                problems.append("%s: %s" % (r["name"], e))
                continue
            files[ex["file"]] = text
            if orig is not None:
                files[ex["file"][:-len(".json")] + ".orig.txt"] = orig

    # 2. checks of the hand-written facts
    for r in resources:
        for where, cite in walk_cites(r, r["name"]):
            check_cite(srcs, cite, where, problems)
        check_terraform(srcs, r, problems)
        check_words(srcs, r, problems)
        check_sdk_ops(srcs, r, problems)
        check_proposal(r, problems)

    # 3. compare / write
    committed_examples = set()
    exdir = os.path.join(HERE, "examples")
    for root, _, names in os.walk(exdir):
        for n in names:
            committed_examples.add(os.path.relpath(os.path.join(root, n), HERE))
    for rel in sorted(committed_examples - set(files)):
        problems.append("stale file not produced by extract.py: " + rel)
    for rel, text in sorted(files.items()):
        path = os.path.join(HERE, rel)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old == text:
            continue
        if args.check:
            problems.append("differs from what extract.py makes: " + rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote " + rel)

    for p in problems:
        print("PROBLEM: " + p, file=sys.stderr)
    n_cites = sum(1 for r in resources for _ in walk_cites(r, ""))
    print("%d resources, %d citations, %d generated files, %d problems" % (
        len(resources), n_cites, len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
