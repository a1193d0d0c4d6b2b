[tool.alembic]
# Alembic / aludel source-layout settings (created by `aludel init`). Strings
# may use %(here)s, the directory of this file; write a literal percent sign
# as %%. The database URL and logging stay in alembic.ini.

# The migration environment directory (env.py, script.py.mako, versions/).
script_location = "${script_location}"

# How revision files are named. The default is %%(rev)s_%%(slug)s; other
# tokens: %%(epoch)s, %%(year)d, %%(month).2d, %%(day).2d, %%(hour).2d,
# %%(minute).2d, %%(second).2d. For example, date first:
# file_template = "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s"
# or in dated subdirectories (then set recursive_version_locations = true):
# file_template = "%%(year)d/%%(month).2d/%%(day).2d_%%(hour).2d%%(minute).2d_%%(second).2d_%%(rev)s_%%(slug)s"

# Paths put in front of Python's sys.path before env.py and the revision
# files are imported.
prepend_sys_path = [
    "."
]

# Time zone of the dates in revision files and names (a zoneinfo name; Alembic
# needs the tzdata package for it). Unset: local time.
# timezone = "UTC"

# Longest "slug" (the message part of a file name).
# truncate_slug_length = 40

# Run env.py for the revision command even without --autogenerate.
# revision_environment = false

# Accept compiled .pyc/.pyo revision files that have no .py source.
# sourceless = false

# Directories of revision files. Default: <script_location>/versions. With
# several, a new branch's first revision needs --version-path.
# version_locations = [
#    "%(here)s/migrations/versions",
#    "%(here)s/other/versions"
# ]

# Look for revision files in subdirectories of the version directories too.
# recursive_version_locations = false

# Encoding of newly written revision files.
# output_encoding = "utf-8"

# Programs run on each new revision file, in order. REVISION_SCRIPT_FILENAME in
# the options stands for the file; without it the file comes first.
#
# Format with black, through its console_scripts entry point:
# [[tool.alembic.post_write_hooks]]
# name = "black"
# type = "console_scripts"
# entrypoint = "black"
# options = "-l 79 REVISION_SCRIPT_FILENAME"
#
# Lint and fix with ruff, run as a Python module (python -m ruff):
# [[tool.alembic.post_write_hooks]]
# name = "ruff"
# type = "module"
# module = "ruff"
# options = "check --fix REVISION_SCRIPT_FILENAME"
#
# Or run any program found on PATH:
# [[tool.alembic.post_write_hooks]]
# name = "ruff"
# type = "exec"
# executable = "ruff"
# options = "check --fix REVISION_SCRIPT_FILENAME"

# aludel's own settings (all optional; Alembic ignores them):
# [tool.aludel]
# url_env = "DATABASE_URL"          # environment variable with the database URL
# models = ["myapp.models"]         # model modules, for autogenerate and check
# version_table = "alembic_version"
# version_table_schema = "public"
