"""The ``ces-nlp`` command line: thin commands over the library.

Every command turns a :class:`~ces_nlp.errors.CesNlpError` into one line on
stderr and exit code 2.
"""

from __future__ import annotations

import functools
import json
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import CesNlpError
from .paths import GOLD_FILE

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Effort-driver labelling, training and classification for CES survey answers.")
rules_app = typer.Typer(no_args_is_help=True, help="Labeling rules: diagnostics.")
app.add_typer(rules_app, name="rules")


@app.callback()
def _setup() -> None:
    """Effort-driver labelling, training and classification for CES survey answers."""
    import signal
    import threading

    def _terminate(signum, frame):
        raise KeyboardInterrupt  # unwinds like Ctrl-C, so partial outputs are removed

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


class Direction(str, Enum):
    higher_more_effort = "higher_more_effort"
    higher_easier = "higher_easier"


class OnBadRow(str, Enum):
    reject = "reject"
    fail = "fail"


# Shared options (ingestion, CES scale, model/taxonomy)
TextCol = Annotated[Optional[str], typer.Option("--text-col", help="Column with the free-text answer "
                                                "[default: first of comment, text, answer, verbatim, feedback, ...]")]
CesCol = Annotated[Optional[str], typer.Option("--ces-col", help="Column with the CES score [default: ces or score if present]")]
IdCol = Annotated[Optional[str], typer.Option("--id-col", help="Response id column (used in rejects)")]
DateCol = Annotated[Optional[str], typer.Option("--date-col", help="Submission date column")]
ChannelCol = Annotated[Optional[str], typer.Option("--channel-col", help="Contact channel column")]
TeamCol = Annotated[Optional[str], typer.Option("--team-col", help="Team column")]
CesMin = Annotated[float, typer.Option("--ces-min", help="Lowest value of the CES scale")]
CesMax = Annotated[float, typer.Option("--ces-max", help="Highest value of the CES scale")]
CesDirection = Annotated[Direction, typer.Option("--ces-direction", help="higher_more_effort (1 = very easy) or "
                                                 "higher_easier (CES 2.0 agreement scale)")]
BadRow = Annotated[OnBadRow, typer.Option("--on-bad-row", help="reject: list bad rows in OUT.rejects.csv and go on; "
                                          "fail: stop at the first one")]
Delimiter = Annotated[Optional[str], typer.Option("--delimiter", help="CSV delimiter [default: detected]")]
Encoding = Annotated[str, typer.Option("--encoding", help="'auto' tries UTF-8 (with or without BOM), then cp1252")]
ModelDir = Annotated[Optional[Path], typer.Option("--model", help="Model directory [default: the shipped model]")]
TaxonomyFile = Annotated[Optional[Path], typer.Option("--taxonomy", help="Taxonomy YAML [default: the shipped one]")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors")]


def _fail_cleanly(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CesNlpError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    return wrapper


def _say(quiet: bool, msg: str) -> None:
    if not quiet:
        typer.echo(msg, err=True)


def _read(input_path, text_col, ces_col, id_col, date_col, channel_col, team_col, ces_min, ces_max, direction,
          on_bad_row, delimiter, encoding, require_ces=False):
    """The whole export in memory (for commands that need every row at once)."""
    return _read_options(text_col, ces_col, id_col, date_col, channel_col, team_col, ces_min, ces_max, direction,
                         on_bad_row, delimiter, encoding, require_ces=require_ces).read(input_path)


def _write_rejects(export, output: Path, quiet: bool) -> None:
    from .ingest import rejects_path, write_table

    if len(export.rejects):
        path = write_table(export.rejects, rejects_path(output))
        first = export.rejects.iloc[0]
        _say(quiet, f"{len(export.rejects)} row(s) rejected, listed in {path}; first: row {first['row']}, "
                    f"column '{first['column']}': {first['reason']}")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[Engine, typer.Option("--engine", help="local: stream the input on this machine, one worker "
                                           "process per core; dask: run over partitioned Parquet on a Dask cluster")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786) "
                                                  "[default: a local cluster, one worker per core]")]
Workers = Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes [default: one per core]")]
ChunkRows = Annotated[int, typer.Option("--chunk-rows", min=1, help="Rows read and scored at a time (bounds memory)")]


