# trying a GPU image for the VM (not working yet: CUDA version mismatch)
FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y python3.10 python3-pip
WORKDIR /
COPY requirements.txt requirements.txt
RUN pip3 install -r requirements.txt --no-cache-dir
COPY src/ src/
COPY conf/ conf/
ENTRYPOINT ["python3", "-u", "src/models/train_model.py"]
