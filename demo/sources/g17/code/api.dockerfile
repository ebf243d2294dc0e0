FROM python:3.10-slim
WORKDIR /
COPY requirements.txt requirements.txt
RUN pip install -r requirements.txt --no-cache-dir
COPY src/ src/
COPY app/ app/
CMD exec uvicorn app.main:app --host 0.0.0.0 --port $PORT
