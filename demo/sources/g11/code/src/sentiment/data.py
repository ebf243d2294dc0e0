"""Clean the scraped reviews and map star ratings to sentiment labels."""

import pandas as pd


def stars_to_label(stars: int) -> int:
    """1-2 stars = negative, 3 = neutral, 4-5 = positive."""
    if stars <= 2:
        return 0
    if stars == 3:
        return 1
    return 2


def clean(df: pd.DataFrame) -> pd.DataFrame:
    df = df.dropna(subset=["text"]).drop_duplicates(subset=["text"])
    df = df[df["text"].str.strip().str.len() > 0]
    df = df[df["lang"] == "da"]
    return df.assign(label=df["stars"].map(stars_to_label))[["text", "label"]].reset_index(drop=True)
