"""Classifying and reporting on inputs of any size: streamed on one machine, or spread over a Dask cluster.

Both engines cut the input into chunks, validate each chunk with
:func:`ces_nlp.ingest.validate` (row numbers stay those of the whole file), score
each distinct comment once and add the same columns as
:func:`ces_nlp.classify.classify_export`. A row's result depends only on its own
text, so the engines give identical output.

* **local** (default): chunks are read one after the other (memory stays bounded
  by the chunk size) and scored by a pool of worker processes, one per core,
  while the main process reads, validates and writes; output is written through
  an atomic :class:`~ces_nlp.sinks.TableSink`.
* **dask**: the input must be Parquet (a file, or a folder forming one data set);
  its row groups are split into pieces, each piece is read, scored and written
  as one part of a Parquet data set by a Dask worker (a ``LocalCluster`` with one
  worker per core when no scheduler address is given). Only counts and rejected
  rows travel back. Workers load the model from its directory, so they must see
  the same file system as the caller.

Reports run the same way: each chunk or piece becomes a cell table
(:func:`ces_nlp.report.export_cells`), the tables are summed with
:func:`ces_nlp.report.merge_cells`, and :func:`ces_nlp.report.compute_report`
turns the sum into the report, so both engines give the same numbers.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from .artifact import DriverModel, load_model
from .classify import assemble, score_texts, threshold_vector
from .errors import InputError
from .ingest import CesScale, Columns, Export, read_export, rejects_path, validate
from .progress import RowProgress
from .sinks import PartsSink, TableSink, write_part
from .stream import DEFAULT_CHUNK_ROWS, count_rows, is_parquet, iter_chunks, plan_pieces, read_piece
from .taxonomy import Taxonomy

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class ReadOptions:
    """How to read and validate the input (see :func:`ces_nlp.ingest.validate`)."""

    columns: Columns = Columns()
    scale: CesScale = CesScale()
    require_ces: bool = False
    on_bad_row: str = "reject"
    delimiter: str | None = None
    encoding: str = "auto"
    chunk_rows: int = DEFAULT_CHUNK_ROWS

    def validate(self, df: pd.DataFrame, path, row_offset: int) -> Export:
        return validate(df, path=path, columns=self.columns, scale=self.scale, require_ces=self.require_ces,
                        on_bad_row=self.on_bad_row, row_offset=row_offset)

    def read(self, path) -> Export:
        """The whole file at once (:func:`ces_nlp.ingest.read_export`)."""
        return read_export(path, columns=self.columns, scale=self.scale, require_ces=self.require_ces,
                           on_bad_row=self.on_bad_row, delimiter=self.delimiter, encoding=self.encoding)


@dataclass
class RunStats:
    """Counts of a run: every input row is accepted (with or without comment) or rejected."""

    rows: int = 0
    with_comment: int = 0
    no_comment: int = 0
    rejected: int = 0

    def add_export(self, export: Export) -> None:
        with_comment = int(export.has_comment.sum())
        self.rows += export.n_input_rows
        self.with_comment += with_comment
        self.no_comment += len(export.frame) - with_comment
        self.rejected += len(export.rejects)

    def merge(self, other: "RunStats") -> None:
        for name in ("rows", "with_comment", "no_comment", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> dict:
        return {"rows": self.rows, "accepted": self.rows - self.rejected, "with_comment": self.with_comment,
                "no_comment": self.no_comment, "rejected": self.rejected}


@dataclass(frozen=True)
class ModelRef:
    """Where a worker process finds the model: its directory (checked on load) and taxonomy."""

    path: str
    taxonomy: Taxonomy | None = None

    @classmethod
    def of(cls, model, taxonomy: Taxonomy | None = None) -> "ModelRef":
        """``model``: a :class:`~ces_nlp.artifact.DriverModel` or :class:`~ces_nlp.artifact.ModelInfo`."""
        if model.path is None:
            raise InputError("the model has no directory; save it with save_model() before a parallel run")
        return cls(str(model.path), taxonomy)


_MODELS: dict[ModelRef, DriverModel] = {}
_FORKED: DriverModel | None = None


def worker_model(ref: ModelRef) -> DriverModel:
    """The model for ``ref``, loaded (and checksum-verified) once per process."""
    if ref not in _MODELS:
        _MODELS[ref] = load_model(ref.path, taxonomy=ref.taxonomy)
    return _MODELS[ref]


_SCORERS: dict[ModelRef, "_CachedScorer"] = {}


def worker_scores(ref: ModelRef, texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(languages, probabilities) per row on a Dask worker: one thread per worker (the cluster has one
    worker per core), and texts this worker already scored for an earlier piece are not scored again."""
    if ref not in _SCORERS:
        model = worker_model(ref)
        _SCORERS[ref] = _CachedScorer(_Inline(model, parallel=False), len(model.drivers))
    cache = _SCORERS[ref]
    return cache.result(cache.submit(texts))


