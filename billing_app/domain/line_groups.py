"""How an invoice's lines are grouped, on its page and in its PDF: by kind, in this order."""

from billing_app.domain.work import LineKind

GROUPS = {
    LineKind.CONTRACT_FEE: "Contract fees", LineKind.TICKET: "Tickets",
    LineKind.TIME_ENTRY: "Time entries", LineKind.EXPENSE: "Expenses",
    LineKind.PRODUCT: "Products", LineKind.CUSTOM: "Custom lines",
}  # fmt: skip
KIND_ORDER = list(GROUPS)
