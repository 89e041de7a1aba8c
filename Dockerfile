# seiscache image: both executables in one runtime image, deployed as two Railway services
# from this one repository (Docs/operations.md, "Railway" and "Run the API"):
#   - the cron service (railway.json): `seiscron run --json-summary`, one tick per start,
#     Railway's cron starts it every 10 minutes; this is also the image's default command;
#   - the API service (railway.api.json, set as the service's config file `/railway.api.json`):
#     `seisapi serve`, listening on 0.0.0.0 and Railway's `PORT`, health check `/health`.
# The Swift standard library and Foundation are linked statically; the runtime stage's Debian
# packages are listed once in deploy/runtime-packages.txt, which scripts/check-runtime-libraries
# checks against the binaries' shared libraries (ldd), since no Docker engine runs in CI.
# Swift packages are the versions pinned in Package.resolved. The binaries lose their DWARF debug
# info (strip --strip-debug) but keep their symbol table, so a crash's backtrace still names the
# functions. scripts/check-image-runtime runs them, stripped the same way, in a debootstrapped
# runtime stage.
#
#   docker build -t seiscache .
#   docker run --rm -e R2_ACCOUNT_ID=... -e R2_BUCKET_NAME=... -e R2_ACCESS_KEY_ID=... \
#              -e R2_SECRET_ACCESS_KEY=... seiscache                          # one tick
#   docker run --rm -v "$PWD/data:/data" -e SEISCACHE_DATA_DIR=/data seiscache   # local store
#   docker run --rm -p 8080:8080 -e PORT=8080 --entrypoint seisapi seiscache serve  # the API
#   docker run --rm --entrypoint seiscron seiscache stations                   # another command

# --- build ----------------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libzstd-dev libssl-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them. Resolved by version, not by
# revision: Package.resolved's commit ids are those of the copies it was resolved from, which a
# builder's remotes need not have (plain `resolve` corrects them; --force-resolved-versions would
# fail). The pinned versions must come out unchanged (a Package.resolved that no longer matches
# Package.swift fails here instead of drifting); scripts/check-foreign-revisions runs this step.
COPY Package.swift Package.resolved ./
RUN grep -E '"(identity|version)"' Package.resolved | tr -d ' \t' >.pinned \
 && swift package resolve \
 && { grep -E '"(identity|version)"' Package.resolved | tr -d ' \t' | diff .pinned - \
      || { echo "Package.resolved's versions do not match Package.swift: resolve and commit it" >&2; exit 1; }; } \
 && rm .pinned
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --force-resolved-versions --static-swift-stdlib --product seiscron \
 && swift build -c release --force-resolved-versions --static-swift-stdlib --product seisapi \
 && bin="$(swift build -c release --show-bin-path)" \
 && cp "$bin/seiscron" "$bin/seisapi" /usr/local/bin/ \
 && strip --strip-debug /usr/local/bin/seiscron /usr/local/bin/seisapi

# --- run ------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# The [install] section of the one package list (the [base-image] section is already here).
COPY deploy/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && awk '/^\[/ { section = $1; next } { sub(/#.*/, "") } NF && section == "[install]" { print $1 }' \
        /tmp/runtime-packages.txt \
    | DEBIAN_FRONTEND=noninteractive xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && useradd --system --create-home seiscache
COPY --from=build /usr/local/bin/seiscron /usr/local/bin/seisapi /usr/local/bin/
USER seiscache
WORKDIR /home/seiscache
ENV LOG_LEVEL=info
# seisapi's default when no PORT is set; Railway sets PORT and routes to it.
EXPOSE 8080
# The whole default command is the entrypoint and there is no CMD: Railway's start command
# replaces the entrypoint (exec form), so the API service's `seisapi serve` never gets the
# cron's arguments appended. Other commands: `docker run --entrypoint seiscron IMAGE stations`.
ENTRYPOINT ["/usr/local/bin/seiscron", "run", "--json-summary"]
