"""The microphone, through sounddevice (PortAudio): 16 kHz mono, 16-bit, in 0.1 s blocks.

Opening it is the only place a microphone missing, busy or refused can show;
each becomes a plain sentence. Captured blocks go straight to a callback
(the recording's queue): nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from recorder.speech.audio import SAMPLE_RATE
from recorder.speech.engine import SpeechError

BLOCK = SAMPLE_RATE // 10

NO_LIBRARY = (
    "The microphone cannot be used: the sound library is missing. On Linux install the "
    "package libportaudio2 (sudo apt install libportaudio2); on Windows and macOS reinstall "
    'the speech extra (pip install -e ".[speech]"). You can still type the dictation.'
)
NO_MICROPHONE = (
    "No microphone was found. Plug one in or switch it on, then press Record again. "
    "You can still type the dictation."
)
BUSY = (
    "The microphone is being used by another program, or this computer refused it to Case "
    "Recorder. Close the other program, or allow Case Recorder to use the microphone in the "
    "computer's privacy settings, then press Record again."
)


class SoundStream(Protocol):
    """A sound card stream, in or out (sounddevice's, or a test's stand-in)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...



def no_device(error: Exception) -> bool:
    """Whether PortAudio's refusal means there is no such device (else: busy or refused)."""
    words = str(error).casefold()
    return any(w in words for w in ("invalid device", "no default", "no device"))


OpenStream = Callable[[Callable[[bytes], None]], SoundStream]
"""Opens an input stream that calls back with 16-bit mono PCM bytes at ``SAMPLE_RATE``."""


def open_microphone(on_audio: Callable[[bytes], None]) -> SoundStream:
    """The default microphone as a stream not yet started; problems as ``SpeechError``."""
    try:
        import sounddevice as sd
    except (ImportError, OSError):
        raise SpeechError(NO_LIBRARY) from None
    try:
        sd.query_devices(kind="input")
    except (sd.PortAudioError, ValueError):
        raise SpeechError(NO_MICROPHONE) from None

    def callback(indata, _frames, _time, _status) -> None:
        on_audio(bytes(indata))

    try:
        return sd.RawInputStream(
            samplerate=SAMPLE_RATE, channels=1, dtype="int16", blocksize=BLOCK, callback=callback
        )
    except sd.PortAudioError as e:
        raise SpeechError(NO_MICROPHONE if no_device(e) else BUSY) from None
