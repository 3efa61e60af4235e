"""Load on the receiver, loopback only: N distinct submissions from C concurrent clients.

Used by tests/test_receiver.py (which checks every acknowledged submission is in the inbox
exactly once) and runnable alone: `make bench-receiver` prints throughput and p50/p99 latency
for bench/RESULTS.md. Timings are reported, never asserted.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def document(i: int) -> dict:
    return {
        "corporation": ["actium", "domesta", "woonconcept", "woonservice"][i % 4],
        "eviction": "restrained",
        "lenient_collection": "yes",
        "scope": "unknown",
        "exceptions": None,
        "effective_from": (date(2025, 1, 1) + timedelta(days=i % 300)).isoformat(),
        "statement": f"Belastingtest bericht {i}: wij zoeken samen naar een oplossing.",
        "policy_url": None,
        "contact": None,
        "sender": {"name": f"Tester {i}", "role": "Test", "email": f"t{i}@example.org"},
    }


def load(port: int, origin: str, total: int = 1000, clients: int = 50) -> dict:
    """Post ``total`` distinct submissions; return receipts per index and the timings."""

    def one(i: int) -> tuple[int, int, str | None, float]:
        body = json.dumps(document(i)).encode()
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(
                "POST",
                "/standpunt",
                body=body,
                headers={"Content-Type": "application/json", "Origin": origin},
            )
            response = connection.getresponse()
            answer = json.loads(response.read() or b"{}")
            status = response.status
        finally:
            connection.close()
        return i, status, answer.get("receipt"), time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[3] for r in results)
    return {
        "receipts": {i: receipt for i, status, receipt, _ in results if status == 201},
        "statuses": [status for _, status, _, _ in results],
        "seconds": elapsed,
        "throughput": total / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def main() -> int:
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]
    from receiver_support import Receiver

    from conftest import copy_content

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        receiver = Receiver(tmp, copy_content(tmp), "http://127.0.0.1:1").start()
        try:
            result = load(receiver.port, receiver.site, total, clients)
        finally:
            receiver.stop()
    acknowledged = len(result["receipts"])
    print("| submissions | clients | acknowledged | seconds | per second | p50 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {total} | {clients} | {acknowledged} | {result['seconds']:.1f} | "
        f"{result['throughput']:.0f} | {result['p50_ms']:.0f} | {result['p99_ms']:.0f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
