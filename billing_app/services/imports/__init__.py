"""CSV import of tickets, time entries and expenses: a preview with every row's errors, then
all rows in one transaction or none."""
