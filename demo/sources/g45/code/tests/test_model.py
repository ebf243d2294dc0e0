import pytest
import torch

from eurosat.model import LandCoverModel


@pytest.mark.parametrize("bands", [3, 13])
def test_output_shape(bands):
    model = LandCoverModel(in_chans=bands)
    assert model(torch.randn(2, bands, 64, 64)).shape == (2, 10)
