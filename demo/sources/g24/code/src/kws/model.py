import torch
from torch import nn

from kws import LABELS


class KeywordCNN(nn.Module):
    """Four conv blocks over (batch, 1, mel, time) followed by global average pooling."""

    def __init__(self, width: int = 32, dropout: float = 0.2):
        super().__init__()
        layers: list[nn.Module] = []
        channels = 1
        for i in range(4):
            out = width * 2**i
            layers += [nn.Conv2d(channels, out, 3, padding=1), nn.BatchNorm2d(out), nn.ReLU(), nn.MaxPool2d(2)]
            channels = out
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(channels, len(LABELS)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).mean(dim=(2, 3)))
