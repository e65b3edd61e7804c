"""Audit many apps in one run: one JSON line per app, in parallel, resumable.

    apps.py      the apps a folder or a list names
    inputs.py    the files an app is read from, and their content hashes
    line.py      the result line of one app (``privacy-audit schema batch-line``)
    results.py   the results file: what is already done, appending whole lines
    worker.py    what a worker process does with one app
    pool.py      worker processes with a per-app time limit, surviving a worker's death
    progress.py  the progress line on a terminal
    run.py       the whole batch: apps -> workers -> results file
    summary.py   counts over a results file, streamed
"""
