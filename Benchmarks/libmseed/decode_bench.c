/*
 * decode_bench: the libmseed 2.x reference for seiscache's decode benchmark.
 *
 * Reads one miniSEED file into memory once, then decodes every record (header and
 * data samples) N times with msr_parse() over the in-memory buffer -- the loop that
 * ms_readmsr() runs internally, minus its file I/O -- reusing one MSRecord as
 * ms_readmsr does.  Prints one JSON line:
 *
 *   {"seconds": best-of-N wall seconds, "samples": samples per pass, "records": ...,
 *    "sum": sum of all samples, "checksum": sum of sample[i]*(i+1) mod 2^64, ...}
 *
 * The sums come from an extra untimed verification pass, so the timed passes only do
 * what every libmseed reader must do: parse and unpack each record.
 *
 * Build: cc -O2 -o decode_bench decode_bench.c $(pkg-config --cflags --libs mseed)
 * Usage: decode_bench FILE [N]
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmseed.h>

static double now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_file (const char *path, long *length)
{
  FILE *fp = fopen (path, "rb");
  if (!fp)
  {
    fprintf (stderr, "decode_bench: cannot open %s: %s\n", path, strerror (errno));
    exit (1);
  }
  fseek (fp, 0, SEEK_END);
  long n = ftell (fp);
  fseek (fp, 0, SEEK_SET);
  char *buf = malloc (n > 0 ? (size_t)n : 1);
  if (!buf || fread (buf, 1, (size_t)n, fp) != (size_t)n)
  {
    fprintf (stderr, "decode_bench: cannot read %s\n", path);
    exit (1);
  }
  fclose (fp);
  *length = n;
  return buf;
}

typedef struct
{
  int64_t records;
  int64_t samples;
  int64_t sum;
  uint64_t checksum;
} PassResult;

/* One pass over all records.  With verify set, also sums the decoded samples. */
static PassResult decode_all (char *buf, long length, MSRecord **msr, int verify)
{
  PassResult r = {0, 0, 0, 0};
  long offset = 0;
  while (offset < length)
  {
    /* reclen 0: detect the record length from blockette 1000, as ms_readmsr does. */
    int rv = msr_parse (buf + offset, (int)(length - offset), msr, 0, 1, 0);
    if (rv != MS_NOERROR)
    {
      if (rv > 0)
        fprintf (stderr, "decode_bench: truncated record at offset %ld\n", offset);
      else
        fprintf (stderr, "decode_bench: %s at offset %ld\n", ms_errorstr (rv), offset);
      exit (1);
    }
    MSRecord *m = *msr;
    if (verify)
    {
      if (m->sampletype != 'i')
      {
        fprintf (stderr, "decode_bench: record at %ld is not integer data\n", offset);
        exit (1);
      }
      const int32_t *s = (const int32_t *)m->datasamples;
      for (int64_t i = 0; i < m->numsamples; i++)
      {
        r.sum += s[i];
        r.checksum += (uint64_t)(int64_t)s[i] * (uint64_t)(r.samples + i + 1);
      }
    }
    r.records++;
    r.samples += m->numsamples;
    offset += m->reclen;
  }
  return r;
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

  long length = 0;
  char *buf = read_file (argv[1], &length);
  MSRecord *msr = NULL;

  PassResult check = decode_all (buf, length, &msr, 1); /* warm-up + verification */

  double best = 1e300;
  for (int run = 0; run < runs; run++)
  {
    double t0 = now_seconds ();
    PassResult r = decode_all (buf, length, &msr, 0);
    double dt = now_seconds () - t0;
    if (r.samples != check.samples)
    {
      fprintf (stderr, "decode_bench: sample count changed between passes\n");
      return 1;
    }
    if (dt < best)
      best = dt;
  }

  msr_free (&msr);
  free (buf);

  printf ("{\"decoder\":\"libmseed %s\",\"seconds\":%.6f,\"samples\":%" PRId64
          ",\"records\":%" PRId64 ",\"sum\":%" PRId64 ",\"checksum\":%" PRIu64
          ",\"runs\":%d,\"bytes\":%ld}\n",
          LIBMSEED_VERSION, best, check.samples, check.records, check.sum, check.checksum,
          runs, length);
  return 0;
}
