"""Streaming input and atomic chunked output."""

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ces_nlp.errors import InputError
from ces_nlp.ingest import read_table
from ces_nlp.progress import RowProgress
from ces_nlp.sinks import PartsSink, TableSink
from ces_nlp.stream import count_rows, iter_chunks, plan_pieces


def _frame(n, start=0):
    return pd.DataFrame({"id": [f"r{i}" for i in range(start, start + n)], "ces": [str(1 + i % 7) for i in range(n)],
                         "comment": [f"comment number {i}" for i in range(start, start + n)]})


def test_csv_chunks_cover_every_row_once_with_offsets(tmp_path):
    p = tmp_path / "x.csv"
    _frame(1050).to_csv(p, index=False, sep=";")
    chunks = list(iter_chunks(p, chunk_rows=400))
    assert [off for _, off in chunks] == [0, 400, 800]
    whole = pd.concat([c for c, _ in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(whole, read_table(p))


def test_csv_chunks_late_cp1252_byte_decided_before_reading(tmp_path):
    p = tmp_path / "x.csv"
    rows = "id,comment\n" + "".join(f"{i},plain text\n" for i in range(3000)) + "3000,caf\xe9 ok\n"
    p.write_bytes(rows.encode("cp1252"))
    chunks = list(iter_chunks(p, chunk_rows=1000))
    assert chunks[-1][0]["comment"].iloc[-1] == "café ok"


def test_csv_chunks_bom_and_undecodable_bytes(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes("\ufeffid,comment\n1,über\n".encode("utf-8"))
    (chunk, _), = list(iter_chunks(p))
    assert list(chunk.columns) == ["id", "comment"] and chunk["comment"][0] == "über"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,comment\n1,ok\n2,\x81\x8d\n")
    with pytest.raises(InputError, match="undecodable bytes") as err:
        list(iter_chunks(bad))
    assert err.value.row == 2


def test_empty_inputs_are_errors(tmp_path):
    (tmp_path / "e.csv").write_text("")
    (tmp_path / "h.csv").write_text("id,comment\n")
    for name, msg in (("e.csv", "empty"), ("h.csv", "no data rows")):
        with pytest.raises(InputError, match=msg):
            list(iter_chunks(tmp_path / name))
    with pytest.raises(InputError, match="not found"):
        count_rows(tmp_path / "missing.parquet")


def test_jsonl_chunks(tmp_path):
    p = tmp_path / "x.jsonl"
    _frame(25).to_json(p, orient="records", lines=True)
    chunks = list(iter_chunks(p, chunk_rows=10))
    assert [len(c) for c, _ in chunks] == [10, 10, 5] and [o for _, o in chunks] == [0, 10, 20]


def test_parquet_data_set_pieces_keep_global_row_numbers(tmp_path):
    d = tmp_path / "ds"
    d.mkdir()
    pq.write_table(pa.Table.from_pandas(_frame(250), preserve_index=False), d / "a.parquet", row_group_size=100)
    pq.write_table(pa.Table.from_pandas(_frame(120, 250), preserve_index=False), d / "b.parquet", row_group_size=100)
    (d / "_SUCCESS").write_text("")
    pieces = plan_pieces(d, chunk_rows=150)
    assert [(p.row_offset, p.n_rows) for p in pieces] == [(0, 200), (200, 50), (250, 120)]
    assert count_rows(d) == 370
    chunks = list(iter_chunks(d, chunk_rows=150))
    whole = pd.concat([c for c, _ in chunks], ignore_index=True)
    assert whole["id"].tolist() == [f"r{i}" for i in range(370)]
    for chunk, off in chunks:
        assert chunk["id"].iloc[0] == f"r{off}"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_table_sink_writes_all_chunks(tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    with TableSink(out) as sink:
        for start in (0, 30, 60):
            chunk = _frame(30, start)
            chunk["score"] = [0.5] * 30
            if start == 30:
                chunk["comment"] = None  # an all-empty column in one chunk keeps the type
            sink.write(chunk)
    back = read_table(out)
    assert len(back) == 90 and back["id"].tolist()[-1] == "r89"
    assert list(tmp_path.iterdir()) == [out]


def test_interrupted_sink_leaves_no_file_and_keeps_the_old_one(tmp_path):
    out = tmp_path / "out.parquet"
    _frame(3).to_parquet(out)
    before = out.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        with TableSink(out) as sink:
            sink.write(_frame(10))
            raise KeyboardInterrupt
    assert out.read_bytes() == before
    assert list(tmp_path.iterdir()) == [out]


def test_parts_sink_renames_folder_at_the_end_only(tmp_path):
    out = tmp_path / "ds.parquet"
    with pytest.raises(RuntimeError):
        with PartsSink(out) as sink:
            _frame(5).to_parquet(sink.part_path(0))
            raise RuntimeError("worker died")
    assert list(tmp_path.iterdir()) == []
    with PartsSink(out) as sink:
        _frame(5).to_parquet(sink.part_path(0))
        _frame(5, 5).to_parquet(sink.part_path(1))
    assert pd.read_parquet(out)["id"].tolist() == [f"r{i}" for i in range(10)]


def test_progress_quiet_off_a_terminal_and_reports_rate_on_one():
    silent = io.StringIO()
    with RowProgress(100, stream=silent) as bar:  # StringIO is not a TTY
        bar.advance(100)
    assert silent.getvalue() == "" and bar.done == 100
    shown = io.StringIO()
    with RowProgress(100, "classify", enabled=True, stream=shown) as bar:
        bar.advance(40)
        bar.advance(60)
    text = shown.getvalue()
    assert "classify" in text and "rows/s" in text and "100/100" in text


def test_table_sink_will_not_replace_a_folder(tmp_path):
    out = tmp_path / "out.parquet"
    out.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        with TableSink(out) as sink:
            sink.write(_frame(3))
    assert out.is_dir() and [p.name for p in tmp_path.iterdir()] == ["out.parquet"]
