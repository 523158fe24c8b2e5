"""Labelled data: reading it, and building the gold set with fixed splits.

A labelled file (CSV, XLSX, Parquet or JSONL) has a text column (``text`` by
default) and one 0/1 column per driver id of the taxonomy; optional columns are
``id``, ``lang``, ``split`` (train/dev/test) and ``tags`` (``;``-separated, e.g.
``negation;typo``). The gold set ``data/gold/gold.csv`` and the public benchmark
share this format.

``mixed_with_other_answers`` joins each answer of a set with an unrelated answer without a
driver (labels unchanged): a stress view for evaluation (``ces-nlp evaluate --mixed``) and extra
training rows (``ces_nlp.train``).
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .ingest import read_table
from .taxonomy import Taxonomy

HARD_NEGATIVE_TAGS = frozenset({"negation", "hypothetical", "praise", "other_complaint", "vague", "false_friend"})
STYLE_TAGS = frozenset({"irony", "typo", "lowercase", "abbreviation", "mixed_language", "long"})
ALL_TAGS = HARD_NEGATIVE_TAGS | STYLE_TAGS
# hard negatives that mention a driver's situation without reporting it
MENTION_TAGS = frozenset({"negation", "hypothetical", "false_friend"})
SPLITS = ("train", "dev", "test")


def concat_sets(parts: list["LabelledSet"]) -> "LabelledSet":
    """Labelled sets of the same taxonomy, one after the other."""
    if len(parts) == 1:
        return parts[0]
    return LabelledSet(frame=pd.concat([p.frame for p in parts], ignore_index=True),
                       texts=[t for p in parts for t in p.texts], Y=np.vstack([p.Y for p in parts]),
                       drivers=parts[0].drivers, langs=[x for p in parts for x in p.langs],
                       tags=[t for p in parts for t in p.tags])


def none_head_rows(Y: np.ndarray, tags: list[frozenset]) -> np.ndarray:
    """Rows the classifier's none head learns from: rows with a driver and rows tagged as a mention
    without one (``MENTION_TAGS``: negated, hypothetical, false friend), so the head learns "mentioned
    but not reported" rather than "about something else". Without any mention tag: all rows."""
    mention = np.array([bool(t & MENTION_TAGS) for t in tags], dtype=bool)
    if not mention.any():
        return np.ones(len(tags), dtype=bool)
    return (np.asarray(Y).sum(axis=1) > 0) | mention


@dataclass
class LabelledSet:
    frame: pd.DataFrame       # original rows
    texts: list[str]
    Y: np.ndarray             # n x k indicator, columns = drivers
    drivers: list[str]
    langs: list[str]
    tags: list[frozenset]

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, mask) -> "LabelledSet":
        mask = np.asarray(mask, dtype=bool)
        idx = np.flatnonzero(mask)
        return LabelledSet(frame=self.frame.iloc[idx].reset_index(drop=True), texts=[self.texts[i] for i in idx],
                           Y=self.Y[idx], drivers=self.drivers, langs=[self.langs[i] for i in idx],
                           tags=[self.tags[i] for i in idx])

    def split(self, name: str) -> "LabelledSet":
        if "split" not in self.frame.columns:
            raise InputError(f"no 'split' column; cannot take the '{name}' split")
        return self.subset(self.frame["split"].astype(str).eq(name).to_numpy())

    @property
    def hard_negative(self) -> np.ndarray:
        """Rows with no driver whose tags mark them as hard negatives."""
        return (self.Y.sum(axis=1) == 0) & np.array([bool(t & HARD_NEGATIVE_TAGS) for t in self.tags], dtype=bool)

    @property
    def negated_or_hypothetical(self) -> np.ndarray:
        return np.array([bool(t & {"negation", "hypothetical"}) for t in self.tags], dtype=bool)

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for text, row in zip(self.texts, self.Y):
            h.update(text.encode("utf-8"))
            h.update(bytes(row.astype(np.uint8)))
        return h.hexdigest()


def join_with_fillers(data: LabelledSet, seed: int = 0) -> tuple[list[str], list[int]]:
    """Each answer joined (before or after it, at random) with another answer of the set that has no
    driver and is not a negated, hypothetical or false-friend mention, of the same language where the
    set has one: the joined texts and, per answer, the row it was joined with. Seeded."""
    fillers: dict[str, list[int]] = {}
    for i, (y, tags) in enumerate(zip(data.Y, data.tags)):
        if not y.any() and not tags & MENTION_TAGS:
            fillers.setdefault(data.langs[i], []).append(i)
    pool = [i for rows in fillers.values() for i in rows]
    if len(pool) < 2:
        raise InputError("mixing needs at least two answers without a driver to join the others with")
    rng = random.Random(seed)
    texts, partners = [], []
    for i, text in enumerate(data.texts):
        rows = [j for j in fillers.get(data.langs[i], ()) if j != i] or [j for j in pool if j != i]
        j = rng.choice(rows)
        texts.append(f"{data.texts[j]} {text}" if rng.random() < 0.5 else f"{text} {data.texts[j]}")
        partners.append(j)
    return texts, partners


