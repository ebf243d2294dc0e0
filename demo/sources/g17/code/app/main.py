from fastapi import FastAPI, HTTPException

from src.models.predict_model import forecast, known_stations

app = FastAPI(title="Bike-share forecast")


@app.get("/forecast/{station_id}")
def get_forecast(station_id: int):
    if station_id not in known_stations():
        raise HTTPException(404, "unknown station")
    return {"station_id": station_id, "hourly": forecast(station_id)}