def _read_options(text_col, ces_col, id_col, date_col, channel_col, team_col, ces_min, ces_max, direction,
                  on_bad_row, delimiter, encoding, chunk_rows=50_000, require_ces=False):
    from .batch import ReadOptions
    from .ingest import CesScale, Columns

    return ReadOptions(columns=Columns(text=text_col, ces=ces_col, id=id_col, date=date_col, channel=channel_col,
                                       team=team_col),
                       scale=CesScale(ces_min, ces_max, direction.value), require_ces=require_ces,
                       on_bad_row=on_bad_row.value, delimiter=delimiter, encoding=encoding, chunk_rows=chunk_rows)


@app.command()
@_fail_cleanly
def classify(
    input: Annotated[Path, typer.Argument(help="Survey export (.csv, .tsv, .xlsx, .parquet or a folder of "
                                          ".parquet files, .jsonl)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file; format from its extension "
                                         "(with --engine dask: a .parquet data set folder)")],
    text_col: TextCol = None, ces_col: CesCol = None, id_col: IdCol = None, date_col: DateCol = None,
    channel_col: ChannelCol = None, team_col: TeamCol = None,
    ces_min: CesMin = 1, ces_max: CesMax = 7, ces_direction: CesDirection = Direction.higher_more_effort,
    on_bad_row: BadRow = OnBadRow.reject, delimiter: Delimiter = None, encoding: Encoding = "auto",
    model: ModelDir = None, taxonomy: TaxonomyFile = None,
    engine: EngineOpt = Engine.local, scheduler: Scheduler = None, workers: Workers = None,
    chunk_rows: ChunkRows = 50_000, quiet: Quiet = False,
):
    """Label every answer of an export with effort drivers.

    OUTPUT keeps every input column and adds `lang`, `drivers` (ids joined by ';') and one
    `score_<driver>` probability column per driver. Large inputs are streamed in chunks with a
    progress bar on a terminal; the output appears only when the run has finished.
    """
    import time

    from .artifact import inspect_model, load_model
    from .batch import classify_dask, classify_file
    from .taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy) if taxonomy else None
    # the Dask workers load the model themselves: here it is only verified
    mdl = inspect_model(model, taxonomy=tax) if engine is Engine.dask else load_model(model, taxonomy=tax)
    opts = _read_options(text_col, ces_col, id_col, date_col, channel_col, team_col, ces_min, ces_max,
                         ces_direction, on_bad_row, delimiter, encoding, chunk_rows)
    started = time.perf_counter()
    if engine is Engine.dask:
        stats, rejects = classify_dask(input, output, mdl, options=opts, scheduler=scheduler, workers=workers,
                                       taxonomy=tax, quiet=quiet)
    else:
        if scheduler:
            raise typer.BadParameter("--scheduler needs --engine dask")
        stats, rejects = classify_file(input, output, mdl, options=opts, workers=workers, quiet=quiet)
    seconds = time.perf_counter() - started
    s = stats.summary()
    if rejects is not None:
        _say(quiet, f"{s['rejected']} row(s) rejected, listed in {rejects}")
    _say(quiet, f"{s['rows']} rows: {s['with_comment']} classified, {s['no_comment']} without comment, "
                f"{s['rejected']} rejected -> {output} (model {mdl.name} {mdl.version}; "
                f"{s['rows'] / max(seconds, 1e-9):,.0f} rows/s)")


@app.command()
@_fail_cleanly
def label(
    input: Annotated[Path, typer.Argument(help="Unlabelled export")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file with p_<driver> columns")],
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Labelled data to measure rule accuracies on "
                                                 "(its train split if it has one)")] = None,
    text_col: TextCol = None, ces_col: CesCol = None, id_col: IdCol = None,
    ces_min: CesMin = 1, ces_max: CesMax = 7, ces_direction: CesDirection = Direction.higher_more_effort,
    on_bad_row: BadRow = OnBadRow.reject, delimiter: Delimiter = None, encoding: Encoding = "auto",
    taxonomy: TaxonomyFile = None, quiet: Quiet = False,
):
    """Weak labels from the labeling rules: one probability per driver (accuracy-weighted rule votes)."""
    from .ingest import write_table
    from .rules.labeler import label_frame
    from .taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    labeler = _fitted_labeler(tax, gold, quiet)
    export = _read(input, text_col, ces_col, id_col, None, None, None, ces_min, ces_max, ces_direction,
                   on_bad_row, delimiter, encoding)
    out = label_frame(labeler, export.frame, export.text.tolist())
    write_table(out, output)
    _write_rejects(export, output, quiet)
    _say(quiet, f"{len(out)} rows labelled by {len(labeler.ruleset.rules)} rules -> {output}")


