"""Listening to a kept recording, through sounddevice (PortAudio), to the default speaker.

Only audio a council keeps (``keep_audio_days``) is ever played: the sound comes
from the encrypted store into memory and goes straight to the sound card, never
to a file. Opening the speaker is the only place a missing one can show; it
becomes a plain sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from recorder.speech.capture import SoundStream, no_device
from recorder.speech.engine import SpeechError

NO_LIBRARY = (
    "The audio cannot be played: the sound library is missing. On Linux install the package "
    "libportaudio2 (sudo apt install libportaudio2); on Windows and macOS reinstall the "
    'speech extra (pip install -e ".[speech]").'
)
NO_SPEAKER = (
    "No speaker or headphones were found. Plug some in or switch them on, then press "
    "Listen again."
)
SPEAKER_BUSY = (
    "The speaker is being used by another program, or this computer refused it to Case "
    "Recorder. Close the other program, then press Listen again."
)


OpenSpeaker = Callable[[bytes, int, Callable[[], None]], SoundStream]
"""Opens a stream, not yet started, that plays 16-bit mono PCM at the given rate, then
calls back once it has played to the end or been stopped."""


def open_speaker(pcm: bytes, sample_rate: int, on_finished: Callable[[], None]) -> SoundStream:
    """The default speaker, ready to play ``pcm``; problems as ``SpeechError``."""
    try:
        import sounddevice as sd
    except (ImportError, OSError):
        raise SpeechError(NO_LIBRARY) from None
    try:
        sd.query_devices(kind="output")
    except (sd.PortAudioError, ValueError):
        raise SpeechError(NO_SPEAKER) from None
    played = [0]

    def callback(outdata, frames, _time, _status) -> None:
        start = played[0]
        chunk = pcm[start : start + frames * 2]
        played[0] = start + len(chunk)
        outdata[: len(chunk)] = chunk
        if len(chunk) < len(outdata):
            outdata[len(chunk) :] = b"\0" * (len(outdata) - len(chunk))
            raise sd.CallbackStop

    try:
        return sd.RawOutputStream(
            samplerate=sample_rate, channels=1, dtype="int16", callback=callback,
            finished_callback=on_finished,
        )  # fmt: skip
    except sd.PortAudioError as e:
        raise SpeechError(NO_SPEAKER if no_device(e) else SPEAKER_BUSY) from None
