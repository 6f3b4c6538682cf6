"""Reading the providers' sources: git checkouts of the fetched mirrors, the Go SDK's
models, and the status words OTC's documentation pages list (used by extract.py)."""

import json
import os
import re
import subprocess
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