def _fitted_labeler(tax, gold: Path | None, quiet: bool):
    from .dataset import load_labelled
    from .rules.labeler import WeakLabeler

    labeler = WeakLabeler(tax)
    gold_path = gold if gold is not None else (GOLD_FILE if GOLD_FILE.exists() else None)
    if gold_path is not None:
        data = load_labelled(gold_path, tax)
        if "split" in data.frame.columns:
            data = data.split("train")
        labeler.fit(data.texts, data.Y)
        _say(quiet, f"rule accuracies measured on {len(data)} labelled rows of {gold_path}")
    else:
        _say(quiet, f"no labelled data: every rule weighted with accuracy {labeler.label_model.default_accuracy}")
    return labeler


@rules_app.command("report")
@_fail_cleanly
def rules_report(
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Labelled data [default: the gold set]")] = None,
    split: Annotated[Optional[str], typer.Option("--split", help="Only this split of the labelled data")] = "train",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the table (.csv/.jsonl/...)")] = None,
    taxonomy: TaxonomyFile = None,
):
    """Per rule: coverage, overlap, conflict and accuracy on labelled data."""
    import pandas as pd

    from .dataset import load_labelled
    from .ingest import write_table
    from .rules.analysis import rule_report
    from .rules.labeler import RuleSet
    from .taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    data = load_labelled(gold or GOLD_FILE, tax)
    if split and "split" in data.frame.columns:
        data = data.split(split)
    ruleset = RuleSet.for_taxonomy(tax)
    table = rule_report(ruleset, ruleset.votes(data.texts, data.langs if any(data.langs) else None), data.Y)
    with pd.option_context("display.max_rows", None, "display.width", 160):
        typer.echo(table.to_string(index=False))
    if output:
        write_table(table, output)


