/* Freestanding stand-in for <stdlib.h> (scripts/build-zstd-wasm). malloc/calloc/free are
 * defined in libc.c; qsort/abort/exit are referenced only by code the linker drops. */
#ifndef SEISCACHE_ZSTD_WASM_STDLIB_H
#define SEISCACHE_ZSTD_WASM_STDLIB_H
#include <stddef.h>
void *malloc(size_t n);
void *calloc(size_t count, size_t n);
void free(void *p);
void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
void abort(void);
void exit(int status);
#endif
