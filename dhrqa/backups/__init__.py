"""Backups: the database and the private files it refers to, in one dated archive, and their restore.

An archive (`dhrqa-YYYYMMDD-HHMMSS.tar`, UTC, mode 0600) is a plain tar of:

| member          | holds |
|-----------------|-------|
| `database.dump` | `pg_dump --format=custom` of the database, taken in one snapshot |
| `files/<name>`  | each file of private storage that a row in that snapshot refers to, under its stored name |
| `manifest.json` | when, which version, row counts per table, and each member's size and SHA-256 |

`backup.make_backup` writes one (`manage.py backup`, `make backup`);
`restore.restore_backup` loads one into an empty database and an empty
private storage (`manage.py restore`, `make restore`). Files are read and
written through Django's storage API only, so the same archive moves
between a folder on disk and object storage. The archive holds
OFFICIAL-SENSITIVE casework: it is created readable by its owner alone.
"""
