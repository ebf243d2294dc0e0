FROM python:3.11-slim
WORKDIR /app
RUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY src/ src/
COPY models/best/ models/best/
RUN pip install --no-cache-dir -e src/..
EXPOSE 8080
CMD ["uvicorn", "sentiment.api:app", "--host", "0.0.0.0", "--port", "8080"]
