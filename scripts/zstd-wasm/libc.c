/* The little libc that libzstd's decompressor needs in a freestanding wasm32 module
 * (scripts/build-zstd-wasm): mem* functions and a malloc/calloc/free over the module's
 * linear memory, growing it with memory.grow. Single-threaded (one module per Worker).
 *
 * The allocator keeps free blocks in one address-ordered list and merges neighbours on
 * free, so the few large buffers the player allocates per chunk (compressed input,
 * decompressed output, the decompression context) are reused instead of growing memory
 * for every chunk. Every block is 16-byte aligned and starts with a 16-byte header. */

#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n) {
    __builtin_memcpy(dst, src, n);   /* memory.copy with -mbulk-memory */
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    __builtin_memmove(dst, src, n);  /* memory.copy handles overlap */
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    __builtin_memset(dst, c, n);     /* memory.fill */
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char *s) {
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

/* ---- allocator ---- */

#define ALIGN 16u
#define HEADER 16u
#define PAGE 65536u

typedef struct Block {
    size_t size;         /* whole block, header included, a multiple of ALIGN */
    struct Block *next;  /* next free block by address (free blocks only) */
} Block;

extern unsigned char __heap_base;  /* provided by wasm-ld */

static Block *free_list;           /* address-ordered */
static uintptr_t heap_top;         /* end of the carved-out heap */

static uintptr_t align_up(uintptr_t v) { return (v + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1); }

/* Make [heap_top, heap_top + bytes) addressable; returns 0 when memory cannot grow. */
static int reserve(size_t bytes) {
    if (heap_top == 0) heap_top = align_up((uintptr_t)&__heap_base);
    uintptr_t want = heap_top + bytes;
    if (want < heap_top) return 0;
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) * PAGE;
    if (want > have) {
        size_t pages = (size_t)((want - have + PAGE - 1) / PAGE);
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    }
    return 1;
}

void *malloc(size_t n) {
    if (n == 0) n = 1;
    if (n > (size_t)0x7fffffff - HEADER - ALIGN) return NULL;
    size_t need = align_up(n + HEADER);

    Block *prev = NULL, *b = free_list;
    while (b && b->size < need) { prev = b; b = b->next; }
    if (b) {
        if (b->size - need >= HEADER + ALIGN) {   /* split: the tail stays free */
            Block *rest = (Block *)((unsigned char *)b + need);
            rest->size = b->size - need;
            rest->next = b->next;
            b->size = need;
            if (prev) prev->next = rest; else free_list = rest;
        } else if (prev) {
            prev->next = b->next;
        } else {
            free_list = b->next;
        }
        return (unsigned char *)b + HEADER;
    }

    /* Nothing fits: extend the heap, taking over a free block that ends at the top. */
    if (heap_top == 0) heap_top = align_up((uintptr_t)&__heap_base);
    Block *last_prev = NULL, *last = free_list;
    while (last && last->next) { last_prev = last; last = last->next; }
    if (last && (uintptr_t)last + last->size == heap_top) {
        size_t extra = need - last->size;
        if (!reserve(extra)) return NULL;
        heap_top += extra;
        if (last_prev) last_prev->next = NULL; else free_list = NULL;
        last->size = need;
        return (unsigned char *)last + HEADER;
    }
    if (!reserve(need)) return NULL;
    b = (Block *)heap_top;
    heap_top += need;
    b->size = need;
    return (unsigned char *)b + HEADER;
}

void *calloc(size_t count, size_t n) {
    if (n != 0 && count > (size_t)-1 / n) return NULL;
    void *p = malloc(count * n);
    if (p) __builtin_memset(p, 0, count * n);
    return p;
}

void free(void *p) {
    if (!p) return;
    Block *b = (Block *)((unsigned char *)p - HEADER);
    Block *prev = NULL, *next = free_list;
    while (next && next < b) { prev = next; next = next->next; }
    b->next = next;
    if (prev) prev->next = b; else free_list = b;
    if (next && (unsigned char *)b + b->size == (unsigned char *)next) {
        b->size += next->size;
        b->next = next->next;
    }
    if (prev && (unsigned char *)prev + prev->size == (unsigned char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    }
}