def _init_forked(model: DriverModel) -> None:
    import signal

    global _FORKED
    _FORKED = model
    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_forked(texts: list[str]):
    # one worker per core already: language detection runs single-threaded inside it
    return score_texts(_FORKED, texts, parallel=False)


class _Inline:
    """Scores in the calling process (small inputs, or one worker)."""

    def __init__(self, model: DriverModel, parallel: bool = True):
        self.model = model
        self.parallel = parallel

    def submit(self, texts: list[str]) -> Future:
        fut: Future = Future()
        fut.set_result(score_texts(self.model, texts, parallel=self.parallel))
        return fut

    def shutdown(self, abort: bool = False):
        pass


class _Pool:
    """Scores in forked worker processes that share the caller's loaded model (copy-on-write).

    Forking keeps the workers on exactly the code and model the caller has loaded and needs no
    ``if __name__ == "__main__"`` guard in scripts that call the library.
    """

    def __init__(self, model: DriverModel, workers: int):
        from .langid import warm_up

        warm_up()  # loaded once here, shared by the forked workers
        # Objects that exist now (the model's vocabularies above all) move to the collector's permanent
        # generation: a collection in a worker then never writes to their headers, so their pages stay
        # shared with this process instead of being copied into each worker.
        gc.collect()
        gc.freeze()
        try:
            self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"),
                                                initializer=_init_forked, initargs=(model,))
        except BaseException:
            gc.unfreeze()  # no pool, so nothing to shut down later
            raise

    def submit(self, texts: list[str]) -> Future:
        return self.executor.submit(_score_forked, texts)

    def shutdown(self, abort: bool = False):
        """Wait for the workers; on ``abort`` (an error or interrupt) stop them at once instead."""
        if abort:
            for proc in list(getattr(self.executor, "_processes", {}).values()):
                proc.terminate()
        self.executor.shutdown(wait=not abort, cancel_futures=True)
        gc.unfreeze()


class _CachedScorer:
    """Scores each distinct text of a run once: texts already scored in an earlier chunk are answered
    from memory (identical numbers), only new ones go to the scorer. Holds at most ``max_entries`` texts;
    later new texts are scored every time they come."""

    def __init__(self, scorer, n_drivers: int, max_entries: int = 300_000):
        self.scorer = scorer
        self.max_entries = max_entries
        self.index: dict[str, int] = {}
        self.langs = np.empty(1024, dtype=object)
        self.proba = np.empty((1024, n_drivers))
        self.used = 0      # rows of langs/proba in use (chunks in flight together may both score a text)
        self.scored = 0

    def submit(self, texts: pd.Series):
        codes, uniques = pd.factorize(texts.astype(str))
        known = np.fromiter((self.index.get(u, -1) for u in uniques), dtype=np.int64, count=len(uniques))
        new = [u for u, k in zip(uniques, known) if k < 0]
        self.scored += len(new)
        return codes, known, new, (self.scorer.submit(new) if new else None)

    def result(self, handle) -> tuple[np.ndarray, np.ndarray]:
        """(language per row, probabilities per row) of a submitted chunk."""
        codes, known, new, fut = handle
        hit = known >= 0
        u_langs = np.empty(len(known), dtype=object)
        u_proba = np.empty((len(known), self.proba.shape[1]))
        u_langs[hit] = self.langs[known[hit]]
        u_proba[hit] = self.proba[known[hit]]
        if fut is not None:
            langs, proba = fut.result()
            u_langs[~hit] = langs
            u_proba[~hit] = proba
            self._remember(new, langs, proba)
        return u_langs[codes], u_proba[codes]

    def _remember(self, texts, langs, proba) -> None:
        room = self.max_entries - self.used
        if room <= 0:
            return
        texts, langs, proba = texts[:room], np.asarray(langs[:room], dtype=object), proba[:room]
        start, end = self.used, self.used + len(texts)
        self.used = end
        if end > len(self.langs):
            size = max(end, 2 * len(self.langs))
            self.langs = np.resize(self.langs, size)
            self.proba = np.resize(self.proba, (size, self.proba.shape[1]))
        self.langs[start:end] = langs
        self.proba[start:end] = proba
        for i, t in enumerate(texts, start):
            self.index.setdefault(t, i)

    def shutdown(self, abort: bool = False):
        self.scorer.shutdown(abort)


