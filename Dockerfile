# eoffice application image (app and worker share it).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils fonts-noto-core curl \
        tesseract-ocr tesseract-ocr-vie ocrmypdf \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN pip install --no-cache-dir --no-deps -e .
ENV EOFFICE_DATA_DIR=/var/lib/eoffice EOFFICE_HOST=0.0.0.0 EOFFICE_PORT=5000
EXPOSE 5000
CMD ["eoffice", "serve"]
