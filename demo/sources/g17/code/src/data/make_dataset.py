"""Join hourly rentals per station with hourly weather observations."""

import pandas as pd


def load_rentals(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, parse_dates=["started_at"])
    df["hour"] = df["started_at"].dt.floor("h")
    counts = df.groupby(["station_id", "hour"]).size().rename("rentals").reset_index()
    # stations are closed some hours: make those hours explicit zeros instead of missing rows
    full = counts.set_index(["station_id", "hour"]).unstack(fill_value=0).stack(future_stack=True)
    return full.reset_index()


def join_weather(rentals: pd.DataFrame, weather: pd.DataFrame) -> pd.DataFrame:
    return rentals.merge(weather, left_on="hour", right_on="observed", how="left").drop(columns="observed")