def mixed_with_other_answers(data: LabelledSet, seed: int = 0) -> LabelledSet:
    """The set with each answer joined with a driver-free answer (:func:`join_with_fillers`). Labels,
    tags and languages stay: a driver-free answer adds no driver."""
    return replace(data, texts=join_with_fillers(data, seed)[0])


def load_labelled(path, taxonomy: Taxonomy, text_col: str = "text") -> LabelledSet:
    """Read labelled data for ``taxonomy``; every driver id must have a 0/1 column."""
    df = read_table(path)
    if text_col not in df.columns:
        raise InputError(f"text column not found; the file has: {', '.join(df.columns)}", path=path, column=text_col)
    missing = [d for d in taxonomy.ids if d not in df.columns]
    if missing:
        raise InputError(f"no label column for driver(s) {', '.join(missing)} of taxonomy '{taxonomy.id}' "
                         f"{taxonomy.version}; add 0/1 columns named by the driver ids", path=path)
    Y = np.zeros((len(df), len(taxonomy.ids)), dtype=int)
    for j, d in enumerate(taxonomy.ids):
        raw = df[d].astype(str).str.strip()
        ok = raw.isin(["0", "1", "0.0", "1.0", "True", "False", "true", "false"])
        if not ok.all():
            i = int(np.flatnonzero(~ok.to_numpy())[0])
            raise InputError(f"label must be 0 or 1, got {raw.iloc[i]!r}", path=path, row=i + 1, column=d)
        Y[:, j] = raw.isin(["1", "1.0", "True", "true"]).to_numpy().astype(int)
    texts = df[text_col].astype(str).tolist()
    empty = [i + 1 for i, t in enumerate(texts) if not t.strip()]
    if empty:
        raise InputError("labelled text is empty", path=path, row=empty[0], column=text_col)
    langs = df["lang"].astype(str).tolist() if "lang" in df.columns else [""] * len(df)
    tags = [frozenset(t for t in str(x).split(";") if t) for x in df["tags"]] if "tags" in df.columns \
        else [frozenset()] * len(df)
    return LabelledSet(frame=df, texts=texts, Y=Y, drivers=list(taxonomy.ids), langs=langs, tags=tags)


# ---------------------------------------------------------------- gold set building

def normalise_for_dedup(text: str) -> str:
    return " ".join(str(text).lower().split())


def batch_number(path: Path) -> int:
    """``de.jsonl`` is batch 1, ``de_2.jsonl`` batch 2, and so on."""
    parts = Path(path).stem.split("_")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1


def read_raw_gold(raw_dir: Path, drivers: list[str]) -> pd.DataFrame:
    """Read ``<lang>.jsonl`` / ``<lang>_<batch>.jsonl`` files of hand-written answers ({"text", "labels", "tags"})."""
    rows = []
    # batch order, not name order: "de_10.jsonl" comes after "de_9.jsonl", and every language's batch 9
    # before any batch 10, so the earliest batch's copy of a duplicated text is the one kept, also when
    # the copies are filed under two languages ("ok"): a new batch never drops or renumbers older rows
    for path in sorted(Path(raw_dir).glob("*.jsonl"), key=lambda p: (batch_number(p), p.stem.split("_")[0])):
        lang = path.stem.split("_")[0]
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            obj = json.loads(line)
            labels, tags = obj.get("labels", []), obj.get("tags", [])
            bad = [x for x in labels if x not in drivers] + [x for x in tags if x not in ALL_TAGS]
            if bad:
                raise InputError(f"unknown label or tag {bad}", path=path, row=lineno)
            rows.append({"lang": lang, "text": obj["text"].strip(), "labels": sorted(labels),
                         "tags": ";".join(sorted(set(tags))), "source": path.name,
                         "source_line": lineno, "batch": batch_number(path)})
    df = pd.DataFrame(rows)
    df["_key"] = df["text"].map(normalise_for_dedup)
    return df.drop_duplicates("_key").drop(columns="_key").reset_index(drop=True)


