"""The database service of the application (engine, sessions, migrations in
the real project).  env.py takes SQLModel from here; importing this module
imports the models, which registers their tables."""

from sqlmodel import SQLModel

from langflow.services.database import models  # noqa: F401

__all__ = ["SQLModel"]
