/* Freestanding stand-in for <stdio.h> (scripts/build-zstd-wasm): only debug and dictionary
 * builder output use it, and the linker drops them. */
#ifndef SEISCACHE_ZSTD_WASM_STDIO_H
#define SEISCACHE_ZSTD_WASM_STDIO_H
#include <stddef.h>
typedef struct seiscache_FILE FILE;
extern FILE *stderr;
int fprintf(FILE *stream, const char *format, ...);
int fflush(FILE *stream);
#endif