class _Rejects:
    """Rejected rows streamed to ``<output stem>.rejects.csv``, created only when there is one.

    A run without rejects removes a rejects file left by an earlier run, so the file beside an output
    always belongs to it.
    """

    def __init__(self, output: Path, stack: ExitStack):
        self.path = rejects_path(output)
        self.stack = stack
        self.sink: TableSink | None = None
        self.count = 0

    def write(self, rejects: pd.DataFrame) -> None:
        if not len(rejects):
            return
        if self.sink is None:
            self.sink = self.stack.enter_context(TableSink(self.path))
        self.sink.write(rejects)
        self.count += len(rejects)

    def finish(self) -> None:
        if self.sink is None and self.path.exists():
            self.path.unlink()


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _stream(input_path: Path, output: Path, options: ReadOptions, *, label: str, workers: int | None,
            quiet: bool, progress: bool | None, start, consume) -> tuple[RunStats, Path | None]:
    """The local engine's loop, shared by classify and report.

    Chunks are read and validated in order; ``start(first_chunk, first_export)`` returns the model that
    scores the comments (or None: nothing to score). Scoring runs on a pool of forked workers, one per
    core, with a few chunks in flight, and ``consume(export, scored)`` gets every chunk in input order
    with ``scored`` = (language per row, probabilities per row) or None. Rejected rows are streamed to
    ``<output stem>.rejects.csv``. Returns the counts and the rejects file (or None).
    """
    total = count_rows(input_path)
    workers = default_workers() if workers is None else max(1, workers)
    stats = RunStats()
    in_flight: deque = deque()
    scorer = None
    started, failed = False, True
    try:
        with ExitStack() as stack:
            bar = stack.enter_context(RowProgress(total, label, enabled=False if quiet else progress))
            rejects = _Rejects(output, stack)

            def emit():
                export, handle = in_flight.popleft()
                consume(export, None if handle is None else scorer.result(handle))
                rejects.write(export.rejects)
                stats.add_export(export)
                bar.advance(export.n_input_rows)

            for chunk, offset in iter_chunks(input_path, chunk_rows=options.chunk_rows,
                                             delimiter=options.delimiter, encoding=options.encoding):
                export = options.validate(chunk, input_path, offset)
                if not started:
                    started = True
                    model = start(chunk, export)
                    if model is not None:
                        parallel = workers > 1 and (total is None or total > options.chunk_rows)
                        scorer = _CachedScorer(_Pool(model, workers) if parallel else _Inline(model),
                                               len(model.drivers))
                in_flight.append((export, None if scorer is None else scorer.submit(export.text)))
                while len(in_flight) > workers:
                    emit()
            while in_flight:
                emit()
            rejects.finish()
        failed = False
    finally:
        if scorer is not None:
            scorer.shutdown(abort=failed)
    return stats, rejects.path if rejects.count else None


def classify_file(input_path, output, model: DriverModel, *, options: ReadOptions = ReadOptions(),
                  workers: int | None = None, quiet: bool = False,
                  progress: bool | None = None) -> tuple[RunStats, Path | None]:
    """Classify ``input_path`` into ``output`` with the local engine; returns the counts and the
    rejects file (or None). ``progress``: None shows a bar on a terminal only."""
    input_path, output = Path(input_path), Path(output)
    thresholds = threshold_vector(model)
    with TableSink(output) as sink:
        return _stream(input_path, output, options, label="classify", workers=workers, quiet=quiet,
                       progress=progress, start=lambda chunk, export: model,
                       consume=lambda export, scored: sink.write(assemble(export, model.drivers, thresholds,
                                                                          *scored)))


