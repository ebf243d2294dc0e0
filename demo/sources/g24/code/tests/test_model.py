import torch

from kws import LABELS
from kws.model import KeywordCNN


def test_forward_shape():
    assert KeywordCNN()(torch.randn(4, 1, 40, 101)).shape == (4, len(LABELS))
