#!/usr/bin/env bash
# Benchmarks/run-zstd.sh -- ChunkStore's zstd (level 3, one frame per 10-minute chunk)
# against the zstd CLI's in-memory benchmark (`zstd -b3 -B240000`: the same data cut
# into the same 240,000-byte chunks, each compressed independently), in one run.
#
# Environment: RUNS (best of N, default 5), SKIP_BUILD=1, PYTHON (venv with ObsPy, for
# the day file that Benchmarks/run.sh also uses).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work"
RUNS="${RUNS:-5}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
DAY_FILE="$WORK/day_steim2_4096.mseed"
RAW="$WORK/day_int32.bin"
mkdir -p "$WORK"
command -v zstd >/dev/null || { echo "run-zstd.sh: the zstd CLI is missing (apt-get install zstd)" >&2; exit 2; }
if [[ ! -f "$DAY_FILE" ]]; then
    "$PYTHON" "$BENCH/make_bench_data.py" --out "$WORK" --force
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --package-path "$BENCH" --product chunkstore-bench >&2
fi
BIN="$(swift build -c release --package-path "$BENCH" --show-bin-path)/chunkstore-bench"

ours=$("$BIN" zstd "$DAY_FILE" "$RUNS" "$RAW")
# zstd -b prints e.g. " 3#day_int32.bin :  34560000 ->  15861122 (x2.179),  310.5 MB/s, 1254.3 MB/s"
cli=$(zstd -b3 -e3 -B240000 -i"$RUNS" "$RAW" 2>&1 | tr '\r' '\n' | grep -E 'MB/s, *[0-9.]+ MB/s' | tail -1)
"$PYTHON" - "$ours" "$cli" <<'PY'
import json, re, sys
ours = json.loads(sys.argv[1])
m = re.search(r":\s*(\d+)\s*->\s*(\d+)\s*\(x?([\d.]+)\),\s*([\d.]+)\s*MB/s,\s*([\d.]+)\s*MB/s", sys.argv[2])
if not m:
    sys.exit(f"run-zstd.sh: cannot parse zstd -b output: {sys.argv[2]!r}")
raw, packed, _, c_mb, d_mb = int(m[1]), int(m[2]), float(m[3]), float(m[4]), float(m[5])
assert raw == ours["raw_bytes"], (raw, ours["raw_bytes"])
print(f"data: {ours['chunks']} chunks of 10 min, {raw} bytes of int32")
print(f"{'':14}{'size ratio':>12}{'compress MB/s':>16}{'decompress MB/s':>18}")
print(f"{'ChunkStore':14}{ours['compressed_bytes'] / raw:>12.4f}{ours['compress_mb_s']:>16.1f}{ours['decompress_mb_s']:>18.1f}")
print(f"{'zstd -3 CLI':14}{packed / raw:>12.4f}{c_mb:>16.1f}{d_mb:>18.1f}")
print(f"ChunkStore/CLI: compress {ours['compress_mb_s'] / c_mb:.2f}x, decompress {ours['decompress_mb_s'] / d_mb:.2f}x, "
      f"size {ours['compressed_bytes'] / packed:.4f}")
PY
