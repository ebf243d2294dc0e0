FROM nvcr.io/nvidia/pytorch:24.10-py3
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN pip install --no-cache-dir -e .
ENTRYPOINT ["sh", "-c", "dvc pull && python src/sentiment/train.py \"$@\"", "--"]
