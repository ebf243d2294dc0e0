"""NumPy copy of the training features, so the API image does not need PyTorch.

The mel filterbank is the one torchaudio uses, exported once to models/mel_fb.npy; a test compares
this function with features.LogMel on random audio.
"""

import numpy as np

MEL_FB = np.load("models/mel_fb.npy")  # (n_fft // 2 + 1, n_mels)


def resample(wave: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return wave
    positions = np.arange(0, len(wave), rate / target)
    return np.interp(positions, np.arange(len(wave)), wave)


def log_mel(wave: np.ndarray, rate: int, target: int, n_fft: int = 480, hop: int = 160) -> np.ndarray:
    wave = resample(wave, rate, target)[:target]
    wave = np.pad(wave, (0, max(0, target - len(wave))))
    padded = np.pad(wave, n_fft // 2, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop] * np.hanning(n_fft + 1)[:-1]
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    return np.log(power @ MEL_FB + 1e-6).T
