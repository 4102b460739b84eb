from decimal import Decimal as D

from billing_app.domain.contract_terms import TermsSummary, billing_rhythm, terms_in_words
from billing_app.domain.contracts import ContractType, Frequency, ProjectBilling, Timing


def words(kind: ContractType, locale: str = "it_IT", **terms) -> str:
    summary = TermsSummary(type=kind, frequency=Frequency.MONTHLY, timing=Timing.ADVANCE, **terms)
    return terms_in_words(summary, "EUR", locale)


def test_each_type_says_its_main_terms_in_the_account_locale():
    assert words(ContractType.RETAINER, fee=D("1200")) == "1.200,00\xa0€ / month in advance"
    assert words(ContractType.HOURLY, "en_US", hourly_rate=D(85)) == "€85.00 / h"
    assert words(ContractType.BLOCK_HOURS, block_hours=D(20), block_price=D(1500),
                 overage_rate=D(95), rollover=True, rollover_cap_hours=D("7.5")) == (
        "20\xa0h for 1.500,00\xa0€, overage 95,00\xa0€/h, rollover up to 7,5\xa0h")  # fmt: skip
    assert words(ContractType.BLOCK_MONEY, block_amount=D(2000), hourly_rate=D(80)) == (
        "2.000,00\xa0€ prepaid, drawn at 80,00\xa0€ / h")  # fmt: skip
    assert words(ContractType.PER_UNIT, unit_lines=3) == "3 unit lines"
    assert words(ContractType.PER_UNIT, unit_lines=1) == "1 unit line"
    assert words(ContractType.PROJECT, project_billing=ProjectBilling.FIXED, fee=D(12000)) == (
        "Fixed 12.000,00\xa0€")  # fmt: skip
    assert words(ContractType.PROJECT, project_billing=ProjectBilling.HOURLY,
                 hourly_rate=D(90)) == "Hourly, 90,00\xa0€ / h"  # fmt: skip


def test_the_billing_rhythm_reads_as_frequency_and_timing():
    assert billing_rhythm(Frequency.QUARTERLY, Timing.ARREARS) == "Quarterly, in arrears"