# ---------------------------------------------------------------- Dask engine

@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A client of the cluster at ``scheduler``, or of a new ``LocalCluster`` (one process per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
        try:
            yield client
        finally:
            client.close()
        return
    n = default_workers() if workers is None else workers
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def _classified_piece(piece, ref: ModelRef | None, options: ReadOptions, source: str):
    """(export, classified rows, counts) of one Parquet piece on a Dask worker; with no ``ref`` the piece
    is already classified and used as is."""
    export = options.validate(read_piece(piece), source, piece.row_offset)
    if ref is None:
        classified = export.frame
    else:
        model = worker_model(ref)
        classified = assemble(export, model.drivers, threshold_vector(model), *worker_scores(ref, export.text))
    stats = RunStats()
    stats.add_export(export)
    return export, classified, stats


def _classify_piece(piece, part_path: str, ref: ModelRef, options: ReadOptions, source: str):
    export, classified, stats = _classified_piece(piece, ref, options, source)
    write_part(classified, part_path)
    return stats, export.rejects


def require_parquet(input_path) -> None:
    if not is_parquet(input_path):
        raise InputError("--engine dask reads Parquet (a .parquet file or a folder of them); convert the "
                         "export first, e.g. with `ces-nlp classify` writing .parquet", path=input_path)


def gather_in_order(client, futures, pieces, bar):
    """Results of ``futures`` as they finish, advancing the bar; the first failing piece (in input order)
    raises after the others were cancelled."""
    from distributed import as_completed

    results: dict[int, object] = {}
    errors: dict[int, BaseException] = {}
    index = {f.key: p for f, p in zip(futures, pieces)}
    for fut in as_completed(futures):
        piece = index[fut.key]
        if fut.status == "error":
            errors[piece.index] = fut.exception()
            for other in futures:
                other.cancel()
            break
        results[piece.index] = fut.result()
        bar.advance(piece.n_rows)
    if errors:
        raise errors[min(errors)]
    return [results[p.index] for p in pieces]


def classify_dask(input_path, output, model, *, options: ReadOptions = ReadOptions(),
                  scheduler: str | None = None, workers: int | None = None, taxonomy: Taxonomy | None = None,
                  quiet: bool = False, progress: bool | None = None) -> tuple[RunStats, Path | None]:
    """Classify a Parquet input on a Dask cluster into the Parquet data set ``output`` (a folder).

    ``model`` is a loaded :class:`~ces_nlp.artifact.DriverModel` or just a verified
    :class:`~ces_nlp.artifact.ModelInfo` (from :func:`~ces_nlp.artifact.inspect_model`): the workers load
    it from its directory.
    """
    input_path, output = Path(input_path), Path(output)
    require_parquet(input_path)
    pieces = plan_pieces(input_path, options.chunk_rows)
    ref = ModelRef.of(model, taxonomy)
    stats = RunStats()
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(scheduler, workers))
        sink = stack.enter_context(PartsSink(output))
        bar = stack.enter_context(RowProgress(sum(p.n_rows for p in pieces), "classify (dask)",
                                              enabled=False if quiet else progress))
        futures = [client.submit(_classify_piece, p, sink.part_path(p.index), ref, options, str(input_path),
                                 key=f"ces-classify-{p.index}-{os.getpid()}-{id(sink)}", pure=False)
                   for p in pieces]
        results = gather_in_order(client, futures, pieces, bar)
        rejects = _Rejects(output, stack)
        for piece_stats, piece_rejects in results:
            stats.merge(piece_stats)
            rejects.write(piece_rejects)
        rejects.finish()
    return stats, rejects.path if rejects.count else None


# ---------------------------------------------------------------- report over large inputs

