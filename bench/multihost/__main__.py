"""`python -m bench.multihost`: a load run and an outage run on a fresh cluster, printed."""

import time
from collections import Counter

from bench.multihost.load import load_run
from bench.multihost.outage import outage_run
from bench.multihost.servers import Cluster


def main() -> None:
    started = time.monotonic()
    running = Cluster()
    try:
        result = load_run(running)
        for (kind, status), count in sorted(result.statuses.items()):
            print(f"{kind:<18} {status:>4} {count:>6}")
        print("unexpected:", result.unexpected[:5])
        cut = outage_run(running)
        print(Counter((kind, status, retry) for kind, status, retry, _ in cut.answers))
        print(f"recovered {cut.recovered_after:.1f} s after the restart")
    finally:
        running.close()
    print(f"{time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
