"""``parkgis db``: the team database (PostgreSQL/PostGIS).

    parkgis db publish PROJECT.gpkg URL [--schema S] [--json]
    parkgis db grant URL --role viewer|planner|editor [--to USER ...] [--json]
    parkgis db checkout URL OUT.gpkg [--park P] [--json]
    parkgis db checkin OUT.gpkg [--url URL] [--skip-conflicts] [--json]
    parkgis db export URL OUT.gpkg [--json]
    parkgis db profile add NAME URL [--save-password] [--json]
    parkgis db profile list [--json]
    parkgis db profile remove NAME

URL: ``postgresql://USER@HOST:PORT/DB?schema=S``; the password from ``PGPASSWORD``, ``~/.pgpass`` or the
system keyring (service ``parkgis``), never from the command line's log. Wherever a project is taken,
``profile:NAME`` names a saved connection profile.
"""

from __future__ import annotations

import json
import sys

from . import FileArgs, say


def register(sub) -> None:
    p = sub.add_parser("db", help="the team database (PostgreSQL/PostGIS): publish a project, grant roles",
                       description="Work with a parkgis project in a PostgreSQL/PostGIS database. Commands that "
                                   "take a project (check, webmap, history, restore) also take its URL "
                                   "postgresql://USER@HOST:PORT/DB?schema=S.")
    dbsub = p.add_subparsers(dest="db_command", metavar="SUBCOMMAND")
    pub = dbsub.add_parser("publish", help="publish a local project into a new schema of the database",
                           description="Copy a project GeoPackage into a new schema: layers with their fids and "
                                       "versions, roles, styles, the register tables and the audit. One "
                                       "transaction: nothing is left behind on failure.")
    pub.add_argument("project", help="the project GeoPackage (.gpkg)")
    pub.add_argument("url", help="postgresql://USER@HOST:PORT/DB[?schema=S]")
    pub.add_argument("--schema", help="the schema to create (default: the URL's, else parkgis)")
    pub.add_argument("--json", action="store_true", help="the outcome as JSON on stdout")
    pub.set_defaults(func=run_publish, files=FileArgs(reads=("project",)))

    grant = dbsub.add_parser("grant", help="give database users a parkgis role, enforced by GRANTs",
                             description="viewer: read everything. planner: read, and edit the parcel layers and "
                                         "the register, never the 三区三线 layers (park, udb, eco_redline, "
                                         "farmland, zones). editor: edit every layer. Creates the group role "
                                         "<schema>_<role> and grants it to the users named.")
    grant.add_argument("url")
    grant.add_argument("--role", required=True, choices=("viewer", "planner", "editor"))
    grant.add_argument("--to", nargs="+", default=[], metavar="USER", help="existing database users")
    grant.add_argument("--json", action="store_true")
    grant.set_defaults(func=run_grant)
    out = dbsub.add_parser("checkout", help="take a park's parcels out to a local GeoPackage to edit offline",
                           description="Write the database project (every constraint layer; the parcels of one "
                                       "park with --park) to a new local project that remembers the versions "
                                       "taken. Edit it without the network, then bring it back with checkin.")
    out.add_argument("url")
    out.add_argument("output", help="the new local project (.gpkg)")
    out.add_argument("--park", help="a park boundary feature's fid or name: only its parcels")
    out.add_argument("--json", action="store_true")
    out.set_defaults(func=run_checkout, files=FileArgs(writes=("output",)))
    back = dbsub.add_parser("checkin", help="commit the offline edits of a checked-out project to the database",
                            description="Every feature changed, added or deleted offline is committed with the "
                                        "version taken: one changed in the database meanwhile is a conflict "
                                        "(exit 1, nothing written) unless --skip-conflicts writes the others.")
    back.add_argument("project", help="the checked-out project (.gpkg)")
    back.add_argument("--url", help="the database (default: the one it was taken from)")
    back.add_argument("--skip-conflicts", action="store_true", help="commit the others, list the conflicts")
    back.add_argument("--json", action="store_true")
    back.set_defaults(func=run_checkin)
    export = dbsub.add_parser("export", help="write a database project to a new GeoPackage project (save as)",
                              description="The reverse of publish: every layer with its fids and versions, roles, "
                                          "styles, the register tables and the audit, into a new project file "
                                          "(written aside, then moved into place).")
    export.add_argument("url")
    export.add_argument("output", help="the new project (.gpkg)")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=run_export, files=FileArgs(writes=("output",)))
    prof = dbsub.add_parser("profile", help="saved connection profiles: use profile:NAME wherever a project is taken",
                            description="A profile names a connection (host, port, database, user, schema, "
                                        "sslmode) saved in connections.json in your parkgis config folder. It never "
                                        "holds a password: a URL's password is stripped; --save-password keeps it "
                                        "in the system keyring (service parkgis). Use it as profile:NAME, e.g. "
                                        "parkgis check profile:城区.")
    profsub = prof.add_subparsers(dest="profile_command", metavar="SUBCOMMAND")
    add = profsub.add_parser("add", help="save (or replace) a connection profile")
    add.add_argument("name")
    add.add_argument("url", help="postgresql://USER@HOST:PORT/DB[?schema=S][&sslmode=M]")
    add.add_argument("--save-password", action="store_true",
                     help="ask the password (or take the URL's) and keep it in the system keyring")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_profile_add)
    listing = profsub.add_parser("list", help="the saved connection profiles")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_profile_list)
    remove = profsub.add_parser("remove", help="forget a connection profile (a password in the keyring stays)")
    remove.add_argument("name")
    remove.set_defaults(func=run_profile_remove)
    prof.set_defaults(func=lambda args: _usage(prof))
    p.set_defaults(func=lambda args: _usage(p))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def run_publish(args) -> int:
    from ..core.store.postgis import publish_project

    outcome = publish_project(args.project, args.url, schema=args.schema)
    if args.json:
        json.dump(outcome, sys.stdout, ensure_ascii=False, indent=2)
        print()
    features = sum(outcome["layers"].values())
    print(f"published {args.project} to {outcome['url']}: {len(outcome['layers'])} layers, {features} features, "
          f"{outcome['audit_rows']} audit rows"
          + (f", register tables {', '.join(outcome['register_tables'])}" if outcome["register_tables"] else ""),
          file=sys.stderr)
    return 0


