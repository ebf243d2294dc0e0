import lightning as L
import torch
from transformers import AutoModelForSequenceClassification


class SentimentModel(L.LightningModule):
    def __init__(self, checkpoint: str, lr: float = 2e-5, num_labels: int = 3):
        super().__init__()
        self.save_hyperparameters()
        self.model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=num_labels)

    def forward(self, **batch):
        return self.model(**batch).logits

    def training_step(self, batch, batch_idx):
        loss = self.model(**batch).loss
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
