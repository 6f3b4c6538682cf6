"""The packaging files held to each other, for .ci/checks/packaging.sh.

  component-spec FILE          the component's spec: what GitLab's schema leaves open
  render FILE OUT [NAME=VALUE]  the component's job as GitLab interpolates it (defaults
                               for the inputs not given), as YAML in OUT
  run JOB                      a rendered job run as GitLab's runner runs it: this
                               process's environment as the pipeline's variables, the
                               job's variables over them ($VAR expanded), its script by
                               sh -e; exits with the script's code
  readme-component OUT         the README's component block as GitLab makes it: the
                               component rendered with the block's inputs and the
                               block's own job keys merged in, as YAML in OUT
  binstall                     Cargo.toml's binstall metadata against release.yml
  versions                     every pinned jobwait version in the README and the
                               templates is Cargo.toml's
  probes                       each check above catches a file that breaks its rule

Each prints its problems on stderr and exits 1 if there are any.
"""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from ruamel.yaml import YAML

INPUT_KEYS = {"description", "default", "options", "type", "regex"}
INTERPOLATION = re.compile(r"\$\[\[\s*inputs\.([a-z0-9_-]+)\s*\]\]")


def load_component(text):
    docs = list(YAML(typ="safe").load_all(text))
    if len(docs) != 2:
        raise SystemExit(f"the component has {len(docs)} YAML documents, not a spec and a job")
    return docs


def component_spec_problems(text):
    spec, _ = load_component(text)
    problems = []
    if set(spec) != {"spec"} or set(spec["spec"]) != {"inputs"}:
        problems.append(f"the header holds {sorted(spec)}: only spec: inputs:")
        return problems
    for name, item in spec["spec"]["inputs"].items():
        item = item or {}
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            problems.append(f"input {name}: not snake_case like the Action's")
        extra = set(item) - INPUT_KEYS
        if extra:
            problems.append(f"input {name}: unknown keys {sorted(extra)}")
        if not str(item.get("description", "")).strip():
            problems.append(f"input {name}: no description")
        if item.get("type", "string") != "string":
            problems.append(f"input {name}: type {item['type']}; strings only (empty means unset)")
        if "options" in item and item.get("default") not in item["options"]:
            problems.append(f"input {name}: default {item.get('default')!r} is not among its options")
    used = set(INTERPOLATION.findall(text.split("\n---\n", 1)[1]))
    for name in sorted(set(spec["spec"]["inputs"]) - used):
        problems.append(f"input {name} is never used")
    for name in sorted(used - set(spec["spec"]["inputs"])):
        problems.append(f"$[[ inputs.{name} ]] names no input")
    return problems


def render(text, given):
    """The job document as GitLab makes it: each $[[ inputs.NAME ]] replaced by its value."""
    spec, _ = load_component(text)
    inputs = spec["spec"]["inputs"]
    values = {}
    for name, item in inputs.items():
        if name in given:
            values[name] = given[name]
        elif "default" in (item or {}):
            values[name] = str(item["default"])
        else:
            raise SystemExit(f"input {name} is required and was not given")
    unknown = set(given) - set(inputs)
    if unknown:
        raise SystemExit(f"no such inputs: {sorted(unknown)}")
    job_text = text.split("\n---\n", 1)[1]
    # Every interpolation sits in a double-quoted scalar: escape for one.
    escape = lambda v: v.replace("\\", "\\\\").replace('"', '\\"')
    return INTERPOLATION.sub(lambda m: escape(values[m.group(1)]), job_text)


def merge(base, override):
    """GitLab's merge of an included job with a job of the same name: hashes deeply."""
    out = dict(base)
    for key, value in override.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def readme_component(root):
    text = (root / "README.md").read_text()
    recipes = text[text.index("<!-- ci-recipes:start -->"):text.index("<!-- ci-recipes:end -->")]
    blocks = [b for lang, b in re.findall(r"```(\w+)\n(.*?)```", recipes, re.S)
              if lang == "yaml" and "\ninclude:" in "\n" + b]
    if len(blocks) != 1:
        raise SystemExit(f"expected one GitLab block with include: in the README, found {len(blocks)}")
    pipeline = YAML(typ="safe").load(blocks[0])
    (include,) = pipeline.pop("include")
    if not include.get("remote", "").endswith("/templates/jobwait.yml"):
        raise SystemExit(f"the README includes {include}, not templates/jobwait.yml")
    component = (root / "templates/jobwait.yml").read_text()
    given = {k: str(v) for k, v in (include.get("inputs") or {}).items()}
    jobs = YAML(typ="safe").load(render(component, given))
    for name, job in pipeline.items():
        if name not in jobs:
            raise SystemExit(f"the README's block defines {name}, which is not the component's job {sorted(jobs)}")
        jobs[name] = merge(jobs[name], job)
    return jobs


