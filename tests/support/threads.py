"""Calls started at the same moment in threads of their own (a database server's
concurrency tests): each thread waits at a barrier, runs its call, closes its database
connections; the results (or the exception raised) come back in the calls' order."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connections


def together(*calls: Any, timeout: float = 30) -> list[Any]:
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i: int, call: Any) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - a refusal is the result
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