@app.command()
@_fail_cleanly
def train(
    gold: Annotated[Path, typer.Option("--gold", help="Gold labelled data with a split column")] = GOLD_FILE,
    weak: Annotated[Optional[Path], typer.Option("--weak", help="Weak labels from 'ces-nlp label'")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write")] = Path("models/ces-drivers"),
    taxonomy: TaxonomyFile = None,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    compare_spacy: Annotated[bool, typer.Option("--compare-spacy/--no-compare-spacy",
                                                help="Also train spaCy textcat_multilabel and compare")] = True,
    mixed_copies: Annotated[float, typer.Option("--mixed-copies", min=0.0, max=1.0,
                                                help="Share of gold training rows added again, each joined with "
                                                "another answer without a driver (0: none)")] = 0.5,
    name: Annotated[str, typer.Option(help="Model name")] = "ces-drivers",
    version: Annotated[str, typer.Option(help="Model version")] = "1.0.0",
    quiet: Quiet = False,
):
    """Train the driver classifier, compare it with spaCy textcat and write a model directory."""
    from .evaluate import format_report
    from .taxonomy import load_taxonomy
    from .train import TrainConfig
    from .train import train as run_train

    tax = load_taxonomy(taxonomy)
    cfg = TrainConfig(seed=seed, compare_spacy=compare_spacy, mixed_copies=mixed_copies, name=name, version=version)
    result = run_train(gold, tax, out, weak_path=weak, config=cfg, progress=lambda m: _say(quiet, m))
    if not quiet:
        for cand, res in result.test.items():
            typer.echo(format_report(res, title=f"== test split: {cand}"))
        typer.echo(f"shipped {result.chosen} -> {result.directory}")


@app.command()
@_fail_cleanly
def evaluate(
    data: Annotated[Path, typer.Argument(help="Labelled data: text + one 0/1 column per driver")],
    model: ModelDir = None,
    rules: Annotated[bool, typer.Option("--rules", help="Evaluate the labeling rules alone instead of a model")] = False,
    split: Annotated[Optional[str], typer.Option("--split", help="Only rows of this split (train/dev/test)")] = None,
    save: Annotated[Optional[Path], typer.Option("--save", help="Write the full result as JSON")] = None,
    record: Annotated[Optional[str], typer.Option("--record", help="Store the result under this name in the "
                                                  "model's metadata and card")] = None,
    errors: Annotated[int, typer.Option("--errors", min=0, help="Wrongly labelled rows to sample into the result "
                                        "(0: none, e.g. for test-only data whose texts must not be shown)")] = 25,
    mixed: Annotated[bool, typer.Option("--mixed", help="Join each answer with another answer without a driver "
                                        "(same language, seeded) before scoring; labels stay")] = False,
    taxonomy: TaxonomyFile = None,
    quiet: Quiet = False,
):
    """Per-driver precision/recall/F1, macro and micro F1, per language, false positives, error sample."""
    from .evaluate import evaluate_predictions, format_report
    from .dataset import load_labelled, mixed_with_other_answers
    from .taxonomy import load_taxonomy

    if rules:
        tax = load_taxonomy(taxonomy)
        predictor = _fitted_labeler(tax, None, quiet=True)
        label = "rules"
    else:
        from .artifact import load_model
        predictor = load_model(model, taxonomy=load_taxonomy(taxonomy) if taxonomy else None)
        tax = predictor.taxonomy
        label = f"{predictor.name} {predictor.version}"
    labelled = load_labelled(data, tax)
    if split:
        labelled = labelled.split(split)
    langs = labelled.langs
    if not any(langs):
        from .langid import detect_languages
        langs = detect_languages(labelled.texts)
        labelled.langs = langs
    if mixed:
        labelled = mixed_with_other_answers(labelled)
    result = evaluate_predictions(labelled, predictor.predict_indicator(labelled.texts), langs=langs,
                                  n_errors=errors)
    if not quiet:
        typer.echo(format_report(result, title=f"== {label} on {data}" + (f" (split={split})" if split else "")
                                 + (" (mixed with other answers)" if mixed else "")))
    if save:
        save.parent.mkdir(parents=True, exist_ok=True)
        save.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if record:
        if rules:
            raise typer.BadParameter("--record needs a model, not --rules")
        from .artifact import write_metadata
        meta = dict(predictor.metadata)
        cmd = "ces-nlp evaluate " + shlex.join(sys.argv[2:]) if len(sys.argv) > 2 else f"ces-nlp evaluate {data}"
        evals = [e for e in meta.get("evaluations", []) if e["name"] != record]
        evals.append({"name": record, "data": str(data) + (f" (split={split})" if split else "")
                      + (" (each answer joined with another without a driver)" if mixed else ""), "command": cmd,
                      "result": {k: v for k, v in result.items() if k != "errors"}})
        meta["evaluations"] = evals
        write_metadata(predictor.path, meta)


class ReportBy(str, Enum):
    channel = "channel"
    team = "team"
    lang = "lang"


class ReportPeriod(str, Enum):
    week = "week"
    month = "month"


@app.command()
@_fail_cleanly
def report(
    input: Annotated[Path, typer.Argument(help="Raw survey export (classified on the fly) or the output of "
                                          "'classify' (its drivers column is used as is)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Report file: .html (manager report), .json "
                                         "(everything), .csv or .xlsx (the driver table)")],
    by: Annotated[Optional[ReportBy], typer.Option("--by", help="Break the figures down by this column")] = None,
    period: Annotated[Optional[ReportPeriod], typer.Option("--period", help="Trend period [default: month when "
                                                           "--date-col is given, else no trend]")] = None,
    high_cutoff: Annotated[Optional[float], typer.Option("--high-cutoff", help="CES value from which an answer is "
                                                         "high effort [default: the two most-effort values]")] = None,
    low_cutoff: Annotated[Optional[float], typer.Option("--low-cutoff", help="CES value up to which an answer is "
                                                        "low effort [default: the two least-effort values]")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap intervals")] = 0,
    n_boot: Annotated[int, typer.Option("--n-boot", min=1, help="Bootstrap resamples")] = 1000,
    min_n: Annotated[int, typer.Option("--min-n", min=1, help="Flag figures based on fewer responses")] = 30,
    text_col: TextCol = None, ces_col: CesCol = None, id_col: IdCol = None, date_col: DateCol = None,
    channel_col: ChannelCol = None, team_col: TeamCol = None,
    ces_min: CesMin = 1, ces_max: CesMax = 7, ces_direction: CesDirection = Direction.higher_more_effort,
    on_bad_row: BadRow = OnBadRow.reject, delimiter: Delimiter = None, encoding: Encoding = "auto",
    model: ModelDir = None, taxonomy: TaxonomyFile = None,
    engine: EngineOpt = Engine.local, scheduler: Scheduler = None, workers: Workers = None,
    chunk_rows: ChunkRows = 50_000, quiet: Quiet = False,
):
    """Driver report: which effort drivers are named, how much effort each costs, trend and breakdown.

    Figures are in the survey's own CES scale and direction; see docs/report-schema.md. Large inputs
    are streamed (or run on Dask with --engine dask) and only their aggregates are kept in memory.
    """
    from .batch import report_dask, report_file
    from .report import check_report_path, compute_report, write_report
    from .taxonomy import load_taxonomy

    check_report_path(output)
    opts = _read_options(text_col, ces_col, id_col, date_col, channel_col, team_col, ces_min, ces_max,
                         ces_direction, on_bad_row, delimiter, encoding, chunk_rows, require_ces=True)
    tax = load_taxonomy(taxonomy) if taxonomy else None
    common = dict(options=opts, model=model, taxonomy=tax, by=by.value if by else None,
                  period=period.value if period else None, workers=workers, quiet=quiet)
    if engine is Engine.dask:
        run = report_dask(input, output, scheduler=scheduler, **common)
    else:
        if scheduler:
            raise typer.BadParameter("--scheduler needs --engine dask")
        run = report_file(input, output, **common)
    result = compute_report(run.cells, run.drivers, opts.scale, by=by.value if by else None, period=run.period,
                            high_cutoff=high_cutoff, low_cutoff=low_cutoff, seed=seed, n_boot=n_boot, min_n=min_n,
                            driver_names=run.names, rejected=run.stats.rejected, source=input.name)
    write_report(result, output)
    if run.rejects is not None:
        _say(quiet, f"{run.stats.rejected} row(s) rejected, listed in {run.rejects}")
    ov = result["overview"]
    _say(quiet, f"{ov['responses']} responses ({ov['with_comment']} with a comment, {ov['rejected']} rejected) "
                f"-> {output}")


@app.command("demo-data")
@_fail_cleanly
def demo_data(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the export")] = Path("data/demo/survey_export.csv"),
    rows: Annotated[int, typer.Option(help="Number of responses")] = 5000,
    seed: Annotated[int, typer.Option(help="Random seed")] = 42,
    quiet: Quiet = False,
):
    """Generate the seeded demo survey export (id, date, channel, team, CES, comment)."""
    from .demo import generate_export
    from .ingest import write_table

    write_table(generate_export(n_rows=rows, seed=seed), output)
    _say(quiet, f"{rows} responses -> {output}")


keys_app = typer.Typer(no_args_is_help=True, help="API keys of the service (only their hashes are stored).")
app.add_typer(keys_app, name="keys")
DatabaseUrl = Annotated[Optional[str], typer.Option("--database-url", help="Database [default: CES_DATABASE_URL, "
                                                    "else the SQLite file ces_nlp.db here]")]


@app.command()
@_fail_cleanly
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the model)")] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request")] = True,
):
    """Run the HTTP service (API under /v1, dashboard at /dashboard); settings from CES_* variables."""
    import uvicorn

    from service.app import prepare

    typer.echo(prepare(), err=True)
    uvicorn.run("service.app:create_app", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, log_level="info")


