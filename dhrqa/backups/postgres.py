"""pg_dump and pg_restore, run against the database Django is configured for."""

import os
import re
import shutil
import subprocess

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient

from dhrqa.backups.archive import BackupError

# What a failed tool said, at most, in the message: enough to see why, short enough to read.
STDERR_SHOWN = 2000


def postgres_connection(alias="default"):
    """Django's connection `alias`; BackupError unless it is Postgres, the only database backed up."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backups need Postgres, and DATABASE_URL names a {connection.vendor} database "
            f"({connection.settings_dict['NAME']}). The SQLite database of `make run` is a demo: "
            "`make clean` and `make run` make it afresh."
        )
    return connection


def server_major(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def tool_version(tool):
    """(major, the version line) of a Postgres client tool on PATH; BackupError if it is not there."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(
            f"{tool} is not installed. On Debian: apt-get install postgresql-client "
            "(its version must be the server's or later)."
        )
    line = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    found = re.search(r"\(PostgreSQL\) (\d+)", line)
    if found is None:
        raise BackupError(f"{tool} --version said {line!r}, which names no PostgreSQL version.")
    return int(found.group(1)), line


def require_tool(tool, *, at_least, what):
    """(major, version line) of `tool` if its major version is `at_least` or later; BackupError otherwise."""
    major, line = tool_version(tool)
    if major < at_least:
        raise BackupError(
            f"{tool} is version {major}, older than {what} ({at_least}): it cannot read it. Install "
            f"postgresql-client-{at_least} and put its bin folder first on PATH (on Debian, "
            f"/usr/lib/postgresql/{at_least}/bin)."
        )
    return major, line


def _connection_options(connection):
    """pg_dump/pg_restore options naming the connection's database, and the environment carrying its secrets."""
    # Django's own translation for psql: -U, -h, -p, then the database's name last;
    # the password, SSL files and service go in the environment, never on the command line.
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    return [*args[1:-1], "--no-password", f"--dbname={args[-1]}"], env or {}


def dump(connection, *, snapshot, to):
    """pg_dump the connection's database, as the exported `snapshot` sees it, in custom format to the path `to`."""
    options, env = _connection_options(connection)
    _run(["pg_dump", *options, "--format=custom", f"--snapshot={snapshot}", f"--file={to}"], env, "pg_dump")


def restore(connection, *, dump_path):
    """pg_restore the dump into the connection's database in one transaction: all of it, or nothing."""
    options, env = _connection_options(connection)
    _run(["pg_restore", *options, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
          str(dump_path)], env, "pg_restore")


def table_counts(connection):
    """{table: rows} for every table of the connection's database, as its current transaction sees them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _run(command, env, tool):
    finished = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{tool} failed (exit status {finished.returncode}): "
                          f"{finished.stderr.strip()[-STDERR_SHOWN:]}")
