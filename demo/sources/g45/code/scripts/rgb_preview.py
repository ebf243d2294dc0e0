"""Write RGB previews of 13-band EuroSAT patches for the API's example page."""

import sys
from pathlib import Path

import numpy as np
import rasterio
from PIL import Image

for path in map(Path, sys.argv[1:]):
    with rasterio.open(path) as src:
        rgb = src.read([4, 3, 2]).astype(np.float32)
    rgb = np.clip(rgb / 3000.0, 0, 1)
    Image.fromarray((rgb.transpose(1, 2, 0) * 255).astype(np.uint8)).save(path.with_suffix(".png"))
