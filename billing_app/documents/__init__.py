"""Invoice documents: Jinja2 templates, PDF rendering and e-mail messages, free of the database."""
