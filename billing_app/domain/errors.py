class BillingError(Exception):
    """An expected failure: a stable `code` for tests and a sentence for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class FieldErrors(BillingError):
    """Several fields of a form are wrong at once; `fields` maps each to its sentence."""

    def __init__(self, code: str, fields: dict[str, str]) -> None:
        super().__init__(code, " ".join(fields.values()))
        self.fields = fields
