/* Freestanding stand-in for <assert.h> (scripts/build-zstd-wasm): zstd is built with
 * DEBUGLEVEL 0, so assertions are off as in a release build of libzstd. */
#ifndef SEISCACHE_ZSTD_WASM_ASSERT_H
#define SEISCACHE_ZSTD_WASM_ASSERT_H
#define assert(condition) ((void)0)
#endif
