import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.contracts import RoundingScope
from billing_app.domain.errors import BillingError
from billing_app.domain.time_lines import HourlyRates, TimeWork, time_lines
from billing_app.domain.work import LineKind

D = Decimal
DAY = dt.date(2026, 10, 5)
RATES = HourlyRates("Hourly Acme", default=D(65), by_work_type={"On-site": D(85)})


def entry(entry_id, minutes, *, ticket=7, work_type="Remote support", override=None):
    return TimeWork(entry_id, ticket, "Printer offline", DAY, minutes, work_type, override)


def test_each_entry_at_its_rate_override_beats_work_type_beats_contract_rate():
    lines = time_lines(
        [entry(1, 60), entry(2, 60, work_type="On-site"), entry(3, 60, override=D(50))],
        RoundingRule(),
        RATES,
    )
    assert [(line.kind, line.hours, line.rate) for line in lines] == [
        (LineKind.TIME_ENTRY, D(1), D(65)),
        (LineKind.TIME_ENTRY, D(1), D(85)),
        (LineKind.TIME_ENTRY, D(1), D(50)),
    ]
    assert lines[0].description == "2026-10-05 · Remote support · Ticket #7: Printer offline"


def test_per_ticket_aggregation_merges_entries_at_the_same_rate_only():
    rule = RoundingRule(increment_minutes=60, scope=RoundingScope.TICKET)
    lines = time_lines([entry(1, 45), entry(2, 45), entry(3, 5), entry(4, 20, work_type="On-site")],
                       rule, RATES)  # fmt: skip
    assert [(line.kind, line.hours, line.rate, line.entry_ids) for line in lines] == [
        (LineKind.TICKET, D(2), D(65), (1, 2, 3)),
        (LineKind.TICKET, D(1), D(85), (4,)),
    ]
    assert lines[0].description == "Ticket #7: Printer offline (3 time entries)"


def test_hours_keep_four_decimals():
    (line,) = time_lines([entry(1, 50)], RoundingRule(), RATES)
    assert line.hours == D("0.8333")


def test_direct_contract_time_says_so():
    (line,) = time_lines([entry(1, 30, ticket=None)], RoundingRule(), RATES)
    assert line.description == "2026-10-05 · Remote support (contract time)"
    assert line.ticket_id is None


def test_time_without_any_rate_is_refused_naming_the_contract():
    with pytest.raises(BillingError) as error:
        time_lines([entry(1, 30)], RoundingRule(), HourlyRates("Block X", default=None))
    assert error.value.code == "no_rate"
    assert "Contract 'Block X' has no hourly rate for Remote support" in error.value.message
