from functools import lru_cache

from pytorch_forecasting import TemporalFusionTransformer


@lru_cache
def _model():
    return TemporalFusionTransformer.load_from_checkpoint("models/best.ckpt")


def known_stations() -> set[int]:
    return set(_model().hparams.get("stations", []))


def forecast(station_id: int) -> list[float]:
    raise NotImplementedError("TODO: build the prediction frame for one station")
