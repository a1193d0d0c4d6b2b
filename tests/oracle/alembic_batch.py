#!/usr/bin/env python3
"""Run many `alembic` command lines in one Python process.

Starting Python and importing Alembic costs about half a second per command;
the differential tests run hundreds of commands, so they batch them here.

    .venv/bin/python tests/oracle/alembic_batch.py < commands.json

stdin:  [{"args": ["history", "-r", "a:b"], "cwd": "/abs/project"}, ...]
stdout: [{"stdout": "...", "stderr": "...", "code": 0}, ...]   (same order)

Optional keys of a command, for tests that need a database in a given state:
  "before": [["remove", PATH] | ["copy", SRC, DST], ...]   file actions run
            first ("copy" of a missing SRC removes DST)
  "version_rows": PATH   after the command, the alembic_version rows of that
            SQLite file (sorted; [] when there is no file or table), returned
            as "version_rows"
  "args": null           no alembic command, only the actions above
  "env": {NAME: VALUE}   environment variables set in os.environ for this
            command only (an env.py that reads DATABASE_URL sees them)

`BatchRunner` holds the per-command logic so that sibling helpers
(`migrate_oracle.py`) can run commands the same way in a long-lived process.

Each command goes through `alembic.config.main(argv, prog="alembic")`, the
console script's own entry point, with what a fresh process would have:
stdout / stderr captured per command (installed before Alembic is imported,
because `Config` binds `sys.stdout` as a default argument at import time),
the working directory, Python's warning filters and "already shown"
registries reset, and logging put back as it was right after the import.  Exit codes are
mapped as the interpreter would: `sys.exit(-1)` -> 255, an uncaught exception
-> traceback on stderr and 1.  `tests` compare this runner with separate
`alembic` processes (crates/cli/tests/oracle_check.rs).

Set PYTHONHASHSEED when starting this process: set orders then match a
separate `alembic` process started with the same seed.
"""

import io
import json
import logging
import os
import sys
import traceback
import warnings


class Capture(io.TextIOBase):
    """A text stream whose target buffer is swapped per command."""

    def __init__(self):
        super().__init__()
        self.buffer_ = io.StringIO()

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def write(self, s):
        return self.buffer_.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self):
        value = self.buffer_.getvalue()
        self.buffer_ = io.StringIO()
        return value


def logging_state():
    """Handlers, level, propagate and disabled of every logger (root too)."""
    loggers = {"": logging.getLogger()}
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            loggers[name] = logger
    return {
        name: (list(lg.handlers), lg.level, lg.propagate, lg.disabled)
        for name, lg in loggers.items()
    }


def restore_logging(saved):
    """Back to the state just after `import alembic` (which, for one, gives
    the "alembic" logger a NullHandler), whatever env.py configured since."""
    current = logging_state()
    for name in current:
        lg = logging.getLogger(name) if name else logging.getLogger()
        handlers, level, propagate, disabled = saved.get(name, ([], logging.NOTSET, True, False))
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate
        lg.disabled = disabled


def file_actions(actions):
    import shutil

    for action in actions or []:
        if action[0] == "remove":
            if os.path.exists(action[1]):
                os.remove(action[1])
        elif action[0] == "copy":
            src, dst = action[1], action[2]
            if os.path.exists(src):
                shutil.copyfile(src, dst)
            elif os.path.exists(dst):
                os.remove(dst)
        else:
            raise ValueError("unknown file action %r" % (action,))


def version_rows(path):
    import sqlite3

    if not os.path.exists(path):
        return []
    con = sqlite3.connect(path)
    try:
        return sorted(v for (v,) in con.execute("select version_num from alembic_version"))
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write("%s\n" % (code,))
    return 1


class BatchRunner:
    """Runs alembic command lines one after another in this process.

    Create it before anything imports Alembic: it swaps sys.stdout and
    sys.stderr for capturing streams first.  `close()` puts them back.
    """

    def __init__(self):
        self.real_stdout = sys.stdout
        self.out, self.err = Capture(), Capture()
        sys.stdout, sys.stderr = self.out, self.err

        import alembic.config  # after the streams are in place

        self.alembic_config = alembic.config
        self.saved_logging = logging_state()
        self.saved_filters = list(warnings.filters)
        self.saved_path = list(sys.path)

    def run(self, cmd):
        """One command (the stdin format above) -> its result dict."""
        os.chdir(cmd["cwd"])
        file_actions(cmd.get("before"))
        if cmd.get("args") is None:
            result = {"stdout": "", "stderr": "", "code": 0}
            if cmd.get("version_rows"):
                result["version_rows"] = version_rows(cmd["version_rows"])
            return result
        warnings.filters[:] = self.saved_filters
        warnings._filters_mutated()  # forget which warnings were shown
        sys.path[:] = self.saved_path
        restore_logging(self.saved_logging)
        env = cmd.get("env") or {}
        saved_env = {name: os.environ.get(name) for name in env}
        os.environ.update(env)
        code = 0
        try:
            self.alembic_config.main(argv=cmd["args"], prog="alembic")
        except SystemExit as exc:
            code = exit_code(exc)
        except BaseException:  # noqa: BLE001 - reported as the interpreter would
            traceback.print_exc()
            code = 1
        finally:
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        result = {"stdout": self.out.take(), "stderr": self.err.take(), "code": code}
        if cmd.get("version_rows"):
            result["version_rows"] = version_rows(cmd["version_rows"])
        return result

    def close(self):
        """Give the process its real streams back; returns real stdout."""
        sys.stdout, sys.stderr = self.real_stdout, sys.__stderr__
        return self.real_stdout


def main():
    commands = json.load(sys.stdin)
    runner = BatchRunner()
    results = [runner.run(cmd) for cmd in commands]
    real_stdout = runner.close()
    json.dump(results, real_stdout, ensure_ascii=False)
    real_stdout.write("\n")


if __name__ == "__main__":
    main()
