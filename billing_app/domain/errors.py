class BillingError(Exception):
    """An expected failure: a stable `code` for tests and a sentence for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
