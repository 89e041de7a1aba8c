/* Freestanding stand-in for <time.h> (scripts/build-zstd-wasm): only the dictionary
 * builder uses clock(), and the linker drops it. */
#ifndef SEISCACHE_ZSTD_WASM_TIME_H
#define SEISCACHE_ZSTD_WASM_TIME_H
typedef long clock_t;
#define CLOCKS_PER_SEC 1000000L
clock_t clock(void);
#endif
