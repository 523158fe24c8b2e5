"""Gathers the texts of concurrent classification requests into one model call.

One worker thread owns the model. Whatever requests are waiting when it becomes free are scored
together (``classify_texts`` scores each text independently, so the results are the same as one call
per request), which keeps latency flat when many clients send one text each.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time

import numpy as np

from ces_nlp.classify import classify_texts

_STOP = object()


def _settle(fut: asyncio.Future, result=None, error: BaseException | None = None) -> None:
    if fut.done():
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(result)


class Batcher:
    def __init__(self, model, *, max_texts: int = 2000, window_s: float = 0.0):
        self.model = model
        self.max_texts = max_texts
        self.window_s = window_s
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> "Batcher":
        self._thread = threading.Thread(target=self._run, name="classify-batcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=10)
            self._thread = None

    async def classify(self, texts: list[str]):
        """(languages, probabilities, indicators) for ``texts``, as :func:`classify_texts` gives them."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._queue.put((texts, fut, loop))
        return await fut

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            jobs, n, stop = [first], len(first[0]), False
            deadline = time.monotonic() + self.window_s
            while n < self.max_texts:
                try:
                    wait = deadline - time.monotonic()
                    job = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is _STOP:
                    stop = True
                    break
                jobs.append(job)
                n += len(job[0])
            texts = [t for job in jobs for t in job[0]]
            try:
                langs, proba, ind = classify_texts(self.model, texts)
            except BaseException as exc:  # hand the failure to every waiting request
                for _, fut, loop in jobs:
                    loop.call_soon_threadsafe(_settle, fut, None, exc)
            else:
                k = 0
                for job_texts, fut, loop in jobs:
                    m = len(job_texts)
                    part = (langs[k:k + m], np.asarray(proba[k:k + m]), np.asarray(ind[k:k + m]))
                    loop.call_soon_threadsafe(_settle, fut, part)
                    k += m
            if stop:
                return
