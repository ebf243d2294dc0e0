"""Log-mel features, shared by training (torch) and kept identical in the API (numpy)."""

import torch
import torchaudio

from kws import SAMPLE_RATE


def fix_length(wave: torch.Tensor, samples: int = SAMPLE_RATE) -> torch.Tensor:
    """Pad with zeros or crop so every clip is exactly one second."""
    if wave.shape[-1] >= samples:
        return wave[..., :samples]
    return torch.nn.functional.pad(wave, (0, samples - wave.shape[-1]))


class LogMel(torch.nn.Module):
    def __init__(self, n_mels: int = 40):
        super().__init__()
        self.mel = torchaudio.transforms.MelSpectrogram(SAMPLE_RATE, n_fft=480, hop_length=160, n_mels=n_mels)

    def forward(self, wave: torch.Tensor) -> torch.Tensor:
        return torch.log(self.mel(wave) + 1e-6)