def run_grant(args) -> int:
    from ..core.store.postgis import grant_role

    outcome = grant_role(args.url, args.role, args.to)
    if args.json:
        json.dump(outcome, sys.stdout, ensure_ascii=False, indent=2)
        print()
    print(f"role {outcome['role']}: may edit {', '.join(outcome['editable']) or 'nothing'}; read only "
          f"{', '.join(outcome['read_only']) or '-'}" + (f"; granted to {', '.join(args.to)}" if args.to else ""),
          file=sys.stderr)
    return 0


def run_checkout(args) -> int:
    from ..core.store.offline import take_offline

    outcome = take_offline(args.url, args.output, park=args.park)
    if args.json:
        json.dump(outcome, sys.stdout, ensure_ascii=False, indent=2)
        print()
    print(f"wrote {args.output}: " + ", ".join(f"{name} {n}" for name, n in outcome["layers"].items()), file=sys.stderr)
    return 0


def run_checkin(args) -> int:
    from ..core.store.offline import bring_back

    outcome = bring_back(args.project, url=args.url, on_conflict="skip" if args.skip_conflicts else "raise")
    if args.json:
        json.dump(outcome, sys.stdout, ensure_ascii=False, indent=2)
        print()
    committed = sum(len(f) for f in outcome["committed"].values())
    conflicts = sum(len(f) for f in outcome["conflicts"].values())
    print(f"{args.project}: {committed} feature(s) committed"
          + (f"; {conflicts} left out (changed in the database meanwhile): "
             + "; ".join(f"{name} {', '.join(map(str, fids))}" for name, fids in outcome["conflicts"].items())
             if conflicts else ""), file=sys.stderr)
    return 0


def run_export(args) -> int:
    from ..core.store.export import export_project

    outcome = export_project(args.url, args.output)
    if args.json:
        json.dump(outcome, sys.stdout, ensure_ascii=False, indent=2)
        print()
    features = sum(outcome["layers"].values())
    print(f"exported {outcome['from']} to {args.output}: {len(outcome['layers'])} layers, {features} features, "
          f"{outcome['audit_rows']} audit rows"
          + (f", register tables {', '.join(outcome['register_tables'])}" if outcome["register_tables"] else ""),
          file=sys.stderr)
    return 0


def run_profile_add(args) -> int:
    import getpass

    from ..core.errors import DataError
    from ..core.store import profiles

    url_password = profiles.url_password(args.url)
    profile = profiles.add_profile(args.name, args.url)
    saved = False
    note = None
    if args.save_password:
        password = url_password if url_password is not None else getpass.getpass(f"Password for {profile.url()}: ")
        if password:
            try:
                profiles.save_password(profile, password)
                saved = True
            except DataError as exc:
                note = exc.problem
        else:
            note = "no password given; none was saved"
    elif url_password is not None:
        note = "the URL's password was not saved (--save-password keeps it in the system keyring)"
    if args.json:
        json.dump({"name": profile.name, **profile.to_json(), "url": profile.url(), "password_saved": saved,
                   "file": str(profiles.profiles_path())}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    print(f"saved profile {profile.name}: {profile.url()} (use it as profile:{profile.name})"
          + ("; password kept in the system keyring" if saved else ""), file=sys.stderr)
    if note:
        say("db", "note", note)
    return 0


def run_profile_list(args) -> int:
    from ..core.store import profiles

    found = profiles.load_profiles()
    if args.json:
        json.dump([{"name": p.name, **p.to_json(), "url": p.url()} for p in found.values()], sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
        return 0
    if not found:
        print("no connection profiles yet (parkgis db profile add NAME URL)", file=sys.stderr)
    for profile in found.values():
        print(f"{profile.name}\t{profile.url()}")
    return 0


def run_profile_remove(args) -> int:
    from ..core.store import profiles

    profile = profiles.remove_profile(args.name)
    print(f"removed profile {profile.name} ({profile.url()})", file=sys.stderr)
    return 0
