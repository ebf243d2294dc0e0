import holidays
import pandas as pd

DK_HOLIDAYS = holidays.Denmark()


def add_calendar(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(
        hour_of_day=df["hour"].dt.hour.astype(str),
        weekday=df["hour"].dt.weekday.astype(str),
        holiday=df["hour"].dt.date.map(lambda d: d in DK_HOLIDAYS).astype(str),
    )
