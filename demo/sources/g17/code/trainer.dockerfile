FROM python:3.10-slim
WORKDIR /
COPY requirements.txt requirements.txt
COPY setup.py setup.py
COPY src/ src/
COPY conf/ conf/
RUN pip install -r requirements.txt --no-cache-dir && pip install . --no-deps --no-cache-dir
ENTRYPOINT ["python", "-u", "src/models/train_model.py"]
