"""ObsPy reference for seiscache's window processing (DESIGN "Processing", steps 2-5).

This file is the executable definition of what SeedCore must reproduce bit for bit.
Steps 2-3 are ObsPy itself (`obspy.read`, `Stream.merge(method=1,
fill_value='interpolate', interpolation_samples=0)`, `Stream.get_gaps()`); steps 4-5
(cutting a window on the sample grid, the leading-edge rule, edge hold, completeness)
are seiscache rules written here with plain NumPy so they can be read as a spec.

Definitions (window [ws, we) on whole seconds, rate r, merged trace starting at t0 with
npts samples; times are integer nanoseconds like UTCDateTime.ns):

* n = round((we - ws) * r) chunk samples; chunk position k has grid time ws + k / r.
* i0 = round_half_away((ws.ns - t0.ns) / 1e9 * r): the merged sample nearest to ws;
  position k maps to merged index j = i0 + k.
* Leading edge: when the merged data does not reach the window's last position
  (i0 + n - 1 > npts - 1), the data is cut back to the whole second: cutoff =
  floor(endtime of the merged trace to the second), and only positions
  k < k_cut = round((cutoff - ws) * r) may hold data.
* A position is *real* when 0 <= j < npts, k < k_cut and the merged sample was not made
  by gap interpolation.  Positions before the first merged sample hold merged[0];
  positions after the last kept sample hold the last real kept sample
  (`edge_filled_samples` counts both).  Interpolated samples keep their values.
* Float samples become int32 by numpy.rint (ties to even), clamped to the int32 range.
* completeness = real / n, accepted = completeness >= 0.95.
* Gap statistics: `get_gaps()` of the unmerged traces (as `obspy.read` returns them)
  trimmed with `Stream.trim(ws, we - 1/r)`; only positive gaps count:
  gap_count, gap_duration_seconds = sum of their durations, gap_samples_filled = sum of
  their missing-sample counts.
"""

import numpy as np
from obspy import Stream, UTCDateTime, read
from obspy.core.compatibility import round_away

MIN_COMPLETENESS = 0.95
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


def read_files(paths):
    """Read miniSEED files in order and concatenate their traces, as `seiscron process` does."""
    stream = Stream()
    for path in paths:
        stream += read(str(path), format="MSEED")
    return stream


def select_channel(stream, channel_id):
    return Stream([tr for tr in stream if tr.id == channel_id])


def merge_with_mask(stream):
    """Merge like the cron job does; return (trace, interpolated_mask).

    The mask comes from a second merge with fill_value=None: ObsPy masks exactly the
    samples that fill_value='interpolate' fills.
    """
    values = stream.copy().merge(method=1, fill_value="interpolate", interpolation_samples=0)
    masked = stream.copy().merge(method=1, fill_value=None, interpolation_samples=0)
    assert len(values) == 1 and len(masked) == 1, "one channel expected"
    trace = values[0]
    mask = np.ma.getmaskarray(masked[0].data)
    assert len(mask) == trace.stats.npts
    return trace, mask


def gap_statistics(stream, ws, we, rate):
    trimmed = stream.copy()
    trimmed.trim(ws, we - 1.0 / rate)
    gaps = [g for g in trimmed.get_gaps() if g[6] > 0]
    return {
        "gap_count": len(gaps),
        "gap_duration_seconds": float(sum(g[6] for g in gaps)),
        "gap_samples_filled": int(sum(g[7] for g in gaps)),
    }


def to_int32(values):
    """Float data: rint (ties to even) and clamp; integer data unchanged."""
    if np.issubdtype(values.dtype, np.integer):
        return values.astype(np.int32), 0
    rounded = np.rint(values.astype(np.float64))
    clamped = int(np.count_nonzero((rounded < INT32_MIN) | (rounded > INT32_MAX)))
    return np.clip(rounded, INT32_MIN, INT32_MAX).astype(np.int32), clamped


def process_window(stream, channel_id, ws, we):
    """Return (samples int32 array, summary dict) or None when the channel has no data
    in the window."""
    ws, we = UTCDateTime(ws), UTCDateTime(we)
    selected = select_channel(stream, channel_id)
    if len(selected) == 0:
        return None
    trace, mask = merge_with_mask(selected)
    rate = trace.stats.sampling_rate
    npts = trace.stats.npts
    n = int(round((we - ws) * rate))
    i0 = int(round_away((ws.ns - trace.stats.starttime.ns) / 1e9 * rate))

    k_cut = n
    if i0 + n - 1 > npts - 1:
        cutoff_ns = (trace.stats.endtime.ns // 10**9) * 10**9
        k_cut = max(0, min(n, int(round((cutoff_ns - ws.ns) / 1e9 * rate))))

    k = np.arange(n)
    j = i0 + k
    inside = (j >= 0) & (j < npts) & (k < k_cut)
    if not inside.any():
        return None
    data = trace.data
    real = inside.copy()
    real[inside] = ~mask[j[inside]]

    out = np.empty(n, dtype=data.dtype)
    out[inside] = data[j[inside]]
    first_k = int(np.argmax(inside))
    last_k = int(n - 1 - np.argmax(inside[::-1]))
    out[:first_k] = data[0]
    real_kept = np.nonzero(real[: last_k + 1])[0]
    hold = out[real_kept[-1]] if len(real_kept) else out[last_k]
    out[last_k + 1:] = hold
    edge = first_k + (n - 1 - last_k)
    out, clamped = to_int32(out)

    real_count = int(real.sum())
    completeness = real_count / n
    summary = {
        "samples": n,
        "sample_rate": rate,
        "min": int(out.min()),
        "max": int(out.max()),
        **gap_statistics(selected, ws, we, rate),
        "edge_filled_samples": int(edge),
        "real_samples": real_count,
        "completeness": completeness,
        "accepted": completeness >= MIN_COMPLETENESS,
        "clamped_samples": clamped,
    }
    return out, summary


def merged_summary(stream, channel_id):
    """The merged trace of one channel: start (ns), rate, values and interpolated mask."""
    selected = select_channel(stream, channel_id)
    trace, mask = merge_with_mask(selected)
    return {
        "start_ns": int(trace.stats.starttime.ns),
        "sampling_rate": trace.stats.sampling_rate,
        "npts": int(trace.stats.npts),
        "dtype": str(trace.data.dtype),
        "interpolated": int(mask.sum()),
    }, trace.data, mask

