FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt pyproject.toml ./
COPY src/ src/
RUN pip install --no-cache-dir .
COPY models/xgb.json models/xgb.json
CMD ["uvicorn", "fraud.api:app", "--host", "0.0.0.0", "--port", "8080"]
