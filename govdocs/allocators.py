"""Allocator policy of pipeline processes (a crawl, a validation, a report in one process).

A long run allocates and frees a lot from many threads (crawl workers, the writer, Prefect,
GX chunk after chunk). What the allocators keep after a free is RSS that grows with the run
though nothing is in use; both settings below hand it back. Imported by
`govdocs.warehouse.db`, so it runs before the first thread of a pipeline process starts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

import pyarrow as pa

# glibc's M_ARENA_MAX (malloc.h): at most this many malloc arenas, instead of 8 per core.
# Each thread that allocates under contention gets its own arena, and memory freed in an
# arena stays there: the crawl's threads left freed pages in theirs that the validation after
# them could not use (CLI peak RSS 534 / 613 MB at 2,000 / 20,000 pages, 519 / 573 MB with two
# arenas, measured with MALLOC_ARENA_MAX=2 before this setting).
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2


def _limit_malloc_arenas() -> None:
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to tune
        return
    mallopt(_M_ARENA_MAX, MALLOC_ARENAS)


_limit_malloc_arenas()
# Arrow's default pool (mimalloc) keeps the pages it has freed; every table staged for a commit
# and every frame a validation converts goes through it, so a long run held ~30 MB more than
# it used (measured over a 20,000-page validation). The system allocator gives them back.
pa.set_memory_pool(pa.system_memory_pool())
