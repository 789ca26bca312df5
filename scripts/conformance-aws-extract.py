#!/usr/bin/env python3
"""Copies the AWS recordings the conformance suite runs from a LocalStack checkout.

Reads workflows/src/test/resources/conformance/aws/cases.json (the hand-written selection),
and for the LocalStack commit it names writes, under that folder's localstack/:
  - each template the cases use, byte for byte;
  - each snapshot file the cases come from, trimmed to the selected test ids and, in every
    GetExecutionHistory recording, to the ExecutionStarted event and the terminal event.
  - LocalStack's LICENSE.txt (Apache-2.0);
and rewrites the generated parts of README.md there (source files, cases, exclusions).
Usage: scripts/conformance-aws-extract.py GIT_DIR   (a clone or mirror of localstack/localstack)
It fails when a selected recording is missing, and lists the recorded test ids of the snapshot
files used that are neither selected nor excluded.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "workflows", "src", "test", "resources", "conformance", "aws")
TERMINAL = {"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"}


def show(git_dir, commit, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def trim(recording):
    if isinstance(recording, dict) and "events" in recording:
        events = recording["events"]
        kept = [events[0]] + ([events[-1]] if events[-1]["type"] in TERMINAL else [])
        return {"events": kept}
    return recording


def generated(readme, name, lines):
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    head, rest = readme.split(begin)
    _, tail = rest.split(end)
    return head + begin + "\n" + "\n".join(lines) + "\n" + end + tail


def readme_sections(manifest, snapshots):
    sources = ["| file | used for |", "|---|---|"]
    for path in sorted(snapshots):
        sources.append(f"| `{path}` | recordings (trimmed) of {len(snapshots[path])} selected test(s) |")
        sources.append(f"| `{path.replace('.snapshot.json', '.py')}` | test code: how each definition and input "
                       f"was built, transcribed into cases.json (not copied) |")
    for template in sorted({c["template"] for c in manifest["cases"] if "template" in c}):
        sources.append(f"| `{template}` | state machine template (verbatim) |")
    sources.append("| `LICENSE.txt` | the Apache License 2.0 LocalStack is distributed under (verbatim) |")
    by_reason = {}
    for e in manifest["excluded"]:
        by_reason.setdefault(e["reason"], []).append(e["test"].split("/v2/")[-1])
    exclusions = []
    for reason in sorted(by_reason):
        tests = sorted(by_reason[reason])
        exclusions.append(f"- **{reason}** ({len(tests)}): " + ", ".join(f"`{t}`" for t in tests))
    return sources, exclusions


def main():
    git_dir = sys.argv[1]
    manifest = json.load(open(os.path.join(ROOT, "cases.json")))
    commit = manifest["source"]["commit"]
    snapshots = {}
    for case in manifest["cases"]:
        snapshots.setdefault(case["test"].split("::")[0].replace(".py", ".snapshot.json"), []).append(case)
        if "template" in case:
            target = os.path.join(ROOT, "localstack", case["template"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(show(git_dir, commit, case["template"]))
    excluded = {e["test"] for e in manifest["excluded"]}
    for path, cases in sorted(snapshots.items()):
        recorded = json.loads(show(git_dir, commit, path))
        trimmed = {}
        for case in cases:
            entry = recorded[case["test"]]  # KeyError: the selected recording is not there
            trimmed[case["test"]] = {
                "recorded-date": entry["recorded-date"],
                "recorded-content": {k: trim(v) for k, v in entry["recorded-content"].items()},
            }
        for test_id in recorded:
            if test_id not in trimmed and test_id not in excluded:
                print("neither selected nor excluded:", test_id)
        target = os.path.join(ROOT, "localstack", path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as f:
            json.dump(trimmed, f, indent=2, ensure_ascii=False)
            f.write("\n")
    with open(os.path.join(ROOT, "localstack", "LICENSE.txt"), "wb") as f:
        f.write(show(git_dir, commit, "LICENSE.txt"))
    readme_path = os.path.join(ROOT, "README.md")
    readme = open(readme_path).read()
    sources, exclusions = readme_sections(manifest, snapshots)
    readme = generated(readme, "sources", sources)
    readme = generated(readme, "exclusions", exclusions)
    with open(readme_path, "w") as f:
        f.write(readme)


if __name__ == "__main__":
    main()
