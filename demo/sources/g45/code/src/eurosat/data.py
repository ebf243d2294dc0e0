import lightning as L
import torch
from torchgeo.datasets import EuroSAT

RGB_BANDS = ("B04", "B03", "B02")


class EuroSATData(L.LightningDataModule):
    def __init__(self, root: str = "data", bands: str = "all", batch_size: int = 128):
        super().__init__()
        self.root, self.batch_size = root, batch_size
        self.bands = EuroSAT.all_band_names if bands == "all" else RGB_BANDS

    def setup(self, stage: str | None = None) -> None:
        self.train = EuroSAT(self.root, split="train", bands=self.bands, download=True)
        self.val = EuroSAT(self.root, split="val", bands=self.bands, download=True)

    def train_dataloader(self):
        return torch.utils.data.DataLoader(self.train, batch_size=self.batch_size, shuffle=True, num_workers=4)

    def val_dataloader(self):
        return torch.utils.data.DataLoader(self.val, batch_size=self.batch_size, num_workers=4)
