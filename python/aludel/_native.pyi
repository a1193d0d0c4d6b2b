"""The native extension module (crates/py)."""

__version__: str

def run(
    args: list[str],
    set_options: list[tuple[str, str, str]] = ...,
    defaults: list[tuple[str, str]] = ...,
) -> tuple[int, str, str, tuple[str, list[str]] | None]:
    """Runs ``aludel <args...>`` in-process, the GIL released.

    ``set_options`` are ``(section, name, value)`` set on the ini after it
    is read; ``defaults`` are ``[DEFAULT]`` values under the file's own.
    Returns the exit status, standard output, standard error, and
    ``(message, details)`` when the command failed without printing its
    own verdict.
    """

def main(args: list[str]) -> int:
    """Runs ``aludel <args...>`` as the binary does, on the process's
    standard output and error; returns the exit status."""
