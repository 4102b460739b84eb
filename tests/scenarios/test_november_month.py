"""November 2026 of a small MSP billed end to end: six contracts, three currencies.

Every figure below is worked out by hand in the comments, not by the code under test.
"""

import datetime as dt
from decimal import Decimal

from sqlmodel import select

from billing_app.domain.contracts import ContractType, ProjectBilling, RoundingScope
from billing_app.domain.work import TicketStatus
from billing_app.models import (
    AccountSettings,
    BlockBalance,
    ContractMilestone,
    ContractUnitLine,
    Customer,
    Expense,
    Invoice,
    InvoiceLine,
    UnitCount,
)
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import preview_batch
from billing_app.services.batches.save import save_batch
from tests import factories

D, d = Decimal, dt.date
NOV = (d(2026, 11, 1), d(2026, 11, 30))
START = d(2025, 1, 1)


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 9, 0, tzinfo=dt.UTC)


def closed_ticket(session, customer, contract, *minutes: int):
    ticket = factories.ticket(
        session, customer, contract_id=contract.id, status=TicketStatus.CLOSED
    )
    for day, duration in enumerate(minutes, start=2):
        factories.time_entry(session, ticket, duration_minutes=duration, started_at=at(day))
    return ticket


def build_month(session):
    session.add(AccountSettings(legal_name="Rete Sicura", country="IT", currency="EUR",
                                locale="it_IT"))  # fmt: skip
    alfa = factories.customer(session, name="Alfa S.r.l.", billing_emails="a@alfa.it")
    factories.contract(session, alfa, name="Alfa retainer", type=ContractType.RETAINER,
                       fee=D(500), start_date=START)  # fmt: skip

    beta = factories.customer(session, name="Beta LLC", country="US", currency="USD",
                              tax_exempt=True, billing_emails="ap@beta.us")  # fmt: skip
    beta_hourly = factories.contract(session, beta, name="Beta hourly", hourly_rate=D(120),
                                     rounding_increment_minutes=15, start_date=START)  # fmt: skip
    closed_ticket(session, beta, beta_hourly, 50, 20)
    factories.add(session, Expense(customer_id=beta.id, contract_id=beta_hourly.id,
                                   spent_on=d(2026, 11, 4), description="Cable kit",
                                   amount=D("25.00"), markup_percent=D(10)))  # fmt: skip

    gamma = factories.customer(session, name="Gamma KK", country="JP", currency="JPY",
                               tax_exempt=True, billing_emails="keiri@gamma.jp")  # fmt: skip
    gamma_units = factories.contract(session, gamma, name="Gamma monitoring",
                                     type=ContractType.PER_UNIT, hourly_rate=None,
                                     start_date=START)  # fmt: skip
    servers = factories.add(session, ContractUnitLine(contract_id=gamma_units.id, name="Servers",
                                                      unit_price=D(5000)))  # fmt: skip
    desks = factories.add(
        session,
        ContractUnitLine(contract_id=gamma_units.id, name="Workstations", unit_price=D(1500)),
    )
    session.add_all([
        UnitCount(unit_line_id=servers.id, effective_from=START, quantity=D(3)),
        UnitCount(unit_line_id=desks.id, effective_from=START, quantity=D(10)),
        UnitCount(unit_line_id=desks.id, effective_from=d(2026, 11, 16), quantity=D(16)),
    ])  # fmt: skip

    delta = factories.customer(session, name="Delta S.p.A.", billing_emails="amm@delta.it")
    delta_block = factories.contract(
        session, delta, name="Delta block", type=ContractType.BLOCK_HOURS, block_hours=D(10),
        block_price=D(700), overage_rate=D(90), rollover=True, rollover_cap_hours=D(5),
        hourly_rate=D(70), rounding_scope=RoundingScope.TICKET, start_date=START,
    )  # fmt: skip
    closed_ticket(session, delta, delta_block, 400, 320)  # 720 min = 12 h

    epsilon = factories.customer(session, name="Epsilon Srl", billing_emails="e@epsilon.it")
    epsilon_money = factories.contract(session, epsilon, name="Epsilon prepaid",
                                       type=ContractType.BLOCK_MONEY, block_amount=D(1000),
                                       hourly_rate=D(80), start_date=START)  # fmt: skip
    closed_ticket(session, epsilon, epsilon_money, 180, 120)  # 5 h

    zeta = factories.customer(session, name="Zeta Srl", billing_emails="z@zeta.it")
    zeta_project = factories.contract(session, zeta, name="Zeta migration",
                                      type=ContractType.PROJECT, hourly_rate=None,
                                      project_billing=ProjectBilling.FIXED, fee=D(6000),
                                      start_date=d(2026, 11, 1))  # fmt: skip
    session.add_all([
        ContractMilestone(contract_id=zeta_project.id, name="Kick-off", amount=D(2400),
                          bill_on=d(2026, 11, 10)),
        ContractMilestone(contract_id=zeta_project.id, name="Go-live", amount=D(3600),
                          bill_on=d(2027, 1, 15)),
    ])  # fmt: skip
    session.commit()


