import hydra
import lightning.pytorch as pl
from pytorch_forecasting import TemporalFusionTransformer, TimeSeriesDataSet
from pytorch_forecasting.metrics import QuantileLoss


@hydra.main(config_path="../../conf", config_name="config", version_base=None)
def main(cfg):
    pl.seed_everything(cfg.seed)
    import pandas as pd

    df = pd.read_parquet(cfg.data.path)
    training = TimeSeriesDataSet(
        df[df.time_idx <= cfg.data.cutoff],
        time_idx="time_idx",
        target="rentals",
        group_ids=["station_id"],
        max_encoder_length=cfg.data.encoder_length,
        max_prediction_length=24,
        time_varying_known_reals=["temp", "precip", "wind"],
        time_varying_known_categoricals=["hour_of_day", "weekday", "holiday"],
    )
    model = TemporalFusionTransformer.from_dataset(training, hidden_size=cfg.model.hidden_size, loss=QuantileLoss())
    trainer = pl.Trainer(max_epochs=cfg.trainer.max_epochs, gradient_clip_val=0.1)
    trainer.fit(model, train_dataloaders=training.to_dataloader(train=True, batch_size=128))


if __name__ == "__main__":
    main()
