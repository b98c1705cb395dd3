"""``parkgis parcels``: the 标准地 register of a project (stored in its GeoPackage; see
:mod:`parkgis.core.parcels.register`).

    parkgis parcels list PROJECT [--stage S] [--park P] [--json]
    parkgis parcels set PROJECT PARCEL KEY=VALUE ...
    parkgis parcels stage PROJECT PARCEL STAGE --date D [--by NAME] [--note TEXT] [--cause TEXT]
    parkgis parcels correct PROJECT EVENT --reason TEXT [--date D] [--stage S] [--note TEXT] [--by NAME]
    parkgis parcels from-layer PROJECT [--layer NAME]

One top-level command; its sub-subcommands come from the modules of :data:`PARCELS_SUBCOMMAND_MODULES`
(each exposes ``register_parcels(parcels_subparsers)``); a module not there yet is skipped.
Every change is one commit of the register's edit session: audited, all or nothing — a refused
command leaves the project file as it was.
"""

from __future__ import annotations

import importlib
import json
import sys
import unicodedata

from ..core.errors import UsageError
from . import FileArgs, say

#: sub-subcommand → module under parkgis.cli that adds it (``register_parcels``)
PARCELS_SUBCOMMAND_MODULES: dict[str, str] = {
    "list": "parcels", "set": "parcels", "stage": "parcels", "correct": "parcels", "from-layer": "parcels",
    "check": "parcels_check", "import": "parcels_io", "export": "parcels_io",
}


def register(sub) -> None:
    parser = sub.add_parser("parcels", help="the 标准地 register: list, set, stage, check, import, export",
                            description="The project's 标准地 register (parcels offered as standard land): their "
                                        "records, control indicators and lifecycle events, stored in the project.")
    parcels_sub = parser.add_subparsers(dest="parcels_command", metavar="SUBCOMMAND")
    for module_name in dict.fromkeys(PARCELS_SUBCOMMAND_MODULES.values()):
        qualified = f"{__package__}.{module_name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name == qualified:   # that helper's module is not merged yet: its commands are absent
                continue
            raise
        module.register_parcels(parcels_sub)

    def no_subcommand(_args) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=no_subcommand)


def register_parcels(parcels_sub) -> None:
    ls = parcels_sub.add_parser("list", help="list the register's parcels",
                                description="The register's parcels with their stage, areas, dates and events.")
    ls.add_argument("project")
    ls.add_argument("--stage", help="only parcels at this stage (e.g. 开工, 闲置)")
    ls.add_argument("--park", help="only parcels of this park (a part of its name is enough)")
    ls.add_argument("--json", action="store_true", help="JSON on stdout")
    ls.set_defaults(func=run_list, files=FileArgs(reads=["project"]))

    st = parcels_sub.add_parser("set", help="set register fields of a parcel (audited)",
                                description="Set fields of a parcel's register entry, e.g. agreed_start=2026-11-25 "
                                            "land_price_wan=629 developed_share=0.3. An empty value clears the "
                                            "field. All or nothing; one audited change.")
    st.add_argument("project")
    st.add_argument("parcel", help="地块编号")
    st.add_argument("values", nargs="+", metavar="KEY=VALUE")
    st.set_defaults(func=run_set, files=FileArgs(reads=["project"]))

    sg = parcels_sub.add_parser("stage", help="record a lifecycle event of a parcel",
                                description="Record that a parcel reached a lifecycle stage on a date. An illegal "
                                            "transition is refused with the reason.")
    sg.add_argument("project")
    sg.add_argument("parcel", help="地块编号")
    sg.add_argument("stage", help="the stage reached (储备, 前期开发, 区域评估, 挂牌, 成交, 出让合同, 交地, 开工, "
                                  "竣工, 投产, 达产复核, 闲置, 收回)")
    sg.add_argument("--date", required=True, help="2026-11-25, 2026/11/25 or 2026年11月25日")
    sg.add_argument("--by", help="who records it (default: the user name)")
    sg.add_argument("--note", default="", help="a note")
    sg.add_argument("--cause", default="", help="闲置: the cause (e.g. 政府原因, 企业原因)")
    sg.set_defaults(func=run_stage, files=FileArgs(reads=["project"]))

    co = parcels_sub.add_parser("correct", help="correct a wrong lifecycle entry (the old one is kept, superseded)",
                                description="Correct a lifecycle event (its id as parcels list --json shows it): "
                                            "a correcting event replaces it, the wrong one is kept as superseded.")
    co.add_argument("project")
    co.add_argument("event", type=int, help="the event's id")
    co.add_argument("--reason", required=True, help="why it is corrected (recorded in the audit)")
    co.add_argument("--date", help="the right date")
    co.add_argument("--stage", help="the right stage")
    co.add_argument("--note", help="the right note")
    co.add_argument("--by", help="who corrects it (default: the user name)")
    co.set_defaults(func=run_correct, files=FileArgs(reads=["project"]))

    fl = parcels_sub.add_parser("from-layer", help="register the 标准地 of a parcel layer from its attributes",
                                description="Add to the register the features of a parcel layer marked BZD=是, "
                                            "from their own attributes (DKBH, DKMC, YQMC, TZQD, RJL, MJSS, YDKGRQ …); "
                                            "parcels already in the register are left as they are.")
    fl.add_argument("project")
    fl.add_argument("--layer", help="the parcel layer (default: every layer of role 地块)")
    fl.set_defaults(func=run_from_layer, files=FileArgs(reads=["project"]))


