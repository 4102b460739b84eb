from billing_app.domain.contact_match import (
    ContactMatch,
    CustomerRef,
    MatchedBy,
    ProviderContact,
    match_contacts,
)

CONTACTS = [
    ProviderContact("c-1", "ACME  S.r.l.", "info@acme.test"),
    ProviderContact("c-2", "Beta SpA", "Billing@Beta.test"),
    ProviderContact("c-3", "beta spa", ""),
]


def test_stored_id_then_name_then_email_and_the_rest_to_create():
    customers = [
        CustomerRef(1, "Renamed Acme", stored_id="c-1"),
        CustomerRef(2, " acme s.r.l. "),
        CustomerRef(3, "Gamma", emails=("x@gamma.test", "billing@beta.test ")),
        CustomerRef(4, "Delta", emails=("delta@delta.test",)),
    ]
    result = match_contacts(customers, CONTACTS)
    assert result.matched == {
        1: ContactMatch("c-1", MatchedBy.STORED_ID),
        2: ContactMatch("c-1", MatchedBy.NAME),
        3: ContactMatch("c-2", MatchedBy.EMAIL),
    }
    assert result.to_create == (customers[3],)


def test_a_stored_id_gone_from_the_provider_falls_back_to_the_name():
    result = match_contacts([CustomerRef(1, "Beta SpA", stored_id="deleted")], CONTACTS)
    assert result.matched == {1: ContactMatch("c-2", MatchedBy.NAME)}  # the first listed wins


def test_no_contacts_means_every_customer_is_created():
    customers = [CustomerRef(1, "Acme")]
    assert match_contacts(customers, []).to_create == tuple(customers)


def test_thousands_match_in_one_pass():
    contacts = [ProviderContact(f"c-{n}", f"Customer {n}") for n in range(5000)]
    customers = [CustomerRef(n, f"customer {n}") for n in range(0, 10000, 2)]
    result = match_contacts(customers, contacts)
    assert len(result.matched) == 2500 and len(result.to_create) == 2500
