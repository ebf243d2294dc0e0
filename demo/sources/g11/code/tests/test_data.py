import pandas as pd

from sentiment.data import clean, stars_to_label


def test_stars_to_label():
    assert [stars_to_label(s) for s in range(1, 6)] == [0, 0, 1, 2, 2]


def test_clean_removes_empty_and_duplicates():
    df = pd.DataFrame(
        {"text": ["god", "god", " ", None], "stars": [5, 5, 1, 2], "lang": ["da", "da", "da", "da"]}
    )
    assert len(clean(df)) == 1
