/*
 * readtraces_bench: the libmseed 2.x reference for the whole-day comparison.
 *
 * Times ms_readtraces() on one file: open, read every record, decode, and assemble the
 * samples into an MSTraceGroup (one trace per contiguous run) -- what a libmseed program
 * does before it can cut a window. Prints one JSON line with the best-of-N wall seconds
 * and a fingerprint of the traces (samples, sum, checksum over the trace samples in
 * order, as decode_bench.c computes it).
 *
 * Build: cc -O2 -o readtraces_bench readtraces_bench.c $(pkg-config --cflags --libs mseed)
 * Usage: readtraces_bench FILE [N]
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libmseed.h>

static double now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main (int argc, char **argv)
{
  if (argc < 2)
  {
    fprintf (stderr, "usage: %s FILE [N]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi (argv[2]) : 5;
  if (runs < 1)
    runs = 1;

  double best = 1e300;
  int64_t samples = 0, sum = 0;
  uint64_t checksum = 0;
  int traces = 0;
  for (int run = 0; run < runs; run++)
  {
    MSTraceGroup *mstg = NULL;
    double t0 = now_seconds ();
    /* reclen -1: detect; no time tolerance / rate tolerance overrides; dataquality 1;
       skipnotdata 1; dataflag 1 (decode); verbose 0 */
    int rv = ms_readtraces (&mstg, argv[1], -1, -1.0, -1.0, 1, 1, 1, 0);
    double dt = now_seconds () - t0;
    if (rv != MS_NOERROR)
    {
      fprintf (stderr, "readtraces_bench: %s\n", ms_errorstr (rv));
      return 1;
    }
    if (dt < best)
      best = dt;
    if (run == 0)
    {
      for (MSTrace *mst = mstg->traces; mst; mst = mst->next)
      {
        traces++;
        if (mst->sampletype != 'i')
          continue;
        const int32_t *s = (const int32_t *)mst->datasamples;
        for (int64_t i = 0; i < mst->numsamples; i++)
        {
          sum += s[i];
          checksum += (uint64_t)(int64_t)s[i] * (uint64_t)(samples + i + 1);
        }
        samples += mst->numsamples;
      }
    }
    mst_freegroup (&mstg);
  }
  printf ("{\"reader\":\"libmseed %s ms_readtraces\",\"seconds\":%.6f,\"samples\":%" PRId64
          ",\"traces\":%d,\"sum\":%" PRId64 ",\"checksum\":%" PRIu64 ",\"runs\":%d}\n",
          LIBMSEED_VERSION, best, samples, traces, sum, checksum, runs);
  return 0;
}
