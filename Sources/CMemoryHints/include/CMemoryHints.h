#ifndef CMEMORY_HINTS_H
#define CMEMORY_HINTS_H

/// Asks the processor to start bringing the cache line holding `address` into its caches, without
/// waiting for it (`__builtin_prefetch`, which Swift has no spelling for). A hint only: any address
/// may be passed, and nothing is read or faulted.
static inline void yanjian_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
