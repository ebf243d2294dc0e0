LABELS = ["negative", "neutral", "positive"]
