"""Where a command's output goes: standard output, or a file written atomically."""

from __future__ import annotations

import os
import sys

from cxmodel.cli import UsageError


def emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # `| head`: not an error worth a message (see main)
        except OSError as error:  # a full disk behind `> file`, say
            raise UsageError(f"cannot write to standard output: {error.strerror or error}") \
                from error
        return
    from cxmodel.writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error


def use_colour(stream_is_output: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return stream_is_output and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
