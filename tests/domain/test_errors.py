import pickle

from billing_app.domain.errors import BillingError, FieldErrors


def test_a_billing_error_survives_pickling_as_from_a_worker_process():
    error = pickle.loads(pickle.dumps(BillingError("invoice_not_found", "That invoice is gone.")))
    assert type(error) is BillingError
    assert (error.code, error.message, str(error)) == (
        "invoice_not_found", "That invoice is gone.", "That invoice is gone.")  # fmt: skip


def test_field_errors_survive_pickling_with_their_fields():
    fields = {"iban": "The IBAN's checksum is wrong.", "name": "Give a name."}
    error = pickle.loads(pickle.dumps(FieldErrors("invalid_settings", fields)))
    assert type(error) is FieldErrors
    assert (error.code, error.fields) == ("invalid_settings", fields)
    assert error.message == "The IBAN's checksum is wrong. Give a name."
