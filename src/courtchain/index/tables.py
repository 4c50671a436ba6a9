"""Rows of the index's question tables, derived from decoded events alone (see schema.py): an enforcement case's
money movements and the deadlines the keeper follows (its own watchers' `on_event`, so the index and the keeper agree
on what is pending). Pure functions of the events: the follower writes them in the page's transaction, and a
rollback deletes those after the common ancestor and recomputes the pending deadlines they touched."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..suite import Event, Suite

MAX_ID = 2**63 - 1
OFFICE = "EnforcementOffice"
HUB = "CourtConsortium"
# IEnforcementOffice.OrderKind: Freeze 1, Deduct 2, Release 3 (Terminate 4 moves no money)
_ORDER_KINDS = {1: "frozen", 2: "deducted", 3: "released"}
MONEY_KINDS = ("admitted", "frozen", "deducted", "released", "deposited", "distributed", "withdrawn")


def money_row(e: Event) -> dict[str, Any] | None:
    """The money movement an EnforcementOffice event records, or None."""
    if e.contract != OFFICE:
        return None
    a = e.args
    kind: str | None = None
    creditor: int | None = None
    account: str | None = None
    amount = 0
    if e.name == "CreditorAdmitted":
        kind, creditor, account, amount = "admitted", int(a["creditorId"]), str(a["payee"]), int(a["claim"])
    elif e.name == "OrderExecuted":
        kind, amount = _ORDER_KINDS.get(int(a["kind"])), int(a["amount"])
    elif e.name == "Deposited":
        kind, account, amount = "deposited", str(a["from"]), int(a["amount"])
    elif e.name == "DistributionCredited":
        kind, creditor, account, amount = "distributed", int(a["creditorId"]), str(a["payee"]), int(a["amount"])
    elif e.name == "Withdrawn":
        kind, creditor, account, amount = "withdrawn", int(a["creditorId"]), str(a["payee"]), int(a["amount"])
    elif e.name == "CaseClosed" and int(a["frozenReleased"]) > 0:
        kind, amount = "released", int(a["frozenReleased"])
    case = int(a.get("caseId", 0))
    if kind is None or case > MAX_ID or (creditor is not None and creditor > MAX_ID):
        return None
    return {
        "block": e.block,
        "log_index": e.log_index,
        "enforcement_id": case,
        "kind": kind,
        "creditor_id": creditor,
        "account": account,
        "amount": str(amount),
    }


class Deadlines:
    """The keeper's watchers, used for their `on_event` only (no views, nothing sent)."""

    def __init__(self, suite: Suite) -> None:
        from ..watchers import WATCHERS

        self.watchers = [w(suite) for w in WATCHERS]
        self.contract = {w.name: w.contract for w in self.watchers}
        self._by_event: dict[tuple[str, str], list[Any]] = {}
        for w in self.watchers:
            for name in w.events:
                self._by_event.setdefault((w.contract, name), []).append(w)

    def changes(self, events: Iterable[Event]) -> list[dict[str, Any]]:
        """Every deadline change the events make, in chain order: `due` a time (0: at once), or None (finished)."""
        out: dict[tuple[str, str, int, int], dict[str, Any]] = {}
        for e in events:
            for w in self._by_event.get((e.contract, e.name), ()):
                new, finished = w.on_event(e)
                for item in finished:
                    out[(w.name, str(item), e.block, e.log_index)] = _change(w.name, item, e, None)
                for item, due in new:
                    out[(w.name, str(item), e.block, e.log_index)] = _change(w.name, item, e, int(due))
        return list(out.values())


def _change(watcher: str, item: int, e: Event, due: int | None) -> dict[str, Any]:
    return {"watcher": watcher, "item": str(item), "block": e.block, "log_index": e.log_index, "due": due}
