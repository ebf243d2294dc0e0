import io

import numpy as np
import rasterio
import torch
from PIL import Image

from eurosat.model import LandCoverModel


def load_models() -> dict[int, LandCoverModel]:
    """One model per input type: 13-band GeoTIFF or plain RGB PNG."""
    return {
        13: LandCoverModel.load_from_checkpoint("models/all_bands.ckpt", map_location="cpu").eval(),
        3: LandCoverModel.load_from_checkpoint("models/rgb.ckpt", map_location="cpu").eval(),
    }


def predict_bytes(models: dict[int, LandCoverModel], data: bytes, filename: str) -> np.ndarray:
    if filename.lower().endswith((".tif", ".tiff")):
        with rasterio.MemoryFile(data) as mem, mem.open() as src:
            image = src.read().astype(np.float32) / 10000.0
    else:
        image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float32).transpose(2, 0, 1) / 255.0
    model = models[image.shape[0]]
    with torch.no_grad():
        return model(torch.from_numpy(image)[None]).softmax(-1)[0].numpy()
