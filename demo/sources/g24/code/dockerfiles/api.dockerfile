FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
RUN uv pip install --system fastapi python-multipart uvicorn onnxruntime soundfile numpy
COPY src/kws/__init__.py src/kws/api.py src/kws/features_np.py /app/kws/
COPY models/kws.onnx /app/models/kws.onnx
CMD ["sh", "-c", "uvicorn kws.api:app --host 0.0.0.0 --port ${PORT:-8080}"]
