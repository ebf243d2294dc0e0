import lightning as L
import timm
import torch

from eurosat import CLASSES


class LandCoverModel(L.LightningModule):
    def __init__(self, backbone: str = "resnet18", in_chans: int = 13, lr: float = 1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.net = timm.create_model(backbone, in_chans=in_chans, num_classes=len(CLASSES))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        loss = torch.nn.functional.cross_entropy(self(batch["image"]), batch["label"])
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        logits = self(batch["image"])
        self.log("val_acc", (logits.argmax(1) == batch["label"]).float().mean())

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)
