# Alembic / aludel connection and logging settings (created by
# `aludel init`). The other settings are in [tool.alembic] of pyproject.toml.
#
# Values are read with Python's configparser: %(here)s is the directory of
# this file, and a literal percent sign is written as %%.

[alembic]

# The database. Alembic only uses it through env.py, which prefers the
# DATABASE_URL environment variable when that is set; so does aludel.
sqlalchemy.url = driver://user:pass@localhost/dbname


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
