from decimal import Decimal as D

import pytest

from billing_app.domain.contract_form import ContractForm, read_contract
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.errors import FieldErrors

BASE = ContractForm(customer_id=1, name="Support", start_date="2026-01-01")


def test_only_the_chosen_types_terms_are_read_the_others_stay_empty():
    form = ContractForm(**{**BASE.__dict__, "type": "retainer", "fee": "900",
                           "block_hours": "lots", "block_amount": "2000"})  # fmt: skip
    terms, lines = read_contract(form, "EUR", "it_IT")
    assert (terms.type, terms.fee, terms.block_hours, terms.block_amount) == (
        ContractType.RETAINER, D(900), None, None)  # fmt: skip
    assert lines == ()


def test_an_hourly_project_needs_the_hourly_rate_and_says_so_next_to_it():
    form = ContractForm(**{**BASE.__dict__, "type": "project", "project_billing": "hourly",
                           "fee": "5000"})  # fmt: skip
    with pytest.raises(FieldErrors) as error:
        read_contract(form, "EUR", "it_IT")
    assert error.value.fields == {
        "hourly_rate": "Project contracts need an hourly rate; fill it in before saving."
    }
    terms, _ = read_contract(ContractForm(**{**form.__dict__, "hourly_rate": "85"}), "EUR", "it_IT")
    assert (terms.project_billing, terms.hourly_rate, terms.fee) == (
        ProjectBilling.HOURLY, D(85), None)  # fmt: skip


def test_a_yen_amount_with_decimals_and_a_tax_rate_over_100_are_refused():
    form = ContractForm(**{**BASE.__dict__, "type": "hourly", "hourly_rate": "8500.5",
                           "tax_rate": "122"})  # fmt: skip
    with pytest.raises(FieldErrors) as error:
        read_contract(form, "JPY", "ja_JP")
    assert set(error.value.fields) == {"hourly_rate", "tax_rate"}
    assert "more decimals than JPY allows" in error.value.fields["hourly_rate"]
