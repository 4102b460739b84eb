from sqlmodel import Field, SQLModel


class PostalAddress(SQLModel):
    """The address and VAT id of an organisation: the account's or a customer's."""

    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    postcode: str = Field(default="", max_length=20)
    region: str = Field(default="", max_length=100)
    country: str = Field(max_length=2)
    vat_id: str = Field(default="", max_length=40)
