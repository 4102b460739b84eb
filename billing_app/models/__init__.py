"""SQLModel tables, one module per aggregate. Importing this package registers them all."""

from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from billing_app.models.account import AccountSettings  # noqa: E402
from billing_app.models.accounting import (  # noqa: E402
    AccountingConnection,
    CreditNoteExport,
    ExportRecord,
    InvoiceExport,
)
from billing_app.models.audit import AuditEvent  # noqa: E402
from billing_app.models.batch import InvoiceBatch  # noqa: E402
from billing_app.models.block_balance import BlockBalance  # noqa: E402
from billing_app.models.call_budget import CallBudget  # noqa: E402
from billing_app.models.contract import (  # noqa: E402
    Contract,
    ContractFee,
    ContractMilestone,
    ContractRate,
    ContractUnitLine,
    UnitCount,
)
from billing_app.models.customer import Customer  # noqa: E402
from billing_app.models.expense import Expense  # noqa: E402
from billing_app.models.export_intent import ExportIntent  # noqa: E402
from billing_app.models.invoice import BilledSource, Invoice, InvoiceLine  # noqa: E402
from billing_app.models.invoice_design import InvoiceDesign  # noqa: E402
from billing_app.models.mail import MailSettings  # noqa: E402
from billing_app.models.numbering import NumberCounter  # noqa: E402
from billing_app.models.payment import Payment  # noqa: E402
from billing_app.models.payment_export import PaymentExport  # noqa: E402
from billing_app.models.product import Product  # noqa: E402
from billing_app.models.tax_rate import TaxRate  # noqa: E402
from billing_app.models.ticket import Ticket  # noqa: E402
from billing_app.models.time_entry import TimeEntry  # noqa: E402
from billing_app.models.user import LoginAttempt, User, UserSession  # noqa: E402

metadata = SQLModel.metadata

__all__ = [
    "AccountSettings",
    "AccountingConnection",
    "AuditEvent",
    "BilledSource",
    "BlockBalance",
    "CallBudget",
    "Contract",
    "ContractFee",
    "ContractMilestone",
    "ContractRate",
    "ContractUnitLine",
    "CreditNoteExport",
    "Customer",
    "Expense",
    "ExportIntent",
    "ExportRecord",
    "Invoice",
    "InvoiceBatch",
    "InvoiceDesign",
    "InvoiceExport",
    "InvoiceLine",
    "LoginAttempt",
    "MailSettings",
    "NumberCounter",
    "Payment",
    "PaymentExport",
    "Product",
    "TaxRate",
    "Ticket",
    "TimeEntry",
    "UnitCount",
    "User",
    "UserSession",
    "metadata",
]
