"""On-device speech to text: audio in, text out, nothing sent anywhere.

Plain Python, no Qt. The engine and its weights are an optional extra
(``pip install -e ".[speech]"``); without it every entry point says so in a
sentence. Audio is held in memory and dropped once transcribed: nothing here
writes audio to disk.
"""

from recorder.speech.audio import SAMPLE_RATE, Audio, read_wav
from recorder.speech.engine import Engine, SpeechError
from recorder.speech.transcribe import TranscribeState, transcribe

__all__ = [
    "SAMPLE_RATE",
    "Audio",
    "Engine",
    "SpeechError",
    "TranscribeState",
    "read_wav",
    "transcribe",
]
