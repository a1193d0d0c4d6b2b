#!/usr/bin/env python3
"""Answer revision-graph questions about an Alembic project with real Alembic.

Run with the reference venv's python:

    .venv/bin/python tests/oracle/graph_oracle.py PROJECT_DIR < queries.json

PROJECT_DIR holds alembic.ini.  stdin is a JSON list of queries; stdout is one
JSON object:

    {"alembic_version": "1.20.1",
     "load_warnings": ["..."],          # warnings while building the map
     "answers": [ {...}, ... ]}         # one per query, same order

Queries (every answer echoes its query under "query"):

  {"op": "graph"}
      -> {"map_order": [ids in revision-map order (file order)],
          "heads": [...], "real_heads": [...], "bases": [...], "real_bases": [...],
          "labels": {label: declaring revision id},
          "revisions": [{"id", "down_revisions", "dependencies",
                         "resolved_dependencies", "normalized_dependencies" (sorted),
                         "nextrev" (sorted), "all_nextrev" (sorted),
                         "branch_labels" (sorted), "is_head", "is_real_head",
                         "is_base", "is_real_base", "is_branch_point",
                         "is_merge_point", "doc", "longdoc", "path"}, ...]}
  {"op": "resolve", "target": "T"}
      ScriptDirectory.get_revisions(T), what `alembic show T` prints.
      -> {"ids": sorted ids, "order": ids in Alembic's order}
         (an entry is null when Alembic yields None, "base" when it yields the
         string "base"; `alembic show` crashes on both)
  {"op": "upgrade", "target": "T", "current": ["id", ...]}
  {"op": "downgrade", "target": "T", "current": ["id", ...]}
      ScriptDirectory._upgrade_revs(T, current) / _downgrade_revs(T, current),
      what `alembic upgrade T` / `downgrade T` runs when the version table holds
      `current`.
      -> {"steps": [str(step), ...],            # e.g. "upgrade a, b -> c, msg"
          "variants": [[str(step), ...], ...]}  # every order Alembic can produce
  {"op": "history", "range": "X:Y" | null}
      The revisions `alembic history [-r X:Y]` lists, in order.
      -> {"ids": [...], "variants": [[...], ...]}

Failures, in place of the result keys:
  {"error": "message"}        a CommandError: the CLI prints "FAILED: message" on
                              stdout and exits 255
  {"exception": "Type: msg"}  anything else: the CLI prints a traceback, exit 1
  {"unsupported": "why"}      the oracle does not answer this (needs a database)
Any answer may also carry "warnings": ["..."] (Python warnings it raised).

Order variants: Alembic keeps each revision's dependencies that are not implied
by its ancestors in a Python set (RevisionMap._normalize_depends_on, stored as
Revision._normalized_resolved_dependencies) and the topological walk
(RevisionMap._topological_sort, via _normalized_down_revisions) visits them in
that set's iteration order, which changes with PYTHONHASHSEED.  "variants"
re-runs the same Alembic call under every permutation of those tuples, so it
lists every order real Alembic can print; "steps" / "ids" is the order this
process happened to produce.
"""

import itertools
import json
import os
import sys
import warnings

MAX_VARIANT_COMBINATIONS = 720


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: graph_oracle.py PROJECT_DIR < queries.json\n")
        sys.exit(2)
    project = os.path.abspath(sys.argv[1])
    queries = json.load(sys.stdin)

    import alembic
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    out = {"alembic_version": alembic.__version__, "load_warnings": [], "answers": []}
    load_failure = None
    script = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cfg = Config(os.path.join(project, "alembic.ini"))
            script = ScriptDirectory.from_config(cfg)
            script.revision_map.heads  # build the map now
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            load_failure = failure(exc)
    out["load_warnings"] = [str(w.message) for w in caught]

    for q in queries:
        if load_failure is not None:
            ans = dict(load_failure)
        else:
            ans = answer(script, q)
        ans["query"] = q
        out["answers"].append(ans)

    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def failure(exc):
    from alembic.util import CommandError

    if isinstance(exc, CommandError):
        return {"error": str(exc.args[0]) if exc.args else str(exc)}
    return {"exception": "%s: %s" % (type(exc).__name__, exc)}


