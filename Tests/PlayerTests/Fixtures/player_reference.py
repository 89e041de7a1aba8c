"""The web player's processing contract, computed with SciPy (an independent reference).

    from player_reference import request_samples, process

Docs/player.md defines it; this module is what the fixtures (make_fixtures.py) and the
browser tests compare the page against:

* the requested samples ``x``: from each chunk of the manifest (in time order) the samples
  whose time ``chunk.start + i / rate`` lies in ``[start, end)``, on one sample grid
  (absolute index ``n`` at ``n / rate`` seconds after 1970-01-01T00:00:00Z);
* ``y = sosfilt(sos, x, zi = sosfilt_zi(sos) * x[0]) / max(|global_min|, |global_max|)``
  clipped to [-1, 1], as float32, with ``sos = butter(2, 0.1, 'highpass', fs=rate)``;
* a span no chunk covers is silence (zeros) and the filter starts again after it:
  ``zi = sosfilt_zi(sos) * (first sample after the span)``.
"""

import math

import numpy as np
from scipy import signal

# A sample time within this many samples of the request's start/end counts as on it.
GRID_EPSILON = 1e-6


def player_sos(rate):
    return signal.butter(2, 0.1, "highpass", fs=rate, output="sos")


def divisor(global_min, global_max, loudness="seed"):
    """The normalization divisor, or 1 when it would be 0 (silence stays silence).

    * ``"seed"``: max(|global_min|, |global_max|) — the seed's rule: the raw counts' range,
      DC offset included (a station at an offset of 90 000 counts with ±3 000 of signal
      plays at 3 % of full scale);
    * ``"centered"``: (global_max - global_min) / 2 — the half range around its middle, so
      the offset no longer counts: the high-passed signal reaches about full scale.
    """
    if loudness == "centered":
        d = (int(global_max) - int(global_min)) / 2
    else:
        d = max(abs(int(global_min)), abs(int(global_max)))
    return float(d) if d > 0 else 1.0


def spectrogram(y, rate, nperseg, noverlap):
    """What the player's spectrogram is: SciPy's, on the played float32 samples (in float64)."""
    return signal.spectrogram(np.asarray(y, dtype=np.float32).astype(np.float64), fs=rate, window="hann",
                              nperseg=nperseg, noverlap=noverlap, detrend=False, scaling="density", mode="psd")


def grid_index(seconds, rate):
    """The first absolute sample index at or after ``seconds`` (epoch seconds)."""
    return math.ceil(seconds * rate - GRID_EPSILON)


def chunk_index(seconds, rate):
    """The absolute index of a chunk's first sample (chunk starts are on the grid)."""
    return round(seconds * rate)


def request_samples(chunks, start, end, rate):
    """Cut a request out of its chunks.

    chunks: iterable of (chunk_start_epoch_seconds, int32 ndarray), any order, not
    overlapping. Returns the pieces in time order covering [grid_index(start),
    grid_index(end)) as (first_absolute_index, data, length) with data an int32 ndarray, or
    None for a missing span.
    """
    first, last = grid_index(start, rate), grid_index(end, rate)
    pieces = []
    cursor = first
    for c_start, samples in sorted(chunks, key=lambda c: c[0]):
        a = chunk_index(c_start, rate)
        lo, hi = max(a, cursor), min(a + len(samples), last)
        if hi <= lo:
            continue
        if lo > cursor:
            pieces.append((cursor, None, lo - cursor))
        pieces.append((lo, np.asarray(samples[lo - a:hi - a], dtype=np.int32), hi - lo))
        cursor = hi
    if cursor < last:
        pieces.append((cursor, None, last - cursor))
    return pieces


def process(x, rate, global_min, global_max, loudness="seed"):
    """The contract for one continuous run of samples: float32 y."""
    x = np.asarray(x, dtype=np.int32)
    if len(x) == 0:
        return np.zeros(0, dtype=np.float32)
    sos = player_sos(rate)
    zi = signal.sosfilt_zi(sos) * x[0]
    y, _ = signal.sosfilt(sos, x, zi=zi)
    return np.clip(y / divisor(global_min, global_max, loudness), -1.0, 1.0).astype(np.float32)


def process_unclipped(x, rate, global_min, global_max, loudness="seed"):
    """The same in float64 before clipping and rounding to float32 (for tight comparisons)."""
    x = np.asarray(x, dtype=np.int32)
    sos = player_sos(rate)
    zi = signal.sosfilt_zi(sos) * x[0]
    y, _ = signal.sosfilt(sos, x, zi=zi)
    return y / divisor(global_min, global_max, loudness)


def process_pieces(pieces, rate, global_min, global_max, loudness="seed"):
    """The contract over request_samples' pieces: the filter runs across chunk joins,
    missing spans are silence, and the filter starts again at the first sample after each."""
    out = []
    run = []  # consecutive pieces with data: one filter run across chunk joins
    for _, data, length in pieces + [(None, None, 0)]:
        if data is not None:
            run.append(data)
            continue
        if run:
            out.append(process(np.concatenate(run), rate, global_min, global_max, loudness))
            run = []
        out.append(np.zeros(length, dtype=np.float32))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)
