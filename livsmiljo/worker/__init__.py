"""Background work that cannot silently die.

- `locks`: work that meets a locked database waits with backoff and tries again instead of failing.
- `heartbeat`: a run refreshes its `heartbeat_at` while a process works on it.
- `recovery`: runs whose heartbeat went stale (their process died) are queued again, or failed with a
  reason after too many attempts.
- `runner`: the task worker (`livsmiljo worker`), whose loop survives lock errors and crashes of a poll.
- `supervisor`: `livsmiljo serve` starts the worker as a child process and restarts it when it dies.
- `leases`: several workers (on several machines) never work on the same run at the same time.
- `alive`: each worker's own heartbeat in the shared cache, read by `/halsa/` and `check-deploy`.
"""
