import pandas as pd

from src.data.make_dataset import load_rentals


def test_no_missing_hours(tmp_path):
    csv = tmp_path / "rentals.csv"
    csv.write_text("station_id,started_at\n1,2025-06-01 08:10\n1,2025-06-01 10:05\n2,2025-06-01 09:30\n")
    df = load_rentals(str(csv))
    assert len(df) == 2 * 3
    assert (df["rentals"] >= 0).all()
