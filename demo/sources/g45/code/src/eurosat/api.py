from fastapi import FastAPI, UploadFile

from eurosat import CLASSES
from eurosat.predict import load_models, predict_bytes

app = FastAPI()
models = load_models()


@app.post("/predict")
async def predict(file: UploadFile):
    probs = predict_bytes(models, await file.read(), file.filename or "")
    return {"class": CLASSES[int(probs.argmax())], "probabilities": dict(zip(CLASSES, probs.tolist()))}
