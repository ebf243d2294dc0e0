import pandas as pd

from fraud.data import split


def test_split_keeps_fraud_in_both_parts():
    df = pd.DataFrame({"Amount": range(100), "Class": [1] * 10 + [0] * 90})
    _, _, y_train, y_test = split(df)
    assert y_train.sum() > 0 and y_test.sum() > 0