def invoice_of(session, customer_name):
    invoice = session.exec(
        select(Invoice).join(Customer).where(Customer.name == customer_name)
    ).one()
    lines = session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)
                         .order_by(InvoiceLine.position)).all()  # fmt: skip
    return invoice, [(line.quantity, line.unit_price, line.net, line.tax) for line in lines]


def test_november_is_billed_to_the_cent(session):
    build_month(session)
    assert preview_batch(session, SYSTEM, *NOV, RunFilters()).exceptions == []
    save_batch(session, SYSTEM, "November 2026", *NOV, RunFilters())
    session.commit()

    # Retainer: 500.00 + 22% = 610.00
    alfa, lines = invoice_of(session, "Alfa S.r.l.")
    assert lines == [(D(1), D(500), D("500.00"), D("110.00"))]
    assert (alfa.currency, alfa.total) == ("EUR", D("610.00"))

    # Hourly, USD, exempt: 50 min → 1 h and 20 min → 0.5 h at 120 = 120 + 60;
    # cable 25.00 + 10% = 27.50. Total 207.50, no tax.
    beta, lines = invoice_of(session, "Beta LLC")
    assert lines == [(D(1), D(120), D("120.00"), D(0)), (D("0.5"), D(120), D("60.00"), D(0)),
                     (D(1), D("27.5"), D("27.50"), D(0))]  # fmt: skip
    assert (beta.currency, beta.total) == ("USD", D("207.50"))

    # Per unit, JPY: 3 servers x 5,000 = 15,000; workstations 10 for 15 days and 16 for 15
    # days = 13 on average x 1,500 = 19,500. Total ¥34,500.
    gamma, lines = invoice_of(session, "Gamma KK")
    assert lines == [(D(3), D(5000), D(15000), D(0)), (D(13), D(1500), D(19500), D(0))]
    assert (gamma.currency, gamma.total) == ("JPY", D(34500))

    # Block hours: block 700.00; 12 h used of 10 → 2 h x 90 = 180.00 beyond the block.
    # Net 880.00, VAT 154.00 + 39.60 = 193.60, total 1,073.60; nothing carried.
    delta, lines = invoice_of(session, "Delta S.p.A.")
    assert [line for line in lines if line[1] != 0] == [
        (D(1), D(700), D("700.00"), D("154.00")),
        (D(2), D(90), D("180.00"), D("39.60")),
    ]
    assert delta.total == D("1073.60")
    assert "0,00 h carried to the next period" in delta.notes

    # Block money: the prepaid 1,000.00 is billed; 5 h x 80 = 400 drawn from it, at no
    # extra charge. Total 1,220.00; 600.00 left.
    epsilon, lines = invoice_of(session, "Epsilon Srl")
    assert lines[0] == (D(1), D(1000), D("1000.00"), D("220.00"))
    assert epsilon.total == D("1220.00")
    balance = session.exec(select(BlockBalance.balance)
                           .where(BlockBalance.invoice_id == epsilon.id)).one()  # fmt: skip
    assert balance == D(600)

    # Project: only the Kick-off milestone falls in November: 2,400.00 + 22% = 2,928.00
    zeta, lines = invoice_of(session, "Zeta Srl")
    assert lines == [(D(1), D(2400), D("2400.00"), D("528.00"))]
    assert zeta.total == D("2928.00")

    euro = sum(i.total for i in session.exec(select(Invoice).where(Invoice.currency == "EUR")))
    assert euro == D("5831.60")  # 610 + 1,073.60 + 1,220 + 2,928
