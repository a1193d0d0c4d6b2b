"""aludel: Alembic's migrations for SQLModel / SQLAlchemy projects, run natively.

The ``aludel`` command (the native binary this package ships) does what the
``alembic`` command does, without importing the project.  In Python,
:mod:`aludel.command` and :class:`aludel.config.Config` mirror Alembic's
``alembic.command`` and ``alembic.config.Config``, so that::

    from aludel import command
    from aludel.config import Config

    command.upgrade(Config("alembic.ini"), "head")

runs the same migrations as Alembic would, in-process and without the
Python start-up cost of ``env.py`` and the revision files.
"""

from ._native import __version__

__all__ = ["__version__"]