# ---------------------------------------------------------------------- helpers

def _open(path: str):
    from ..core.project import Project

    return Project.open(path)


def _date(value) -> str | None:
    return None if value is None else value.isoformat()


def _number(value):
    if value is None:
        return None
    return round(float(value), 6)


def event_json(event) -> dict:
    return {"id": event.id, "stage": event.stage.value, "date": _date(event.date), "by": event.by,
            "note": event.note, "recorded_at": event.recorded_at, "corrects": event.corrects,
            "cause": event.cause, "reason": event.reason,
            "from_stage": None if event.from_stage is None else event.from_stage.value}


def parcel_json(record, areas: dict | None = None) -> dict:
    """The ``parcels list --json`` entry of a record (the contract keys first, then every register field)."""
    from dataclasses import fields

    from ..core.area import SQM_PER_MU
    from ..core.parcels.lifecycle import allowed_next

    area_m2, ellipsoidal = record.area_m2, record.ellipsoidal_area_m2
    if areas is not None and (area_m2 is None or ellipsoidal is None):
        live = areas.get((record.layer_id, record.fid))
        if live is not None:
            area_m2 = live[0] if area_m2 is None else area_m2
            ellipsoidal = live[1] if ellipsoidal is None else ellipsoidal
    out = {
        "id": record.id, "name": record.name, "park": record.park, "stage": record.stage.value,
        "area_m2": _number(area_m2), "ellipsoidal_area_m2": _number(ellipsoidal),
        "area_mu": None if area_m2 is None else round(area_m2 / SQM_PER_MU, 4),
        "agreed_start": _date(record.agreed_start), "actual_start": _date(record.actual_start),
        "land_price_wan": _number(record.land_price_wan),
        "events": [event_json(e) for e in record.current_events()],
        "superseded_events": [event_json(e) for e in record.events if e.superseded],
        "next_stages": [s.value for s in allowed_next(record.stage)],
    }
    for f in fields(record):
        if f.name in out or f.name in ("events", "bounds"):
            continue
        value = getattr(record, f.name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, frozenset):
            value = sorted(value)
        elif hasattr(value, "value") and not isinstance(value, (int, float, str)):
            value = value.value
        out[f.name] = value
    out["bounds"] = {code: {"minimum": b.minimum, "maximum": b.maximum, "text": b.text}
                     for code, b in sorted(record.bounds.items())}
    return out


def _live_areas(project, records) -> dict:
    """(layer id, fid) → (planar, 椭球) m² for linked parcels whose register entry has no area."""
    from ..core.parcels.register import area_fields

    wanted: dict[str, list[int]] = {}
    for record in records:
        if (record.area_m2 is None or record.ellipsoidal_area_m2 is None) and record.layer_id and record.fid is not None:
            wanted.setdefault(record.layer_id, []).append(record.fid)
    out = {}
    for layer_id, fids in wanted.items():
        try:
            found = area_fields(project, layer_id, fids)
        except UsageError:   # the linked layer is gone: no area to show
            continue
        out.update({(layer_id, fid): value for fid, value in found.items()})
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table_text(rows: list[dict]) -> str:
    """A readable Chinese table of ``parcels list`` entries."""
    headers = ["地块编号", "地块名称", "园区", "阶段", "面积（亩）", "约定开工", "实际开工", "成交价（万元）", "最近事件"]
    lines = []
    for row in rows:
        last = row["events"][-1] if row["events"] else None
        lines.append([
            row["id"], row["name"] or "-", row["park"] or "-", row["stage"],
            "-" if row["area_mu"] is None else f"{row['area_mu']:.4f}",
            row["agreed_start"] or "-", row["actual_start"] or "-",
            "-" if row["land_price_wan"] is None else f"{row['land_price_wan']:g}",
            "-" if last is None else f"{last['date']} {last['stage']}" + (f"（{last['by']}）" if last["by"] else ""),
        ])
    widths = [max([_width(h)] + [_width(r[k]) for r in lines]) for k, h in enumerate(headers)]
    out = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in lines]
    out.append(f"共 {len(rows)} 个标准地")
    return "\n".join(out)


