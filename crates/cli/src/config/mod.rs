//! Project configuration: alembic.ini, pyproject.toml, aludel.toml, environment.
