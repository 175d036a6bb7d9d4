"""Reading data files as text, refusing binary ones with one clear sentence."""

from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["read_lines"]


def read_lines(path: "str | Path", encoding: str = "utf-8") -> list[str]:
    """The text lines of ``path`` (any line ending).

    Raises
    ------
    NucmassError
        Naming the file (and line) if it holds NUL bytes or is not ``encoding`` text.
    """
    data = Path(path).read_bytes()
    if b"\0" in data:
        raise NucmassError(f"{path}: not a text file (it holds NUL bytes)")
    try:
        return data.decode(encoding).splitlines()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NucmassError(f"{path}, line {line}: not {encoding} text") from None
