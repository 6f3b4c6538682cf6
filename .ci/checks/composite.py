"""Runs a composite action's steps the way the GitHub runner does, for .ci/checks/action.sh.

Only what action.yml needs: `shell: bash` run steps with `env:` and `id:`, expressions
that name context values (`inputs.x`, `github.action_ref`, `steps.id.outputs.x`) or join
them with `||`, a GITHUB_OUTPUT file per step, and the action's `outputs:` at the end
(also after a failed step, as the runner does). Anything else is refused, so the check can
never pass by quietly ignoring a part of action.yml it does not understand. It also
refuses `${{ }}` inside a `run:` script, where the runner would splice text into code.

    python composite.py action.yml OUT_DIR [--input NAME=VALUE ...] [--cancel-after SECONDS]

--cancel-after sends SIGINT to the last step that long after it started, as the runner
does when a run is cancelled.

Steps run with the caller's environment plus what the runner adds; OUT_DIR receives
result.json ({"exit_code", "outputs", "failed_step"}) and each step's stdout and stderr.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
CONTEXT_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")
STEP_KEYS = {"name", "id", "shell", "env", "run"}


def fail(message):
    sys.exit(f"composite.py: {message}")


def lookup(path, contexts):
    value = contexts
    for part in path.split("."):
        if not isinstance(value, dict):
            return ""
        value = value.get(part, "")
    return value if isinstance(value, str) else ""


def evaluate(expr, contexts):
    """`a.b` or `a.b || c.d`: the first non-empty operand, as the runner's || does."""
    for operand in (o.strip() for o in expr.split("||")):
        if not CONTEXT_PATH.match(operand):
            fail(f"unsupported expression operand {operand!r}")
        value = lookup(operand, contexts)
        if value:
            return value
    return ""


def substitute(text, contexts):
    return EXPRESSION.sub(lambda m: evaluate(m.group(1), contexts), str(text))


def parse_github_output(path):
    """name=value lines and name<<DELIMITER blocks, as the runner reads them."""
    outputs = {}
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            if i == len(lines):
                fail(f"{path}: no closing delimiter {delimiter!r} for {name}")
            i += 1
            outputs[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        else:
            fail(f"{path}: malformed line {line!r}")
    return outputs


def run_step(index, step, contexts, out_dir, cancel_after):
    unknown = set(step) - STEP_KEYS
    if unknown:
        fail(f"step {index}: unsupported keys {sorted(unknown)}")
    if step.get("shell") != "bash":
        fail(f"step {index}: only `shell: bash` is supported (and works on every runner)")
    script = str(step["run"])
    if "${{" in script:
        fail(f"step {index}: `${{{{ }}}}` inside run: pass values through env instead")
    step_id = step.get("id", f"__{index}")
    output_file = out_dir / f"{step_id}.github_output"
    output_file.write_text("")
    env = dict(os.environ)
    env.update(
        {
            "GITHUB_ACTION_PATH": contexts["github"]["action_path"],
            "GITHUB_OUTPUT": str(output_file),
        }
    )
    for name, value in (step.get("env") or {}).items():
        env[str(name)] = substitute(value, contexts)
    script_file = out_dir / f"{step_id}.sh"
    script_file.write_text(script + "\n")
    with open(out_dir / f"{step_id}.stdout", "wb") as stdout, open(
        out_dir / f"{step_id}.stderr", "wb"
    ) as stderr:
        # The runner's template for `shell: bash`.
        process = subprocess.Popen(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
        if cancel_after is not None:
            # A cancelled run: the runner sends SIGINT to the running step's process.
            time.sleep(cancel_after)
            process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            fail(f"step {step_id} did not finish within 300 s")
    contexts["steps"][step_id] = {"outputs": parse_github_output(output_file)}
    return step_id, code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--cancel-after", type=float)
    args = parser.parse_args()

    action = YAML(typ="safe").load(args.action.read_text(encoding="utf-8"))
    if action["runs"]["using"] != "composite":
        fail("not a composite action")
    declared = action.get("inputs") or {}
    inputs = {name: str((spec or {}).get("default", "")) for name, spec in declared.items()}
    for item in args.input:
        name, _, value = item.partition("=")
        if name not in declared:
            fail(f"input {name!r} is not declared in {args.action}")
        inputs[name] = value
    contexts = {
        "inputs": inputs,
        "github": {
            "action_path": str(args.action.resolve().parent),
            "action_ref": os.environ.get("SIMULATED_ACTION_REF", ""),
            "action_repository": os.environ.get("SIMULATED_ACTION_REPOSITORY", ""),
        },
        "steps": {},
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    exit_code, failed_step = 0, None
    steps = action["runs"]["steps"]
    for index, step in enumerate(steps):
        cancel_after = args.cancel_after if index == len(steps) - 1 else None
        step_id, code = run_step(index, step, contexts, args.out_dir, cancel_after)
        if code != 0:
            exit_code, failed_step = code, step_id
            break
    outputs = {
        name: substitute(spec.get("value", ""), contexts)
        for name, spec in (action.get("outputs") or {}).items()
    }
    result = {"exit_code": exit_code, "failed_step": failed_step, "outputs": outputs}
    (args.out_dir / "result.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