@dataclass
class ReportRun:
    """What a streamed report run gathered: the merged cell table and everything compute_report needs."""

    cells: pd.DataFrame
    drivers: list[str]
    names: dict
    period: str | None
    stats: RunStats
    rejects: Path | None


def _chunk_cells(export: Export, classified: pd.DataFrame, drivers, by, period) -> pd.DataFrame:
    from .report import export_cells

    return export_cells(export, classified, drivers, by=by, period=period)


def _resolve_period(export: Export, period):
    from .report import resolve_period

    return resolve_period(export, period)


def report_file(input_path, output, *, options: ReadOptions = ReadOptions(), model=None,
                taxonomy: Taxonomy | None = None, by: str | None = None, period: str | None = None,
                workers: int | None = None, quiet: bool = False, progress: bool | None = None) -> ReportRun:
    """Stream ``input_path`` (a raw export, or the output of classify) into the report's cell table.

    Raw exports are classified chunk by chunk with ``model`` (a directory; None = the shipped model)
    on a pool of worker processes; rejected rows go to ``<output stem>.rejects.csv``.
    """
    from .report import merge_cells, report_drivers

    input_path, output = Path(input_path), Path(output)
    cells: list[pd.DataFrame] = []
    state: dict = {}

    def start(chunk, export):
        mdl, drivers, names = report_drivers(chunk.columns, model=model, taxonomy=taxonomy)
        state.update(drivers=drivers, names=names, period=_resolve_period(export, period))
        if mdl is not None:
            state["thresholds"] = threshold_vector(mdl)
        return mdl

    def consume(export, scored):
        classified = export.frame if scored is None else assemble(export, state["drivers"], state["thresholds"],
                                                                   *scored)
        cells.append(_chunk_cells(export, classified, state["drivers"], by, state["period"]))
        if len(cells) >= 16:
            cells[:] = [merge_cells(cells)]

    stats, rejects = _stream(input_path, output, _with_ces(options), label="report", workers=workers, quiet=quiet,
                             progress=progress, start=start, consume=consume)
    return ReportRun(merge_cells(cells), state["drivers"], state["names"], state["period"], stats, rejects)


def _with_ces(options: ReadOptions) -> ReadOptions:
    return options if options.require_ces else replace(options, require_ces=True)


def _report_piece(piece, ref: ModelRef | None, options: ReadOptions, source: str, drivers, by, period):
    export, classified, stats = _classified_piece(piece, ref, options, source)
    return _chunk_cells(export, classified, drivers, by, period), stats, export.rejects


def report_dask(input_path, output, *, options: ReadOptions = ReadOptions(), model=None,
                taxonomy: Taxonomy | None = None, by: str | None = None, period: str | None = None,
                scheduler: str | None = None, workers: int | None = None, quiet: bool = False,
                progress: bool | None = None) -> ReportRun:
    """:func:`report_file` on a Dask cluster: each Parquet piece becomes a cell table on a worker."""
    from .report import merge_cells, report_drivers

    input_path, output = Path(input_path), Path(output)
    require_parquet(input_path)
    options = _with_ces(options)
    pieces = plan_pieces(input_path, options.chunk_rows)
    first = read_piece(pieces[0]).head(1)
    mdl, drivers, names = report_drivers(first.columns, model=model, taxonomy=taxonomy)
    period = _resolve_period(options.validate(first, input_path, 0), period)
    ref = ModelRef.of(mdl, taxonomy) if mdl is not None else None
    stats = RunStats()
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(scheduler, workers))
        bar = stack.enter_context(RowProgress(sum(p.n_rows for p in pieces), "report (dask)",
                                              enabled=False if quiet else progress))
        futures = [client.submit(_report_piece, p, ref, options, str(input_path), drivers, by, period,
                                 key=f"ces-report-{p.index}-{os.getpid()}-{id(bar)}", pure=False) for p in pieces]
        results = gather_in_order(client, futures, pieces, bar)
        rejects = _Rejects(output, stack)
        cells = []
        for piece_cells, piece_stats, piece_rejects in results:
            cells.append(piece_cells)
            stats.merge(piece_stats)
            rejects.write(piece_rejects)
        rejects.finish()
    return ReportRun(merge_cells(cells), drivers, names, period, stats, rejects.path if rejects.count else None)
