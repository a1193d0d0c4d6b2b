# Alembic / aludel configuration for one database (created by `aludel init`).
#
# Values are read with Python's configparser: %(here)s is the directory of
# this file, and a literal percent sign is written as %%.
# aludel's own settings (database URL variable, model modules, version table)
# go into aludel.toml beside this file or into [tool.aludel] of pyproject.toml.

[alembic]
# The migration environment directory (env.py, script.py.mako, versions/).
# Use forward slashes; relative to %(here)s so that it works from any
# working directory.
script_location = ${script_location}

# How revision files are named. The default is %%(rev)s_%%(slug)s; other
# tokens: %%(epoch)s, %%(year)d, %%(month).2d, %%(day).2d, %%(hour).2d,
# %%(minute).2d, %%(second).2d. For example, date first:
# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s
# or in dated subdirectories (then set recursive_version_locations = true):
# file_template = %%(year)d/%%(month).2d/%%(day).2d_%%(hour).2d%%(minute).2d_%%(second).2d_%%(rev)s_%%(slug)s

# Paths put in front of Python's sys.path before env.py and the revision
# files are imported (several are split by path_separator below).
prepend_sys_path = .

# Time zone of the dates in revision files and names (a zoneinfo name such as
# UTC or Europe/Paris; Alembic needs the tzdata package for it). Unset: local
# time.
# timezone = UTC

# Longest "slug" (the message part of a file name).
# truncate_slug_length = 40

# Run env.py for the revision command even without --autogenerate.
# revision_environment = false

# Accept compiled .pyc/.pyo revision files that have no .py source.
# sourceless = false

# Directories of revision files. Default: <script_location>/versions. With
# several, a new branch's first revision needs --version-path. Separate them
# with path_separator.
# version_locations = %(here)s/bar:%(here)s/bat:%(here)s/migrations/versions

# What separates the entries of version_locations and prepend_sys_path:
# os (the platform's own: ":" on Linux and macOS, ";" on Windows), ":", ";",
# space or newline. Without this key, the old rules apply: split on spaces and
# commas (and, for prepend_sys_path, colons too).
path_separator = os

# Look for revision files in subdirectories of the version directories too.
# recursive_version_locations = false

# Encoding of newly written revision files.
# output_encoding = utf-8

# The database. Alembic only uses it through env.py, which prefers the
# DATABASE_URL environment variable when that is set; so does aludel.
sqlalchemy.url = driver://user:pass@localhost/dbname


[post_write_hooks]
# Programs run on each new revision file, in the order listed in "hooks".
# REVISION_SCRIPT_FILENAME in the options stands for the file; without it the
# file comes first.

# Format with black, through its console_scripts entry point:
# hooks = black
# black.type = console_scripts
# black.entrypoint = black
# black.options = -l 79 REVISION_SCRIPT_FILENAME

# Lint and fix with ruff, run as a Python module (python -m ruff):
# hooks = ruff
# ruff.type = module
# ruff.module = ruff
# ruff.options = check --fix REVISION_SCRIPT_FILENAME

# Or run any program found on PATH:
# hooks = ruff
# ruff.type = exec
# ruff.executable = ruff
# ruff.options = check --fix REVISION_SCRIPT_FILENAME

# Python logging, set up by env.py (aludel does not use it).
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
