KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
LABELS = [*KEYWORDS, "_silence_", "_unknown_"]
SAMPLE_RATE = 16_000
