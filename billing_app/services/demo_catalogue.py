"""The fixed part of the demo MSP: who its customers are and what it sells."""

from __future__ import annotations

from dataclasses import dataclass

from billing_app.domain.contracts import ContractType
from billing_app.domain.roles import Role


@dataclass(frozen=True)
class DemoCustomer:
    name: str
    email: str
    street: str
    city: str
    postcode: str
    country: str
    vat_id: str
    currency: str
    contract: ContractType
    rate: str  # hourly rate in the customer's currency


# fmt: off
CUSTOMERS = (
    DemoCustomer("Studio Legale Bianchi", "amministrazione@studiobianchi.it", "Via Manzoni 12",
                 "Milano", "20121", "IT", "IT01234567897", "EUR", ContractType.RETAINER, "75"),
    DemoCustomer("Ferramenta Rossi S.n.c.", "contabilita@ferramentarossi.it", "Corso Vercelli 8",
                 "Torino", "10122", "IT", "IT09876543217", "EUR", ContractType.HOURLY, "65"),
    DemoCustomer("Clinica Veterinaria San Marco", "fatture@vetsanmarco.it", "Via Roma 44",
                 "Bergamo", "24122", "IT", "IT04567890125", "EUR", ContractType.BLOCK_HOURS, "70"),
    DemoCustomer("Architetti Verdi & Associati", "", "Piazza Duomo 3",
                 "Brescia", "25121", "IT", "IT07654321098", "EUR", ContractType.BLOCK_MONEY, "80"),
    DemoCustomer("Hotel Lago Blu", "admin@hotellagoblu.it", "Lungolago 21",
                 "Como", "22100", "IT", "IT03216549870", "EUR", ContractType.PER_UNIT, "70"),
    DemoCustomer("Cantina Colli Euganei", "ufficio@cantinacolli.it", "Via dei Vigneti 5",
                 "Padova", "35122", "IT", "IT05678901234", "EUR", ContractType.PROJECT, "85"),
    DemoCustomer("Müller Steuerberatung GmbH", "buchhaltung@mueller-steuer.de", "Leopoldstraße 9",
                 "München", "80802", "DE", "DE123456789", "EUR", ContractType.RETAINER, "90"),
    DemoCustomer("Bäckerei Schneider KG", "info@baeckerei-schneider.de", "Hauptstraße 77",
                 "Stuttgart", "70173", "DE", "DE987654321", "EUR", ContractType.HOURLY, "85"),
    DemoCustomer("Thames Dental Practice Ltd", "accounts@thamesdental.co.uk", "14 Riverside Walk",
                 "London", "SE1 9PP", "GB", "GB123456789", "GBP", ContractType.PER_UNIT, "70"),
    DemoCustomer("Harper & Cole Accountants", "billing@harpercole.co.uk", "2 King Street",
                 "Manchester", "M2 4WU", "GB", "GB987654321", "GBP",
                 ContractType.BLOCK_HOURS, "75"),
)

# fmt: off
PRODUCTS = (  # SKU, name, unit price, accounting item code; all at 22% VAT
    ("LIC-M365-BP", "Microsoft 365 Business Premium (monthly)", "20.60", "4010"),
    ("LIC-AV-EP", "Endpoint protection licence (monthly)", "4.50", "4010"),
    ("BKP-CLOUD-100", "Cloud backup, 100 GB", "12.00", "4020"),
    ("HW-SSD-1TB", "SSD 1 TB NVMe", "89.90", "4100"),
    ("HW-UPS-1500", "UPS 1500 VA line-interactive", "329.00", "4100"),
    ("HW-SW-24P", "Managed switch 24 ports PoE", "412.50", "4100"),
    ("HW-LAPTOP-14", "Business laptop 14\"", "1149.00", "4100"),
    ("SRV-ONBOARD", "New user onboarding", "95.00", "4000"),
    ("SRV-AUDIT", "Security audit (fixed price)", "750.00", "4000"),
    ("SRV-TRAIN-H", "User training, per hour", "60.00", "4000"),
)
# fmt: on

UNIT_LINES = (
    ("Servers", "45.00", 3),
    ("Workstations", "18.50", 24),
    ("Cloud backup GB", "0.12", 500),
)

# fmt: on

TECHNICIANS = ("Giulia Conti", "Marco Ferri", "Luca Moretti", "Sara Galli")

WORK_TYPES = ("Remote support", "Remote support", "On-site", "Project work")

TICKET_SUBJECTS = (
    "Outlook does not sync the shared calendar",
    "New employee: laptop and accounts",
    "VPN drops every few minutes",
    "Printer on 2nd floor shows offline",
    "Backup job failed on file server",
    "Replace failing disk in NAS",
    "Wi-Fi slow in meeting room",
    "Password reset and MFA enrolment",
    "Migrate mailbox to Microsoft 365",
    "Firewall firmware update",
    "Install accounting software update",
    "Phishing e-mail reported by staff",
    "Server restarts overnight",
    "Set up new multifunction printer",
)

DEMO_USERS = (  # e-mail, name, role, password: documented in the README, demo data only
    ("admin@demo.test", "Anna Admin", Role.ADMIN, "demo-admin-2026"),
    ("billing@demo.test", "Bruno Billing", Role.BILLING, "demo-billing-2026"),
    ("giulia@demo.test", "Giulia Conti", Role.TECHNICIAN, "demo-tech-2026"),
    ("viewer@demo.test", "Vera Viewer", Role.READ_ONLY, "demo-viewer-2026"),
)
