import datetime as dt

from billing_app.domain.roles import Role
from billing_app.domain.work import TicketStatus
from billing_app.models import AccountSettings
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import save_batch
from billing_app.services.ticket_listing import list_tickets
from tests import factories

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_tickets_show_their_time_and_the_batch_that_billed_them(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    clerk = factories.actor(factories.user(session, Role.BILLING))
    tech = factories.actor(factories.user(session, Role.TECHNICIAN, email="t@example.com"))
    acme = factories.customer(session, name="Acme")
    contract = factories.contract(session, acme)
    billed = factories.ticket(session, acme, contract_id=contract.id, subject="Printer offline",
                              status=TicketStatus.CLOSED)  # fmt: skip
    factories.time_entry(session, billed, duration_minutes=45)
    factories.time_entry(session, billed, duration_minutes=30)
    open_one = factories.ticket(session, acme, subject="VPN drops")
    save_batch(session, clerk, "October 2026", *OCT, RunFilters())
    rows = {row.id: row for row in list_tickets(session, tech).rows}
    assert (rows[billed.id].minutes, rows[billed.id].billed_in) == (75, "October 2026")
    assert (rows[open_one.id].minutes, rows[open_one.id].billed_in) == (0, None)
    assert [r.id for r in list_tickets(session, tech, search="vpn").rows] == [open_one.id]
    assert [r.id for r in list_tickets(session, tech, status=TicketStatus.CLOSED).rows] == [
        billed.id
    ]
    assert [r.id for r in list_tickets(session, tech, search=f"#{billed.id}").rows] == [billed.id]
