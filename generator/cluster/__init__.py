"""Extraction on a Dask cluster: ``sitrep extract ARTICLES --json OUT --dask ADDRESS``.

Per-article extraction is a pure function of the text and the rules, so it runs
anywhere sitrep is installed. The flow, one module each:

- :mod:`~generator.cluster.plan` — the articles folder listed (nothing read) and
  cut into shards of a few MB, at boundaries chosen by the files' names, so that
  adding a file changes one shard, not every shard after it;
- :mod:`~generator.cluster.worker` — one task per shard, on a worker: its files
  read through sitrep's ingest, extracted by the pipeline the worker built once
  (:class:`~generator.cluster.worker.ExtractorPlugin`), written as one output
  shard; a shard whose output already holds what the current extractor makes of
  the same input is left as it is;
- :mod:`~generator.cluster.shardfile` — the output shards (JSONL through fsspec,
  so a shared folder or an object store works) and the index that lists them;
- :mod:`~generator.cluster.blocks` — the merge into events cut into groups no
  comparison crosses (governorate block and date window), merged by tasks; a group
  too large to hand a task whole goes in a file of the shards' storage and comes
  back in another;
- :mod:`~generator.cluster.spill` — such a group merged in a working set of fixed
  size (its events in an SQLite file, the recently used in memory), the same events
  and near misses as the merge in memory;
- :mod:`~generator.cluster.settle` — what the client holds kept out of the
  garbage collector's full collections while it runs;
- :mod:`~generator.cluster.run` — the client: connect (or start a local cluster),
  submit, show progress, name the files of a failed shard, then read every output
  shard back and merge the incidents into events on this machine, exactly as a
  local run does, so the JSON is byte-identical to ``--jobs 1``.
"""