# ---------------------------------------------------------------------- commands

def run_list(args) -> int:
    from ..core.parcels.lifecycle import require_stage
    from ..core.parcels.register import load_register

    project = _open(args.project)
    register = load_register(project)
    records = list(register.parcels.values())
    if args.stage:
        stage = require_stage("(--stage)", None, args.stage)
        records = [r for r in records if r.stage == stage]
    if args.park:
        park = args.park.strip()
        records = [r for r in records if park and park in r.park]
    records.sort(key=lambda r: r.id)
    areas = _live_areas(project, records)
    rows = [parcel_json(r, areas) for r in records]
    if args.json:
        json.dump({"parcels": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(table_text(rows))
    return 0


def parse_assignments(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"{item}: write KEY=VALUE (e.g. agreed_start=2026-11-25)")
        if key in out:
            raise UsageError(f"{key} is given twice")
        out[key] = value
    return out


def run_set(args) -> int:
    values = parse_assignments(args.values)
    project = _open(args.project)
    with project.edit_register() as register:
        register.set(args.parcel, **values)
        record = register.get(args.parcel)
    changed = ", ".join(f"{k}={_shown(record, k)}" for k in values)
    print(f"{args.project}: {record.id}: {changed}", file=sys.stderr)
    return 0


def _shown(record, key: str) -> str:
    value = getattr(record, key, None)
    if value is None and key.startswith("bound_"):
        return "-"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, frozenset):
        return ",".join(sorted(value))
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def run_stage(args) -> int:
    project = _open(args.project)
    with project.edit_register() as register:
        before = register.get(args.parcel)
        event_id = register.record_event(args.parcel, args.stage, args.date, by=args.by, note=args.note,
                                         cause=args.cause)
        register.commit()
        event_id = register.final_id(event_id)
        after = register.get(args.parcel)
    print(f"{args.project}: {after.id}: {before.stage.value} → {after.stage.value} "
          f"{after.current_events()[-1].date.isoformat()} (event {event_id})", file=sys.stderr)
    return 0


def run_correct(args) -> int:
    project = _open(args.project)
    with project.edit_register() as register:
        new_id = register.correct_event(args.event, date=args.date, stage=args.stage, note=args.note, by=args.by,
                                        reason=args.reason)
        register.commit()
        found = register.register().event(register.final_id(new_id))
    event = found[1] if found else None
    print(f"{args.project}: event {args.event} corrected" + (f" by event {event.id}: {event.stage.value} "
                                                             f"{event.date.isoformat()}" if event else ""),
          file=sys.stderr)
    return 0


def run_from_layer(args) -> int:
    from ..core.parcels.register import register_from_layer
    from ..core.roles import Role

    project = _open(args.project)
    layers = [project.layer(args.layer)] if args.layer else project.layers_by_role(Role.PARCELS)
    if not layers:
        raise UsageError("the project has no parcel layer (role 地块): name one with --layer")
    added, kept = 0, 0
    with project.edit_register() as register:
        known = set(register.parcels)
        fresh = []
        for layer in layers:
            for record in register_from_layer(project, layer):
                if record.id in known:
                    kept += 1
                    continue
                known.add(record.id)
                fresh.append(record)
        register.add_parcels(fresh, check=False, text=f"从图层登记 {len(fresh)} 个标准地")
        added = len(fresh)
    if kept:
        say("parcels", "note", f"{kept} parcel(s) already in the register were left as they are")
    print(f"{args.project}: {added} parcel(s) added to the register", file=sys.stderr)
    return 0
