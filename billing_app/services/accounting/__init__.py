"""Accounting connections and exports: one verb a module."""
