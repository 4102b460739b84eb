"""Benchmark: export 1,000 invoices to the QuickBooks test server (issue 7).

    .venv/bin/python -m bench.export_qbo --invoices 1000 --customers 200

On a fresh SQLite file each: (1) a clean export of Drafts (issued, customers created, invoices
created); (2) a forced crash after half the invoice batches, then a rerun. Prints the calls
by kind, the wall time without deliberate waits, and the duplicates found in QuickBooks.
Targets: ≤ 34 batch calls + ≤ 34 customer calls, zero duplicates.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlmodel import Session

from billing_app.db import create_db_engine
from billing_app.migrations import upgrade
from billing_app.services.accounting.qbo_client import Payload, QboCaller
from billing_app.services.accounting.qbo_export import export_invoices
from tests.integrations.qbo_server import QboServer
from tests.services.accounting import qbo_setup as setup


class Crash(Exception):
    pass


class CrashingCaller(QboCaller):
    """Dies right after the QuickBooks answer of invoice batch `after` arrives."""

    after: int = 0
    invoice_batches: int = 0

    def batch(self, items: list[Payload], request_id: str) -> list[Payload]:
        answers = super().batch(items, request_id)
        if "Invoice" in items[0]:
            self.invoice_batches += 1
            if self.invoice_batches == self.after:
                raise Crash
        return answers


def calls_by_kind(server: QboServer) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for request in server.requests:
        if request.kind == "query":
            entity = "customer" if "from Customer" in request.body else "invoice"
            kinds[f"{entity} queries"] += 1
        elif request.kind == "batch":
            entity = "customer" if '"Customer"' in request.body else "invoice"
            kinds[f"{entity} batches"] += 1
        else:
            kinds[request.kind] += 1
    return kinds


def prepared(
    folder: Path, name: str, invoices: int, customers: int
) -> tuple[Session, Any, list[int]]:
    engine = create_db_engine(f"sqlite:///{folder / name}.db")
    upgrade(engine)
    session = Session(engine, expire_on_commit=False)
    setup.account(session)
    actor = setup.actor(session)
    ids = setup.drafts(session, setup.customers(session, customers), invoices)
    return session, actor, ids


def run(
    server: QboServer, session: Session, actor: Any, ids: list[int], crash_after: int = 0
) -> tuple[float, float, str]:
    caller = CrashingCaller(setup.access(server))
    caller.after = crash_after
    start = time.perf_counter()
    outcome = "ok"
    try:
        results = export_invoices(
            session, actor, ids, caller.access, setup.mappings(server), caller=caller
        )
        outcome = f"{sum(r.outcome == 'exported' for r in results)} exported"
    except Crash:
        session.rollback()
        outcome = "crashed"
    return time.perf_counter() - start - caller.waited, caller.waited, outcome


def duplicates(server: QboServer) -> int:
    numbers = Counter(r.get("DocNumber") for r in server.records("Invoice"))
    names = Counter(r["DisplayName"].lower() for r in server.records("Customer"))
    return sum(n - 1 for n in numbers.values()) + sum(n - 1 for n in names.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args()
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    with tempfile.TemporaryDirectory() as folder:
        with QboServer() as server:
            session, actor, ids = prepared(Path(folder), "clean", args.invoices, args.customers)
            server.reset_counters()
            wall, waited, outcome = run(server, session, actor, ids)
            print(
                f"clean export of {args.invoices} invoices / {args.customers} customers: {outcome}"
            )
            print(f"  wall {wall:.2f} s excluding {waited:.1f} s of deliberate waits")
            for kind, count in sorted(calls_by_kind(server).items()):
                print(f"  {kind}: {count}")
            print(
                f"  remote invoices {len(server.records('Invoice'))}, "
                f"duplicates {duplicates(server)}"
            )
        with QboServer() as server:
            session, actor, ids = prepared(Path(folder), "crash", args.invoices, args.customers)
            server.reset_counters()
            batches = -(-args.invoices // 30)
            _, _, first = run(server, session, actor, ids, crash_after=batches // 2)
            wall, waited, outcome = run(server, session, actor, ids)
            print(
                f"crash after invoice batch {batches // 2}: {first}; "
                f"rerun: {outcome} in {wall:.2f} s"
            )
            for kind, count in sorted(calls_by_kind(server).items()):
                print(f"  {kind} (both runs): {count}")
            print(
                f"  remote invoices {len(server.records('Invoice'))}, "
                f"duplicates {duplicates(server)}, "
                f"replayed batches {server.replayed}"
            )


if __name__ == "__main__":
    main()