def answer(script, q):
    op = q.get("op")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if op == "graph":
                ans = graph(script)
            elif op == "resolve":
                ans = resolve(script, q["target"])
            elif op in ("upgrade", "downgrade"):
                ans = plan(script, op, q["target"], q.get("current") or [])
            elif op == "history":
                ans = history(script, q.get("range"))
            else:
                ans = {"unsupported": "unknown op %r" % (op,)}
        except Exception as exc:  # noqa: BLE001
            ans = failure(exc)
    if caught:
        msgs = []
        for w in caught:  # variants repeat the same warnings
            if str(w.message) not in msgs:
                msgs.append(str(w.message))
        ans["warnings"] = msgs
    return ans


def rev_id(r):
    if r is None:
        return None
    if isinstance(r, str):
        return r  # Alembic's _walk can hand back the string "base"
    return r.revision


def graph(script):
    rmap = script.revision_map
    revs = [r for r in rmap._revision_map.values() if r is not None]
    seen = set()
    unique = []
    for r in revs:  # branch labels are keys too: keep each revision once
        if id(r) not in seen:
            seen.add(id(r))
            unique.append(r)
    labels = {}
    for r in unique:
        for label in r._orig_branch_labels:
            labels[label] = r.revision
    return {
        "map_order": [r.revision for r in unique],
        "heads": list(rmap.heads),
        "real_heads": list(rmap._real_heads),
        "bases": list(rmap.bases),
        "real_bases": list(rmap._real_bases),
        "labels": labels,
        "revisions": [
            {
                "id": r.revision,
                "down_revisions": list(r._versioned_down_revisions),
                "dependencies": list(_tuple(r.dependencies)),
                "resolved_dependencies": list(r._resolved_dependencies),
                "normalized_dependencies": sorted(r._normalized_resolved_dependencies),
                "nextrev": sorted(r.nextrev),
                "all_nextrev": sorted(r._all_nextrev),
                "branch_labels": sorted(r.branch_labels),
                "is_head": r.is_head,
                "is_real_head": r._is_real_head,
                "is_base": r.is_base,
                "is_real_base": r._is_real_base,
                "is_branch_point": r.is_branch_point,
                "is_merge_point": r.is_merge_point,
                "doc": r.doc,
                "longdoc": r.longdoc,
                "path": r.path,
            }
            for r in unique
        ],
    }


def _tuple(x):
    if x is None:
        return ()
    if isinstance(x, str):
        return (x,)
    return tuple(x)


def resolve(script, target):
    found = [rev_id(r) for r in script.get_revisions(target)]
    return {"ids": sorted(found, key=lambda x: (x is None, x or "")), "order": found}


def plan(script, op, target, current):
    current = tuple(current)

    def run():
        if op == "upgrade":
            steps = script._upgrade_revs(target, current)
        else:
            steps = script._downgrade_revs(target, current)
        return [str(s) for s in steps]

    steps, variants = with_variants(script, run)
    return {"steps": steps, "variants": variants}


def history(script, rev_range):
    if rev_range is None:
        base = head = None
    else:
        from alembic.util import CommandError

        if ":" not in rev_range:
            raise CommandError("History range requires [start]:[end], [start]:, or :[end]")
        base, head = rev_range.strip().split(":")
    if base == "current" or head == "current":
        return {"unsupported": "'current' needs a database"}

    def run():
        return [r.revision for r in script.walk_revisions(base=base or "base", head=head or "heads")]

    ids, variants = with_variants(script, run)
    return {"ids": ids, "variants": variants}


def with_variants(script, run):
    """Run `run` as is, then under every ordering of the set-ordered
    normalized dependencies; return (first result, sorted unique results)."""
    first = run()
    rmap = script.revision_map
    multi = []
    seen = set()
    for r in rmap._revision_map.values():
        if r is None or id(r) in seen:
            continue
        seen.add(id(r))
        if len(r._normalized_resolved_dependencies) > 1:
            multi.append(r)
    if not multi:
        return first, [first]
    perms = [list(itertools.permutations(r._normalized_resolved_dependencies)) for r in multi]
    total = 1
    for p in perms:
        total *= len(p)
    if total > MAX_VARIANT_COMBINATIONS:
        raise RuntimeError("too many dependency orderings to enumerate (%d)" % total)
    saved = [r._normalized_resolved_dependencies for r in multi]
    results = []
    try:
        for combo in itertools.product(*perms):
            for r, order in zip(multi, combo):
                r._normalized_resolved_dependencies = tuple(order)
            res = run()
            if res not in results:
                results.append(res)
    finally:
        for r, order in zip(multi, saved):
            r._normalized_resolved_dependencies = order
    results.sort()
    return first, results


if __name__ == "__main__":
    main()
