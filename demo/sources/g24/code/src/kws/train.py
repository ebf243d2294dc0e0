import hydra
import torch
import wandb
from omegaconf import DictConfig, OmegaConf

from kws.features import LogMel
from kws.model import KeywordCNN


@hydra.main(config_path="../../configs", config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    torch.manual_seed(cfg.training.seed)
    wandb.init(project="kws", config=OmegaConf.to_container(cfg, resolve=True))
    features = LogMel(cfg.features.n_mels)
    model = KeywordCNN(cfg.model.width, cfg.model.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.training.lr)
    train_set = torch.load("data/processed/train.pt")
    loader = torch.utils.data.DataLoader(train_set, batch_size=cfg.training.batch_size, shuffle=True)
    for epoch in range(cfg.training.epochs):
        for wave, label in loader:
            loss = torch.nn.functional.cross_entropy(model(features(wave).unsqueeze(1)), label)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        wandb.log({"epoch": epoch, "train_loss": loss.item()})
    torch.save(model.state_dict(), "models/kws.pt")


if __name__ == "__main__":
    main()
