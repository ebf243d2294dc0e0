"""Turn uploaded image bytes into the normalised tensor the model was trained on."""

import io

import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def to_tensor(data: bytes, size: int = 224) -> np.ndarray:
    image = Image.open(io.BytesIO(data)).convert("RGB").resize((size, size))
    array = (np.asarray(image, dtype=np.float32) / 255.0 - MEAN) / STD
    return array.transpose(2, 0, 1)[None]
