"""One recording from the microphone: audio in, recognised text out as the worker pauses.

Plain Python, tested without Qt. Captured blocks go into a queue; one thread
of its own loads the engine (once per session of the app) and feeds a
``LiveTranscriber``, so words come back at each pause while the worker is
still talking. Audio lives only in that queue and the stretch being
recognised, and is dropped once recognised or cancelled: never on disk.
Callbacks run on the recording's thread; the window passes them on.

Where the council keeps audio (``keep_audio_days`` above 0), the recording also
keeps what it heard, as 16-bit samples in memory, and hands it over once all of
it is transcribed (``on_audio``), for the store to keep encrypted; a cancelled
recording, or one too quiet to transcribe, hands over nothing.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from recorder.speech.audio import SAMPLE_RATE, level_dbfs, pcm16, to_mono_16k
from recorder.speech.capture import OpenStream, open_microphone
from recorder.speech.engine import Engine, SpeechError
from recorder.speech.transcribe import TOO_QUIET, LiveTranscriber

MAX_SECONDS = 60 * 60
"""A recording stops by itself after an hour: longer visits are recorded in parts."""
RECORDING_CONSENT = "recording_consent"
"""The visit form's yes/no field that must say Yes before the first recording of a visit."""

_engine: list[Engine] = []
_engine_lock = threading.Lock()


def shared_engine() -> Engine:
    """The default engine, loaded once and kept: loading takes a second or two."""
    with _engine_lock:
        if not _engine:
            from recorder.speech.whisper import WhisperEngine

            _engine.append(WhisperEngine.load())
        return _engine[0]


def may_record(values: dict[str, Any]) -> bool:
    """Whether the visit's record says the family agreed to it being recorded."""
    return values.get(RECORDING_CONSENT) is True


class Recording:
    """Start, pause, resume, stop or cancel; text arrives through ``on_text``."""

    def __init__(
        self,
        *,
        on_text: Callable[[str], None],
        on_done: Callable[[str], None],
        load_engine: Callable[[], Engine] = shared_engine,
        open_stream: OpenStream = open_microphone,
        max_seconds: float = MAX_SECONDS,
        hints: Sequence[str] = (),
        on_audio: Callable[[bytes], None] | None = None,
    ) -> None:
        """:param on_done: called once at the end, with a problem in words or "" if none.
        :param hints: the names on the open record's family, which the engine leans towards.
        :param on_audio: given, the audio is kept and handed over (16-bit mono samples at
            ``SAMPLE_RATE``) just before ``on_done``, once everything said is transcribed.
        """
        self.on_text = on_text
        self.on_done = on_done
        self.load_engine = load_engine
        self.open_stream = open_stream
        self.max_seconds = max_seconds
        self.hints = tuple(hints)
        self.on_audio = on_audio
        self._kept: list[bytes] = []
        self.paused = False
        self.stopped = False
        self.seconds = 0.0
        self.level = -100.0
        self.reached_max = False
        self._cancelled = threading.Event()
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._stream = None
        self._thread: threading.Thread | None = None
        self._live: LiveTranscriber | None = None

    @property
    def audio_held_seconds(self) -> float:
        """Seconds of audio this recording holds now: waiting, or heard and not yet recognised.

        Unless the audio is to be kept, once the text is out this is 0 too; audio to be
        kept counts until it is handed over.
        """
        waiting = sum(len(s) for s in list(self._queue.queue) if s is not None)
        live = self._live
        kept = sum(len(b) for b in self._kept) / 2
        held = waiting + (live.held_seconds * SAMPLE_RATE if live is not None else 0.0)
        return max(held, kept) / SAMPLE_RATE

    def start(self) -> None:
        """Opens the microphone; a missing, busy or refused one raises ``SpeechError``."""
        self._stream = self.open_stream(self._heard)
        self._thread = threading.Thread(target=self._recognise, name="recording", daemon=True)
        self._thread.start()
        self._stream.start()

    def _heard(self, data: bytes) -> None:
        """A block from the microphone (the audio thread): kept unless paused or done."""
        if self.paused or self.stopped:
            return
        samples = to_mono_16k(data)
        self.level = level_dbfs(samples)
        self.seconds += len(samples) / SAMPLE_RATE
        if self.on_audio is not None:
            self._kept.append(pcm16(samples))
        self._queue.put(samples)
        if self.seconds >= self.max_seconds and not self.reached_max:
            self.reached_max = True
            self.stop()

    def pause(self) -> None:
        self.paused = True
        self.level = -100.0

    def resume(self) -> None:
        self.paused = False

    def stop(self) -> None:
        """Stops listening; what was said so far is still recognised, then ``on_done``."""
        if self.stopped:
            return
        self.stopped = True
        self._close()
        self._queue.put(None)

    def cancel(self) -> None:
        """Stops listening and drops the audio not yet recognised."""
        self._cancelled.set()
        self.stop()

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # noqa: BLE001  a device gone away: the audio is already in hand
                pass

    def _recognise(self) -> None:
        problem = ""
        try:
            live = self._live = LiveTranscriber(self.load_engine(), self.hints)
            while True:
                samples = self._queue.get()
                if self._cancelled.is_set():
                    break
                if samples is None:
                    for text in live.finish():
                        self.on_text(text)
                    if not live.heard_speech:
                        problem = TOO_QUIET
                    elif self.on_audio is not None and self._kept:
                        self.on_audio(b"".join(self._kept))
                    break
                for text in live.feed(samples):
                    if self._cancelled.is_set():
                        break
                    self.on_text(text)
        except SpeechError as e:
            problem = str(e)
            self._close()
            self.stopped = True
        finally:
            while not self._queue.empty():  # nothing heard is kept past the recording
                self._queue.get_nowait()
            self._kept = []
            self._live = None
        self.on_done(problem)
