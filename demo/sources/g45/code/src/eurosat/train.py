import hydra
import lightning as L
from lightning.pytorch.loggers import WandbLogger

from eurosat.data import EuroSATData
from eurosat.model import LandCoverModel


@hydra.main(config_path="../../configs", config_name="config", version_base=None)
def main(cfg):
    L.seed_everything(42)
    data = EuroSATData(bands=cfg.data.bands, batch_size=cfg.data.batch_size)
    model = LandCoverModel(cfg.model.backbone, in_chans=13 if cfg.data.bands == "all" else 3, lr=cfg.model.lr)
    trainer = L.Trainer(max_epochs=cfg.trainer.max_epochs, logger=WandbLogger(project="eurosat"))
    trainer.fit(model, data)
    trainer.save_checkpoint("models/all_bands.ckpt" if cfg.data.bands == "all" else "models/rgb.ckpt")


if __name__ == "__main__":
    main()