def run_job(job_text):
    (job,) = YAML(typ="safe").load(job_text).values()
    env = dict(os.environ)
    expand = lambda v: re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda m: env.get(m.group(1) or m.group(2), ""), v)
    for key, value in (job.get("variables") or {}).items():
        env[key] = expand(str(value))
    env.update(CI="true", GITLAB_CI="true")
    script = "\n".join(job["script"])
    return subprocess.run(["sh", "-e", "-c", script], env=env, stdin=subprocess.DEVNULL).returncode


def binstall_problems(cargo, release_text):
    release = YAML(typ="safe").load(release_text)
    package = cargo["package"]
    meta = package.get("metadata", {}).get("binstall")
    if not meta:
        return ["Cargo.toml has no [package.metadata.binstall]"]
    problems = []
    repo = package.get("repository", "")
    if not repo.startswith("https://github.com/"):
        problems.append(f"repository {repo!r} is not a GitHub repository, whose releases binstall reads")
    targets = [m["target"] for m in release["jobs"]["build"]["strategy"]["matrix"]["include"]]
    suffixes = {"tgz": ".tar.gz", "tar.gz": ".tar.gz", "zip": ".zip"}
    version = package["version"]
    for target in targets:
        windows = "-windows-" in target
        settings = {**meta, **meta.get("overrides", {}).get(target, {})}
        fmt = settings.get("pkg-fmt", "tgz")
        values = {
            "repo": repo,
            "name": package["name"],
            "version": version,
            "target": target,
            "archive-suffix": suffixes.get(fmt, f"<unknown format {fmt}>"),
            "archive-format": fmt,
            "bin": "jobwait",
            "binary-ext": ".exe" if windows else "",
        }
        expand = lambda t: re.sub(r"\{\s*([a-z-]+)\s*\}", lambda m: values.get(m.group(1), m.group(0)), t)
        # The names release.yml's Package step gives, and what each archive holds at its root.
        archive = f"jobwait-{version}-{target}{'.zip' if windows else '.tar.gz'}"
        want_url = f"{repo}/releases/download/v{version}/{archive}"
        got_url = expand(settings.get("pkg-url", ""))
        if got_url != want_url:
            problems.append(f"{target}: binstall downloads {got_url}, release.yml publishes {want_url}")
        want_bin = "jobwait.exe" if windows else "jobwait"
        got_bin = expand(settings.get("bin-dir", ""))
        if got_bin != want_bin:
            problems.append(f"{target}: binstall looks for {got_bin} in the archive, which holds {want_bin}")
    for target in meta.get("overrides", {}):
        if target not in targets:
            problems.append(f"binstall override for {target}, which release.yml does not build")
    # The Package step's own spelling of those names.
    for pattern in ('"dist/jobwait-$version-$TARGET.tar.gz" -C "$pkg" jobwait ',
                    '/dist/jobwait-$version-$TARGET.zip" jobwait.exe '):
        if pattern not in release_text:
            problems.append(f"release.yml no longer packages {pattern.strip()}")
    return problems


# Where a document pins a jobwait version: each pattern's group 1 is the version.
PINS = [
    r"OWNER/jobwait@v(\d+\.\d+\.\d+\S*)",                  # uses: OWNER/jobwait@vX.Y.Z
    r"jobwait:(\d+\.\d+\.\d+[^\s\"'@]*?)(?:-shell)?(?=[\s\"'@]|$)",  # image tags
    r"JOBWAIT_VERSION:\s*\"?(\d+\.\d+\.\d+[^\s\"]*)",        # the GitLab recipe's download
    r"jobwait/[\w-]+@(\d+\.\d+\.\d+\S*)",                   # include: component: …@X.Y.Z
    r"releases/download/v(\d+\.\d+\.\d+[^/\s]*)",
    r"^\s+version:\s*\"?v?(\d+\.\d+\.\d+[^\s\"]*)",         # the Action's version input
    r"cargo (?:binstall|install)[^\n]*jobwait@(\d+\.\d+\.\d+\S*)",
    r"OWNER/jobwait/v(\d+\.\d+\.\d+[^/\s]*)/templates/",     # include: remote: …/vX.Y.Z/…
]
# A moving Action tag (@v1, @v1.2) must name a release line the version belongs to.
MOVING = r"OWNER/jobwait@v(\d+(?:\.\d+)?)(?=[\s\"']|$)"