def _keys_engine(database_url):
    from service.app import prepare_database

    return prepare_database(database_url)


@keys_app.command("add")
@_fail_cleanly
def keys_add(name: Annotated[str, typer.Argument(help="A name for the key (who or what uses it)")],
             database_url: DatabaseUrl = None):
    """Create an API key and print it once; only its hash is stored."""
    from .store.keys import add_key

    typer.echo(add_key(_keys_engine(database_url), name))


@keys_app.command("list")
@_fail_cleanly
def keys_list(database_url: DatabaseUrl = None):
    """List the stored keys (names and dates, never the keys)."""
    from .store.keys import list_keys

    for k in list_keys(_keys_engine(database_url)):
        typer.echo(f"{k['name']}\tcreated {k['created_at']}" + (f"\trevoked {k['revoked_at']}" if k["revoked_at"] else ""))


@keys_app.command("revoke")
@_fail_cleanly
def keys_revoke(name: Annotated[str, typer.Argument(help="Name of the key to revoke")], database_url: DatabaseUrl = None):
    """Revoke a stored key; requests with it get 403 within CES_KEY_CACHE_SECONDS."""
    from .store.keys import revoke_key

    revoke_key(_keys_engine(database_url), name)
    typer.echo(f"revoked {name}", err=True)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
