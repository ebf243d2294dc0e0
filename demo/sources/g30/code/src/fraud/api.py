from fastapi import FastAPI
from pydantic import BaseModel
from xgboost import XGBClassifier

app = FastAPI()
model = XGBClassifier()
model.load_model("models/xgb.json")


class Transaction(BaseModel):
    features: list[float]


@app.post("/score")
def score(tx: Transaction):
    return {"fraud_probability": float(model.predict_proba([tx.features])[0, 1])}