def fenced(markdown):
    """The README's code blocks: what people copy."""
    return "\n".join(re.findall(r"^```[^\n]*\n(.*?)^```", markdown, re.S | re.M))


def version_problems(version, documents):
    problems = []
    for where, text in documents.items():
        pinned = 0
        for pattern in PINS:
            for found in re.finditer(pattern, text, re.M):
                pinned += 1
                if found.group(1) != version:
                    line = text[: found.start()].count("\n") + 1
                    problems.append(f"{where}, line {line} of its code: pins {found.group(1)}, Cargo.toml is {version}")
        for found in re.finditer(MOVING, text, re.M):
            pinned += 1
            if not version.startswith(found.group(1) + "."):
                problems.append(f"{where}: the moving tag @v{found.group(1)} does not cover {version}")
        if pinned == 0:
            problems.append(f"{where} pins no jobwait version at all (expected {version})")
    return problems


def version_documents(root):
    return {
        "README.md's code blocks": fenced((root / "README.md").read_text()),
        "templates/jobwait.yml": (root / "templates/jobwait.yml").read_text(),
    }


def report(problems):
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def probes(root):
    """Each check fails on a file that breaks its rule."""
    missed = []
    component = (root / "templates/jobwait.yml").read_text()
    broken = component.replace('      default: "deploy"\n', '      default: "deploy"\n      options: ["test"]\n      typo: 1\n', 1)
    broken = broken.replace('    INPUT_QUIET: "$[[ inputs.quiet ]]"\n', '    INPUT_QUIET: "$[[ inputs.quite ]]"\n')
    found = "\n".join(component_spec_problems(broken))
    for expected in ["input stage: unknown keys ['typo']", "input stage: default 'deploy' is not among",
                     "input quiet is never used", "$[[ inputs.quite ]] names no input"]:
        if expected not in found:
            missed.append(f"component-spec missed {expected!r}: {found}")
    cargo = tomllib.loads((root / "Cargo.toml").read_text())
    release_text = (root / ".github/workflows/release.yml").read_text()
    cargo["package"]["metadata"]["binstall"]["pkg-url"] = "{ repo }/releases/download/v{ version }/{ name }-{ target }{ archive-suffix }"
    cargo["package"]["metadata"]["binstall"]["overrides"] = {"aarch64-pc-windows-msvc": {"pkg-fmt": "zip"}}
    found = "\n".join(binstall_problems(cargo, release_text))
    for expected in ["x86_64-unknown-linux-musl: binstall downloads", "x86_64-pc-windows-msvc: binstall downloads",
                     "override for aarch64-pc-windows-msvc"]:
        if expected not in found:
            missed.append(f"binstall missed {expected!r}: {found}")
    docs = version_documents(root)
    docs["README.md's code blocks"] += "\nimage: ghcr.io/owner/jobwait:1.2.3-shell\nuses: OWNER/jobwait@v1\n"
    found = "\n".join(version_problems("0.0.0-probe", {"x": "nothing pinned"}) + version_problems(
        tomllib.loads((root / "Cargo.toml").read_text())["package"]["version"], docs))
    for expected in ["x pins no jobwait version", "pins 1.2.3, Cargo.toml is", "the moving tag @v1 does not cover"]:
        if expected not in found:
            missed.append(f"versions missed {expected!r}: {found}")
    return missed


def main():
    root = Path(__file__).resolve().parents[2]
    command, args = sys.argv[1], sys.argv[2:]
    if command == "component-spec":
        return report(component_spec_problems(Path(args[0]).read_text()))
    if command == "render":
        given = dict(a.split("=", 1) for a in args[2:])
        job_text = render(Path(args[0]).read_text(), given)
        Path(args[1]).write_text(job_text)
        return 0
    if command == "run":
        return run_job(Path(args[0]).read_text())
    if command == "readme-component":
        import json
        Path(args[0]).write_text(json.dumps(readme_component(root), indent=2))
        return 0
    if command == "binstall":
        cargo = tomllib.loads((root / "Cargo.toml").read_text())
        return report(binstall_problems(cargo, (root / ".github/workflows/release.yml").read_text()))
    if command == "versions":
        version = tomllib.loads((root / "Cargo.toml").read_text())["package"]["version"]
        return report(version_problems(version, version_documents(root)))
    if command == "probes":
        return report(probes(root))
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main())
