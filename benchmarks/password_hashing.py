"""Prints what one login's password check costs with the portal's argon2id parameters.

.venv/bin/python benchmarks/password_hashing.py
"""

import statistics
import time

from portail_core.passwords import HASHER, hash_password, verify_password


def main(rounds=40):
    hashed = hash_password("Valentina-2019")
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        verify_password(hashed, "Valentina-2019")
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"argon2id m={HASHER.memory_cost} KiB t={HASHER.time_cost} p={HASHER.parallelism}: "
        f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
        f"over {rounds} verifications"
    )


if __name__ == "__main__":
    main()
