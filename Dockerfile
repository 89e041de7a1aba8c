# seiscache cron image: `seiscron run` once per container start (Railway cron, see railway.json).
# Mirrors .ci/run's install steps: the system libraries come from Debian (libzstd, libssl,
# libcurl), Swift packages resolve from their git URLs in Package.swift.
#
#   docker build -t seiscache .
#   docker run --rm -e R2_ACCOUNT_ID=... -e R2_BUCKET_NAME=... -e R2_ACCESS_KEY_ID=... \
#              -e R2_SECRET_ACCESS_KEY=... seiscache                    # one tick
#   docker run --rm -v "$PWD/data:/data" -e SEISCACHE_DATA_DIR=/data seiscache   # local store

# --- build ----------------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libzstd-dev libssl-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product seiscron --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/seiscron" /seiscron

# --- run ------------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libzstd1 libssl3 libcurl4 libxml2 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home seiscache
COPY --from=build /seiscron /usr/local/bin/seiscron
USER seiscache
WORKDIR /home/seiscache
ENV LOG_LEVEL=info
# One tick per start; Railway's cron starts the container every 10 minutes.
ENTRYPOINT ["/usr/local/bin/seiscron"]
CMD ["run", "--json-summary"]
