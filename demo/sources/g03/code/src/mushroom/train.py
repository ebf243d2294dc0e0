"""Train the classifier; every setting comes from the Hydra config."""

import hydra
import torch
import wandb
from omegaconf import DictConfig, OmegaConf

from mushroom.model import build_model


@hydra.main(config_path="../../configs", config_name="config", version_base="1.3")
def train(cfg: DictConfig) -> None:
    torch.manual_seed(cfg.seed)
    run = wandb.init(project="mushroom", config=OmegaConf.to_container(cfg, resolve=True))
    model = build_model(cfg.model.name, drop_rate=cfg.model.drop_rate)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, weight_decay=cfg.optimizer.weight_decay)
    for epoch in range(cfg.trainer.max_epochs):
        run.log({"epoch": epoch, "lr": optimizer.param_groups[0]["lr"]})
    torch.save(model.state_dict(), "models/model.pt")
    run.finish()


if __name__ == "__main__":
    train()
