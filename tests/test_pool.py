"""The worker pool on its own: every task answered, a worker's quota, a crash and a time-out."""

from __future__ import annotations

import os
import time

from privacy_audit.batch.pool import Failure, WorkerPool


def nothing(_: object) -> None:
    pass


def pid_of_worker(task: int) -> tuple[int, int]:
    return task, os.getpid()


def misbehave(task: str) -> str:
    if task == "crash":
        os._exit(3)
    if task == "hang":
        time.sleep(60)
    return task


def test_every_task_is_answered_and_workers_are_replaced_after_their_quota() -> None:
    pool = WorkerPool(1, nothing, None, pid_of_worker, tasks_per_worker=2)
    results = dict(pool.run(range(6)))
    assert sorted(results) == list(range(6))
    pids = [pid for _, pid in sorted(results.values())]
    assert len(set(pids)) == 3 and pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5]


def test_a_crash_or_a_time_out_costs_one_task() -> None:
    pool = WorkerPool(2, nothing, None, misbehave, time_limit=0.5)
    results = dict(pool.run(["a", "crash", "b", "hang", "c"]))
    assert {k: v for k, v in results.items() if not isinstance(v, Failure)} == {"a": "a", "b": "b", "c": "c"}
    crash, hang = results["crash"], results["hang"]
    assert isinstance(crash, Failure) and crash.kind == "crash" and "exit code 3" in crash.message
    assert isinstance(hang, Failure) and hang.kind == "timeout" and hang.seconds >= 0.5
