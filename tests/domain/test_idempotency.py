from billing_app.domain.idempotency import batch_key, export_key, refund_key


def test_the_same_invoice_version_always_gets_the_same_key_of_at_most_36_characters():
    key = export_key("xero", 42, 3)
    assert key == export_key("xero", 42, 3)
    assert len(key) == 36


def test_a_new_version_another_provider_or_operation_gets_another_key():
    keys = {export_key("xero", 42, 3), export_key("xero", 42, 4), export_key("quickbooks", 42, 3),
            export_key("xero", 43, 3), export_key("xero", 42, 3, "credit_note")}  # fmt: skip
    assert len(keys) == 5


def test_a_batch_key_ignores_the_order_of_its_items():
    assert batch_key(["b", "a"]) == batch_key(["a", "b"]) != batch_key(["a", "c"])
    assert len(batch_key(["a"])) == 36


def test_each_step_of_pushing_a_refund_has_its_own_stable_key():
    key = refund_key("xero", 7, "credit_note")
    assert key == refund_key("xero", 7, "credit_note") and len(key) <= 36
    others = {
        refund_key("xero", 7, "allocation"),
        refund_key("quickbooks", 7, "credit_note"),
        refund_key("xero", 8, "credit_note"),
        export_key("xero", 7, 0, "credit_note"),
    }
    assert key not in others and len(others) == 4


def test_a_batch_key_with_a_body_changes_with_the_body_only():
    body = {"Invoices": [{"LineItems": [{"TaxType": "OUTPUT2", "UnitAmount": 1}]}]}
    fixed = {"Invoices": [{"LineItems": [{"TaxType": "OUTPUT", "UnitAmount": 1}]}]}
    assert batch_key(["a"], body) == batch_key(["a"], dict(body)) != batch_key(["a"], fixed)
    assert batch_key(["a"], body) != batch_key(["a"])
