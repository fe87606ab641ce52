# Writes tests/fixtures/audio/torchaudio/: a seeded 1 s 16 kHz 16-bit WAV and the log-mel features torchaudio
# itself computes from it, so src/node/audio/torchaudio-parity.test.ts checks the project's front end against
# the real library rather than only against scripts/gen-mel-reference.mjs (our own reading of its definition).
# Run once, with a Python that has torch and torchaudio (made with torch 1.13, torchaudio 0.13.1, numpy 1.24):
#   /usr/bin/python3 scripts/gen-torchaudio-fixture.py
import json
import pathlib
import wave

import numpy as np
import torch
import torchaudio

OUT = pathlib.Path(__file__).resolve().parent.parent / 'tests' / 'fixtures' / 'audio' / 'torchaudio'
SAMPLE_RATE = 16000

# The project's FrontEndConfig names, and the two configurations checked: the default one and a
# non-default one (zero-padded 400-sample window in a 512 FFT, 32 mels over 20-7600 Hz).
CASES = [
    {'name': 'default', 'sampleRate': 16000, 'nFft': 400, 'winLength': 400, 'hopLength': 160, 'nMels': 40, 'fMin': 0, 'fMax': 8000},
    {'name': 'nfft512-mels32', 'sampleRate': 16000, 'nFft': 512, 'winLength': 400, 'hopLength': 160, 'nMels': 32, 'fMin': 20, 'fMax': 7600},
]


def make_signal() -> np.ndarray:
    """int16: 0.2 s of digital silence (exercises the 1e-10 floor), then a tone, a chirp and seeded noise."""
    rng = np.random.default_rng(19)
    n = np.arange(SAMPLE_RATE)
    t = n / SAMPLE_RATE
    v = 0.4 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * (300 + 3000 * t) * t + 0.3) + 0.05 * rng.uniform(-1, 1, SAMPLE_RATE)
    # A quieter last quarter keeps some high bins near the floor without reaching it.
    v[int(0.75 * SAMPLE_RATE):] *= 0.01
    v[: SAMPLE_RATE // 5] = 0
    return np.round(np.clip(v, -1, 1) * 32767).astype('<i2')


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    wav_path = OUT / 'input-16k.wav'
    with wave.open(str(wav_path), 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(make_signal().tobytes())

    # torchaudio's own loader: int16 / 32768 as float32, the same scaling the project's WAV decoder uses.
    waveform, rate = torchaudio.load(str(wav_path))
    assert rate == SAMPLE_RATE and waveform.shape == (1, SAMPLE_RATE)
    to_db = torchaudio.transforms.AmplitudeToDB(stype='power', top_db=None)  # 10*log10(max(p, 1e-10))
    assert to_db.amin == 1e-10
    cases = []
    for case in CASES:
        mel = torchaudio.transforms.MelSpectrogram(
            sample_rate=case['sampleRate'], n_fft=case['nFft'], win_length=case['winLength'], hop_length=case['hopLength'],
            f_min=case['fMin'], f_max=case['fMax'], n_mels=case['nMels'], window_fn=torch.hann_window, power=2.0,
            center=True, pad_mode='reflect', norm=None, mel_scale='htk',
        )
        with torch.no_grad():
            features = to_db(mel(waveform))[0].T.contiguous().numpy().astype('<f4')  # [frames, n_mels]
        file = f"{case['name']}.npy"
        np.save(OUT / file, features)
        cases.append({**case, 'file': file, 'frames': int(features.shape[0])})
        print(f"{file}: {features.shape[0]} frames x {features.shape[1]} mels, {features.min():.2f}..{features.max():.2f} dB")

    manifest = {
        'input': wav_path.name,
        'made_with': {'torch': torch.__version__, 'torchaudio': torchaudio.__version__, 'numpy': np.__version__},
        'log': 'torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)',
        'cases': cases,
    }
    (OUT / 'manifest.json').write_text(json.dumps(manifest, indent=2) + '\n')


if __name__ == '__main__':
    main()
