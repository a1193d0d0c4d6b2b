"""An Alembic-style configuration for :mod:`aludel.command`.

:class:`Config` takes the arguments of ``alembic.config.Config`` and keeps
the same attributes, so ``Config("alembic.ini")`` followed by
``set_main_option("sqlalchemy.url", url)`` means what it means to Alembic.
The ini file is read here with :mod:`configparser` exactly as Alembic reads
it, for ``get_main_option`` and friends; aludel reads the same file again
when a command runs, and every value set here (``set_main_option``,
``set_section_option``, a change made through ``file_config``) is handed to
it as a value of the ini, with the ini's precedence: ``--url`` style
overrides (``DATABASE_URL`` in the environment) still win over
``sqlalchemy.url``, as they win over the file's value.

Where aludel cannot do what Alembic does:

* ``attributes`` is kept (code that fills it still works) but aludel, which
  runs no ``env.py``, never reads it: a ``connection`` put there is not
  used; aludel connects with the configured URL (a warning says so);
* without ``file_`` an empty ini stands in for the file, as Alembic's
  in-memory configuration does;
* without ``toml_file``, aludel reads ``pyproject.toml`` of the current
  directory when there is one, as its command line does (``[tool.alembic]``
  for settings the ini lacks, ``[tool.aludel]`` for its own).
"""

from __future__ import annotations

import configparser
import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, TextIO, Union

from .util import CommandError

PathLike = Union[str, "os.PathLike[str]"]

# configparser's "locale" encoding is Python 3.10's; before it, None means the same.
_INI_ENCODING = "locale" if sys.version_info >= (3, 10) else None


def _path_text(path: PathLike) -> str:
    """A path argument as the string Alembic keeps (a ``str`` unchanged)."""
    return path if isinstance(path, str) else os.fspath(path)


