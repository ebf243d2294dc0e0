import torch

from mushroom import GENERA
from mushroom.model import build_model


def test_output_shape():
    model = build_model(pretrained=False)
    out = model(torch.randn(2, 3, 224, 224))
    assert out.shape == (2, len(GENERA))
