"""``parkgis history``, ``parkgis restore`` and ``parkgis recover``: a feature's versions from the
project's audit, restoring one as a new audited change, and the journals of crashed edit sessions.

    parkgis history PROJECT [--layer L] [--fid F] [--json]
    parkgis restore PROJECT --layer L --fid F --version N [--reason TEXT]
    parkgis recover PROJECT [--list | --apply | --discard] [--include-conflicts]
"""

from __future__ import annotations

import json
import sys

import shapely

from ..core.editing.journal import pending_changes
from ..core.errors import UsageError
from ..core.project import Project
from . import say


def register(sub) -> None:
    h = sub.add_parser("history", help="list the versions of features (the project's audit)",
                       description="List committed changes: who, when, which layer and feature, what changed. "
                                   "With --fid, the versions of one feature, oldest first.")
    h.add_argument("project")
    h.add_argument("--layer", help="only this layer (name)")
    h.add_argument("--fid", type=int, help="only this feature (needs --layer)")
    h.add_argument("--json", action="store_true", help="JSON on stdout")
    h.set_defaults(func=run_history)

    r = sub.add_parser("restore", help="restore an earlier version of a feature as a new, audited change")
    r.add_argument("project")
    r.add_argument("--layer", required=True)
    r.add_argument("--fid", type=int, required=True)
    r.add_argument("--version", type=int, required=True, help="the version number, as `parkgis history` lists it")
    r.add_argument("--reason", help="recorded in the audit")
    r.set_defaults(func=run_restore)

    c = sub.add_parser("recover", help="list, apply or discard the edits of crashed sessions",
                       description="Edits are journalled beside the project until committed. After a crash, "
                                   "--list shows them, --apply commits the ones whose features nobody changed "
                                   "since, --discard deletes the journals.")
    c.add_argument("project")
    mode = c.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list pending changes (the default)")
    mode.add_argument("--apply", action="store_true", help="commit the pending changes")
    mode.add_argument("--discard", action="store_true", help="delete the journals")
    c.add_argument("--include-conflicts", action="store_true",
                   help="with --apply: also overwrite features changed in the file since the crash")
    c.set_defaults(func=run_recover)


def _geometry_text(state) -> str | None:
    if state is None or state.geometry is None:
        return None
    return shapely.to_wkt(state.geometry, rounding_precision=3)


def run_history(args) -> int:
    project = Project.open(args.project)
    register_table = _register_table(args.layer)
    if args.fid is not None:
        if not args.layer:
            raise UsageError("--fid needs --layer")
        if register_table is not None:   # a row of the 标准地 register (an attribute table, no geometry)
            from ..core.parcels.figures import FIGURES_TABLE
            from ..core.parcels.register import REGISTER_TABLES
            from ..core.store.geopackage import GeoPackageStore

            store = GeoPackageStore(project.path, {t: t for t in (*REGISTER_TABLES, FIGURES_TABLE)})
            try:
                entries = store.history(register_table, args.fid)
            finally:
                store.close()
        else:
            entries = project.history(args.layer, args.fid)
        if args.json:
            json.dump([{"version": e.version, "at": e.at, "user": e.user, "operation": e.operation,
                        "deleted": e.state is None, "session": e.session_id, "reason": e.reason,
                        "attributes": None if e.state is None else {k: _plain(v) for k, v in e.state.attributes.items()},
                        "geometry": _geometry_text(e.state)} for e in entries],
                      sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
            print()
        else:
            for e in entries:
                state = "deleted" if e.state is None else f"area {e.state.geometry.area:.1f} m²" \
                    if e.state.geometry is not None else "no geometry"
                print(f"{e.version}\t{e.at or '-'}\t{e.user or '-'}\t{e.operation}\t{state}\t{e.reason or ''}")
        return 0
    layer_id = register_table or (project.layer(args.layer).id if args.layer else None)
    rows = [r for r in project.store.audit_rows(layer_id) if r.get("fid") is not None]
    if args.json:
        json.dump([{"id": r["id"], "at": r["at"], "user": r["user"], "operation": r["action"], "layer": r["layer"],
                    "fid": r["fid"], "version": r["version"], "session": r["session_id"], "reason": r["reason"],
                    "changed": json.loads(r["detail"] or "{}").get("changed")} for r in rows],
                  sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        print()
    else:
        for r in rows:
            changed = json.loads(r["detail"] or "{}").get("changed")
            print(f"{r['at']}\t{r['user']}\t{r['layer']}\t{r['fid']}\t{r['action']}"
                  + (f"\t{', '.join(changed)}" if changed else "") + (f"\t{r['reason']}" if r["reason"] else ""))
    return 0


def _register_table(name: str | None) -> str | None:
    """The register table ``--layer`` names (``parkgis_parcels`` or its label 标准地台账, and the events')."""
    from ..core.parcels.figures import FIGURES_LABEL, FIGURES_TABLE
    from ..core.parcels.register import TABLE_LABELS

    labels = {**TABLE_LABELS, FIGURES_TABLE: FIGURES_LABEL}     # and the 台账's annual figures
    if name in labels:
        return name
    return next((table for table, label in labels.items() if label == name), None)


def _plain(value):
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float) and value != value:
        return None
    return value


def run_restore(args) -> int:
    project = Project.open(args.project)
    project.restore(args.layer, args.fid, args.version, reason=args.reason)
    print(f"{args.project}: feature {args.fid} of layer {args.layer} restored to version {args.version}",
          file=sys.stderr)
    return 0


def run_recover(args) -> int:
    project = Project.open(args.project)
    pending = project.recoverable()
    if args.discard:
        removed = project.discard_recovery()
        print(f"{project.location}: {len(removed)} journal(s) discarded", file=sys.stderr)
        return 0
    if not args.apply:
        if not pending:
            print(f"{project.location}: no edits to recover", file=sys.stderr)
        for started, user, layer, fid, what in pending_changes(pending):
            print(f"{started or '-'}\t{user or '-'}\t{layer}\t{fid}\t{what}")
        return 0
    outcome = project.recover(apply_conflicts=args.include_conflicts)
    for name, fids in outcome["conflicts"].items():
        say("recover", "warning", f"layer {name}: feature(s) {', '.join(map(str, fids))} were changed in the file "
                                  "since the crash and were not applied (--include-conflicts overwrites them)")
    for session in list(project.sessions.values()):
        session.commit(reason="recovered after a crash", operation=None)
    applied = sum(len(f) for f in outcome["applied"].values())
    print(f"{project.location}: {applied} change(s) recovered and committed", file=sys.stderr)
    return 0
