"""Download, clean and split the mushroom images."""

from pathlib import Path

import typer
from PIL import Image, UnidentifiedImageError

from mushroom import GENERA

IMAGE_SIZE = 224


def is_valid(path: Path) -> bool:
    """Some images in the Kaggle set are truncated; skip those instead of crashing a run."""
    try:
        with Image.open(path) as img:
            img.verify()
        return True
    except (UnidentifiedImageError, OSError):
        return False


def preprocess(raw_dir: Path = Path("data/raw"), out_dir: Path = Path("data/processed")) -> None:
    """Resize every valid image once, so training does not decode full-size JPEGs each epoch."""
    for genus in GENERA:
        target = out_dir / genus
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted((raw_dir / genus).glob("*.jpg")):
            if is_valid(path):
                Image.open(path).convert("RGB").resize((IMAGE_SIZE, IMAGE_SIZE)).save(target / path.name)


if __name__ == "__main__":
    typer.run(preprocess)