class Config:
    """An Alembic configuration: an ini file (and optionally a
    ``pyproject.toml``), values set in code, and the options of a command
    line.  Takes the arguments of ``alembic.config.Config``.

    :param file_: the ini file (``alembic.ini``); a missing file reads as
     empty, as in Alembic.
    :param toml_file: a ``pyproject.toml`` to read ``[tool.alembic]`` from.
    :param ini_section: the ini's main section (``-n`` on the command line).
    :param output_buffer: where the SQL of ``sql=True`` runs is written
     (default: ``sys.stdout`` at the time of the call).
    :param stdout: where the commands' output lines are written.
    :param cmd_opts: an ``argparse.Namespace`` as Alembic's command line
     builds: its ``x`` (a list of ``KEY=VALUE``) becomes ``-x`` arguments,
     its ``quiet`` silences the output lines.
    :param config_args: ``[DEFAULT]`` values of the ini, under the file's own
     (``%(name)s`` in the file can refer to them); ``here`` is always the
     ini file's directory.
    :param attributes: entries for :attr:`attributes`.
    """

    def __init__(
        self,
        file_: Optional[PathLike] = None,
        toml_file: Optional[PathLike] = None,
        ini_section: str = "alembic",
        output_buffer: Optional[TextIO] = None,
        stdout: TextIO = sys.stdout,
        cmd_opts: Optional[Namespace] = None,
        config_args: Mapping[str, Any] = {},  # noqa: B006 - copied, never changed
        attributes: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.config_file_name: Optional[str] = _path_text(file_) if file_ else None
        self.toml_file_name: Optional[str] = _path_text(toml_file) if toml_file else None
        self.config_ini_section = ini_section
        self.output_buffer = output_buffer
        self.stdout = stdout
        self.cmd_opts = cmd_opts
        self.config_args: Dict[str, Any] = dict(config_args)
        self.toml_args: Dict[str, Any] = dict(config_args)
        self.attributes: Dict[str, Any] = {}
        if attributes:
            self.attributes.update(attributes)
        self._file_config: Optional[configparser.ConfigParser] = None

    # ------------------------------------------------------------------ ini

    def _read_ini(self) -> configparser.ConfigParser:
        """The ini as Alembic reads it: ``config_args`` plus ``here`` as
        defaults, then the file (or an empty main section without one)."""
        if self.config_file_name:
            here = Path(self.config_file_name).absolute().parent
        else:
            here = Path()
        defaults = dict(self.config_args)
        defaults["here"] = here.as_posix()
        parser = configparser.ConfigParser(defaults)
        if self.config_file_name:
            parser.read([self.config_file_name], encoding=_INI_ENCODING)
        else:
            parser.add_section(self.config_ini_section)
        return parser

    @property
    def file_config(self) -> configparser.ConfigParser:
        """The ``ConfigParser`` of the ini file, read on first use.  Values
        changed in it are handed to aludel when a command runs."""
        if self._file_config is None:
            self._file_config = self._read_ini()
        return self._file_config

    def get_section(
        self, name: str, default: Optional[Mapping[str, str]] = None
    ) -> Optional[Mapping[str, str]]:
        """All options of an ini section (with ``[DEFAULT]``'s) as a dict;
        ``default`` when there is no such section."""
        if not self.file_config.has_section(name):
            return default
        return dict(self.file_config.items(name))

    def set_main_option(self, name: str, value: str) -> None:
        """Sets an option of the main section, replacing the file's.  The
        value is interpolated as the file's values are: write ``%%`` for a
        literal ``%`` (a percent-encoded password in a URL, for example)."""
        self.set_section_option(self.config_ini_section, name, value)

    def set_section_option(self, section: str, name: str, value: str) -> None:
        """Sets an option of any section, creating the section if needed."""
        if not self.file_config.has_section(section):
            self.file_config.add_section(section)
        self.file_config.set(section, name, value)

    def get_section_option(
        self, section: str, name: str, default: Optional[str] = None
    ) -> Optional[str]:
        """An option of an ini section (interpolated); ``default`` when the
        section lacks it.  Raises :class:`CommandError` when there is no such
        section."""
        if not self.file_config.has_section(section):
            raise CommandError(
                "No config file %r found, or file has no '[%s]' section"
                % (self.config_file_name, section)
            )
        if self.file_config.has_option(section, name):
            return self.file_config.get(section, name)
        return default

    def get_main_option(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """An option of the main section (``ini_section``)."""
        return self.get_section_option(self.config_ini_section, name, default)

    def get_alembic_option(self, name: str, default: Optional[str] = None) -> Any:
        """An option of the main section, else of ``[tool.alembic]`` in
        ``toml_file`` (``%(here)s`` and ``config_args`` substituted)."""
        if self.file_config.has_option(self.config_ini_section, name):
            return self.file_config.get(self.config_ini_section, name)
        table = self._toml_alembic()
        if name not in table:
            return default
        return self._toml_substitute(table[name])

    def _toml_alembic(self) -> Dict[str, Any]:
        if not self.toml_file_name or not os.path.exists(self.toml_file_name):
            return {}
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.9 / 3.10
            import tomli as tomllib
        self.toml_args["here"] = Path(self.toml_file_name).absolute().parent.as_posix()
        with open(self.toml_file_name, "rb") as file:
            data = tomllib.load(file).get("tool", {}).get("alembic", {})
        if not isinstance(data, dict):
            raise CommandError("Incorrect TOML format")
        return data

    def _toml_substitute(self, value: Any) -> Any:
        if isinstance(value, str):
            return value % self.toml_args
        if isinstance(value, list):
            return [self._toml_substitute(v) for v in value]
        if isinstance(value, dict):
            return {k: self._toml_substitute(v) for k, v in value.items()}
        return value

    # -------------------------------------------------------------- output

    @property
    def messaging_opts(self) -> Mapping[str, bool]:
        """``{"quiet": ...}`` from ``cmd_opts``."""
        return {"quiet": bool(getattr(self.cmd_opts, "quiet", False))}

    def print_stdout(self, text: Any, *arg: Any) -> None:
        """Writes a line to :attr:`stdout` (``text % arg`` when ``arg`` is
        given); nothing when ``cmd_opts.quiet`` is set."""
        output = str(text) % arg if arg else str(text)
        self._write_stdout(output + "\n")

    def _write_stdout(self, text: str) -> None:
        if self.messaging_opts["quiet"] or not text:
            return
        encoding = getattr(self.stdout, "encoding", None) or "ascii"
        try:
            self.stdout.write(text.encode(encoding, "replace").decode(encoding))
        except OSError:
            # a closed pipe (``| head``): the output is not wanted any more
            pass

    # ------------------------------------------------- handing it to aludel

    def _aludel_arguments(self) -> list[str]:
        """The global options of the aludel command line for this
        configuration."""
        args: list[str] = []
        # Without a file, an empty one stands in for Alembic's in-memory ini.
        args += ["-c", self.config_file_name or os.devnull]
        if self.toml_file_name:
            if os.path.basename(self.toml_file_name) != "pyproject.toml":
                raise CommandError(
                    "aludel reads [tool.alembic] only from a file named "
                    "pyproject.toml, not %r" % self.toml_file_name
                )
            args += ["-c", self.toml_file_name]
        args += ["-n", self.config_ini_section]
        for x in getattr(self.cmd_opts, "x", None) or []:
            args += ["-x", x]
        return args

    def _aludel_defaults(self) -> list[tuple[str, str]]:
        """``config_args`` as ``[DEFAULT]`` values (``here`` is aludel's)."""
        return [(str(k), str(v)) for k, v in self.config_args.items() if k != "here"]

    def _aludel_set_options(self) -> list[tuple[str, str, str]]:
        """Every raw ini value that differs from the file's: what
        ``set_main_option`` / ``set_section_option`` (or a direct change to
        ``file_config``) set."""
        if self._file_config is None:
            return []
        current = self._file_config
        fresh = self._read_ini()
        changed: list[tuple[str, str, str]] = []
        for name, value in current.defaults().items():
            if name != "here" and fresh.defaults().get(name) != value:
                changed.append((configparser.DEFAULTSECT, name, value))
        for section in current.sections():
            known = fresh.has_section(section)
            for name, value in current.items(section, raw=True):
                if value is None or current.defaults().get(name) == value:
                    # unset, or inherited from [DEFAULT] (handled above)
                    continue
                before = fresh.get(section, name, raw=True, fallback=None) if known else None
                if before != value:
                    changed.append((section, name, value))
        return changed
