import pandas as pd
import pytest

from ces_nlp.errors import InputError
from ces_nlp.ingest import CesScale, Columns, read_export, rejects_path, write_table

ROWS = [("r1", "5", "Ich wurde dreimal weitergeleitet"), ("r2", "2", "Straße; alles gut, café"), ("r3", "7", "")]


def _csv(tmp_path, text: str, encoding="utf-8", name="export.csv") -> str:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return str(p)


def _body(sep=","):
    lines = [sep.join(["id", "ces", "comment"])]
    for rid, ces, comment in ROWS:
        lines.append(sep.join([rid, ces, f'"{comment}"']))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("encoding,prefix", [("utf-8", ""), ("utf-8", "\ufeff"), ("cp1252", "")])
def test_csv_encodings(tmp_path, encoding, prefix):
    exp = read_export(_csv(tmp_path, prefix + _body(), encoding))
    assert list(exp.frame.columns) == ["id", "ces", "comment"]
    assert exp.text.tolist() == [c for _, _, c in ROWS]
    assert exp.ces.tolist() == [5.0, 2.0, 7.0]
    assert exp.summary() == {"rows": 3, "accepted": 3, "with_comment": 2, "no_comment": 1, "rejected": 0}


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_delimiters_are_detected(tmp_path, sep):
    exp = read_export(_csv(tmp_path, _body(sep)))
    assert exp.text.iloc[1] == "Straße; alles gut, café"


def test_xlsx_parquet_jsonl_read_the_same(tmp_path):
    df = pd.DataFrame(ROWS, columns=["id", "ces", "comment"])
    df["ces"] = df["ces"].astype(int)
    for name in ("e.xlsx", "e.parquet", "e.jsonl"):
        write_table(df, tmp_path / name)
        exp = read_export(tmp_path / name)
        assert exp.text.tolist() == [c for _, _, c in ROWS], name
        assert exp.ces.tolist() == [5.0, 2.0, 7.0], name


def test_column_mapping_and_case_insensitive_names(tmp_path):
    path = _csv(tmp_path, "RespID;Score;Why;When\na;1;hello;2025-01-02\n")
    exp = read_export(path, columns=Columns(text="why", ces="score", id="RespID", date="When"))
    assert exp.columns.text == "Why" and exp.columns.ces == "Score" and exp.dates.iloc[0].day == 2


def test_missing_column_names_file_and_column(tmp_path):
    path = _csv(tmp_path, _body())
    with pytest.raises(InputError) as e:
        read_export(path, columns=Columns(text="answer_text"))
    assert "answer_text" in str(e.value) and "export.csv" in str(e.value) and "comment" in str(e.value)
    with pytest.raises(InputError, match="no text column"):
        read_export(_csv(tmp_path, "a,b\n1,2\n", name="x.csv"))


def test_bad_ces_rows_are_rejected_with_reason_and_row(tmp_path):
    path = _csv(tmp_path, "id,ces,comment\na,3,ok\nb,abc,bad\nc,9,too high\nd,,missing\ne,4,fine\n")
    exp = read_export(path)
    assert exp.text.tolist() == ["ok", "fine"]
    assert exp.rejects["row"].tolist() == [2, 3, 4]
    assert exp.rejects["reason"].tolist() == ["CES is not a number", "CES outside the scale 1..7", "CES is missing"]
    assert (exp.rejects["column"] == "ces").all()
    assert exp.summary()["rows"] == 5


def test_bad_ces_fails_when_asked(tmp_path):
    path = _csv(tmp_path, "id,ces,comment\na,3,ok\nb,abc,bad\n")
    with pytest.raises(InputError) as e:
        read_export(path, on_bad_row="fail")
    msg = str(e.value)
    assert "row 2" in msg and "column 'ces'" in msg and "not a number" in msg and "export.csv" in msg


def test_ces_scale_options(tmp_path):
    path = _csv(tmp_path, "ces,comment\n5,a\n6,b\n")
    exp = read_export(path, scale=CesScale(1, 5))
    assert exp.text.tolist() == ["a"] and len(exp.rejects) == 1
    easy = CesScale(1, 7, "higher_easier")
    assert easy.to_effort([7, 1]).tolist() == [0.0, 1.0]
    assert CesScale(1, 5).values == [1, 2, 3, 4, 5]
    with pytest.raises(InputError):
        CesScale(5, 1)


@pytest.mark.parametrize("content,match", [(b"", "empty"), (b"   \n\n", "empty"), (b"id,ces,comment\n", "no data rows")])
def test_empty_files(tmp_path, content, match):
    p = tmp_path / "e.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=match):
        read_export(p)


def test_undecodable_bytes_name_the_line(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"id,comment\n1,ok\n2,\x81\x8d broken\n")
    with pytest.raises(InputError) as e:
        read_export(p)
    assert "line 3" in str(e.value) and "bad.csv" in str(e.value) and "row 2" in str(e.value)


def test_bad_jsonl_line_and_unsupported_type(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"comment": "a"}\n{broken\n')
    with pytest.raises(InputError, match="line 2"):
        read_export(p)
    q = tmp_path / "x.pdf"
    q.write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        read_export(q)
    with pytest.raises(InputError, match="not found"):
        read_export(tmp_path / "nope.csv")


def test_write_table_is_atomic_and_checks_extension(tmp_path):
    df = pd.DataFrame({"a": [1]})
    write_table(df, tmp_path / "o.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["o.csv"]
    with pytest.raises(InputError, match="unsupported output"):
        write_table(df, tmp_path / "o.txt")
    assert rejects_path(tmp_path / "out.parquet").name == "out.rejects.csv"