def assign_splits(df: pd.DataFrame, seed: int = 13, fractions=(0.7, 0.15, 0.15)) -> pd.Series:
    """Stratified split per language and label set: each stratum is shuffled and cut by ``fractions``."""
    rng = np.random.default_rng(seed)
    split = pd.Series("train", index=df.index, dtype=object)
    strata = df["lang"] + "|" + df["labels"].map(lambda x: ";".join(x)) + "|" + \
        df["tags"].map(lambda t: "hard" if set(t.split(";")) & HARD_NEGATIVE_TAGS else "")
    carry = 0.0
    for _, idx in sorted(strata.groupby(strata).groups.items()):
        idx = np.array(sorted(idx))
        rng.shuffle(idx)
        n = len(idx)
        # carry fractional remainders so that small strata still feed dev and test overall
        want_test = fractions[2] * n + carry
        n_test = int(want_test)
        n_dev = int(round(fractions[1] * n))
        carry = want_test - n_test
        split[idx[:n_test]] = "test"
        split[idx[n_test:n_test + n_dev]] = "dev"
    return split


def read_corrections(path: Path, drivers: list[str]) -> list[tuple[int, dict]]:
    """(line number, entry) of each correction in ``path``; every entry must name lang, text, was,
    labels and a reason, with labels from ``drivers``."""
    out = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        missing = {"lang", "text", "was", "labels", "reason"} - set(obj)
        if missing or not str(obj.get("reason", "")).strip():
            raise InputError(f"correction needs lang, text, was, labels and a reason (missing {sorted(missing)})",
                             path=path, row=lineno)
        bad = [x for x in [*obj["was"], *obj["labels"]] if x not in drivers]
        if bad:
            raise InputError(f"unknown label {bad}", path=path, row=lineno)
        out.append((lineno, obj))
    return out


def apply_corrections(df: pd.DataFrame, path: Path, drivers: list[str]) -> pd.DataFrame:
    """Relabel rows of the raw gold table from a corrections file, leaving the raw files as written.

    Each line of ``path`` is ``{"lang", "text", "was", "labels", "reason"}``: the row of that language
    whose text matches (case- and whitespace-insensitive) had the labels ``was`` and gets ``labels``.
    A correction that matches no row, repeats another, or whose ``was`` is not the row's current
    labels (the raw file changed since) is an error, so the file cannot silently go stale.
    """
    key = df["lang"] + "\x00" + df["text"].map(normalise_for_dedup)
    where = dict(zip(key, df.index))
    df = df.copy()
    done: set = set()
    for lineno, obj in read_corrections(path, drivers):
        i = where.get(obj["lang"] + "\x00" + normalise_for_dedup(obj["text"]))
        if i is None:
            raise InputError(f"correction matches no {obj['lang']} answer: {obj['text'][:60]!r}", path=path, row=lineno)
        if i in done:
            raise InputError(f"second correction of the same answer: {obj['text'][:60]!r}", path=path, row=lineno)
        if sorted(obj["was"]) != df.at[i, "labels"]:
            raise InputError(f"correction expects labels {sorted(obj['was'])} but the answer has {df.at[i, 'labels']}",
                             path=path, row=lineno)
        if sorted(obj["labels"]) == df.at[i, "labels"]:
            raise InputError("correction does not change the labels", path=path, row=lineno)
        df.at[i, "labels"] = sorted(obj["labels"])
        done.add(i)
    return df


# Batches up to this one were split together; every later batch is split on its own, so adding
# a batch never moves a row of an earlier one to another split.
JOINTLY_SPLIT_BATCHES = 2


def build_gold(raw_dir: Path, drivers: list[str], seed: int = 13, corrections: Path | None = None) -> pd.DataFrame:
    """The gold table: id, lang, split, text, one 0/1 column per driver, tags.

    Splits: batches 1..``JOINTLY_SPLIT_BATCHES`` are split together (seed ``seed``); each later
    batch ``b`` is split by itself with seed ``seed + b``, with the same stratification.
    ``corrections`` (see :func:`apply_corrections`) relabel rows after the splits are drawn, so a
    relabelled answer keeps its split and id.
    """
    df = read_raw_gold(raw_dir, drivers)
    group = df["batch"].where(df["batch"] > JOINTLY_SPLIT_BATCHES, 0)
    df["split"] = "train"
    for b in sorted(group.unique()):
        part = df[group == b]
        df.loc[part.index, "split"] = assign_splits(part, seed=seed if b == 0 else seed + int(b))
    if corrections is not None:
        df = apply_corrections(df, corrections, drivers)
    # ids follow language, batch and line, so a new batch never renumbers the rows of earlier ones
    df = df.sort_values(["lang", "batch", "source_line"], kind="stable").reset_index(drop=True)
    df["id"] = [f"g-{lang}-{i:04d}" for i, lang in zip(df.groupby("lang").cumcount() + 1, df["lang"])]
    for d in drivers:
        df[d] = df["labels"].map(lambda labels, d=d: int(d in labels))
    return df[["id", "lang", "split", "text", *drivers, "tags"]]
