from __future__ import annotations


class BillingError(Exception):
    """An expected failure: a stable `code` for tests and a sentence for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[BillingError], tuple[str, str]]:
        """Picklable, so it crosses from a worker process as itself (Exception pickles
        `args`, the message alone, which __init__ would not accept)."""
        return (self.__class__, (self.code, self.message))


class FieldErrors(BillingError):
    """Several fields of a form are wrong at once; `fields` maps each to its sentence."""

    def __init__(self, code: str, fields: dict[str, str]) -> None:
        super().__init__(code, " ".join(fields.values()))
        self.fields = fields

    def __reduce__(self) -> tuple[type[FieldErrors], tuple[str, dict[str, str]]]:  # type: ignore[override]
        return (self.__class__, (self.code, self.fields))
