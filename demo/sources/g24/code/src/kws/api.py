import io

import numpy as np
import onnxruntime as ort
import soundfile as sf
from fastapi import FastAPI, File, HTTPException, UploadFile

from kws import LABELS, SAMPLE_RATE
from kws.features_np import log_mel

app = FastAPI(title="keyword spotting")
session = ort.InferenceSession("models/kws.onnx")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/labels")
def labels() -> list[str]:
    return LABELS


@app.post("/predict")
async def predict(file: UploadFile = File(...)) -> dict:
    try:
        wave, rate = sf.read(io.BytesIO(await file.read()), dtype="float32", always_2d=True)
    except RuntimeError as exc:
        raise HTTPException(status_code=400, detail=f"not a readable audio file: {exc}") from exc
    if len(wave) > 2 * rate:
        raise HTTPException(status_code=400, detail="clip longer than 2 seconds")
    features = log_mel(wave.mean(axis=1), rate, SAMPLE_RATE)[None, None]
    probs = session.run(None, {"features": features.astype(np.float32)})[0][0]
    return {"keyword": LABELS[int(probs.argmax())], "probs": dict(zip(LABELS, map(float, probs)))}
