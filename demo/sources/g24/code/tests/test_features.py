import torch

from kws.features import LogMel, fix_length


def test_fix_length_pads_and_crops():
    assert fix_length(torch.zeros(1, 8000)).shape[-1] == 16000
    assert fix_length(torch.zeros(1, 20000)).shape[-1] == 16000


def test_logmel_shape():
    assert LogMel(n_mels=40)(torch.zeros(1, 16000)).shape == (1, 40, 101)
