"""The one error type that reaches the user: where, what, and how to fix it."""
from __future__ import annotations


class TypesetError(Exception):
    """Bad input or an impossible request. The CLI prints it as one line and exits 2."""

    def __init__(self, what: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, fix: str | None = None):
        self.what = what
        self.file = file
        self.line = line
        self.column = column
        self.fix = fix
        super().__init__(self.message())

    def __reduce__(self):
        """Pickled whole (errors cross process boundaries in the font preparation)."""
        return _rebuild, (self.what, self.file, self.line, self.column, self.fix)

    def at(self, where) -> "TypesetError":
        """This error, placed at `where` (a model Where) if it names no file yet."""
        if self.file or where is None:
            return self
        return TypesetError(self.what, file=where.file, line=where.line, fix=self.fix)

    def message(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.what}"
        if self.fix:
            text += f" — {self.fix}"
        return text


def _rebuild(what, file, line, column, fix) -> TypesetError:
    return TypesetError(what, file=file, line=line, column=column, fix=fix)
