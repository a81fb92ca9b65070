"""Whoosh storage that reads every index file with pread(), through one descriptor per file.

Whoosh's own FileStorage reads an uncompounded segment through buffered file objects (a Python
object per file per searcher, seek + read per lookup), and its compound segments are copied
into a private BytesIO per worker. Segments were memory-mapped instead (shared page cache, reads
as slices), but a mapped page whose file is truncated under a running server raises SIGBUS,
which no Python code can catch: the worker died, and died again after every restart. A pread()
of a truncated file returns fewer bytes instead, which Whoosh turns into an exception that the
search service answers with a 503 (search/service.py). The pages read are still the OS page
cache's, shared by all workers; the cost is one system call per read (bench/bench_query.py).
"""
from __future__ import annotations

import os

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile


class PreadSource:
    """The file-object calls StructFile and pickle make (read, readline, seek, tell, close), as
    pread() at a kept position: no buffer, no lock (each searcher has its own)."""

    def __init__(self, fd: int):
        self._fd = fd
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = max(0, os.fstat(self._fd).st_size - self._pos)
        data = os.pread(self._fd, size, self._pos)
        self._pos += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        """Up to and with the next newline (pickle reads the TOC's objects with it)."""
        line = b""
        while size < 0 or len(line) < size:
            chunk = os.pread(self._fd, 4096 if size < 0 else min(4096, size - len(line)), self._pos + len(line))
            if not chunk:
                break
            end = chunk.find(b"\n")
            if end >= 0:
                line += chunk[:end + 1]
                break
            line += chunk
        self._pos += len(line)
        return line

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._pos
        elif whence == 2:
            offset += os.fstat(self._fd).st_size
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        os.close(self._fd)


class PreadFile(StructFile):
    """A StructFile whose reads are pread() calls; ``get`` reads exactly where it is asked."""

    def __init__(self, fd: int, name: str | None = None):
        super().__init__(PreadSource(fd), name=name)
        self._fd = fd
        self.is_real = False   # array reads go through read(), not fromfile()

    def get(self, position, length):
        return os.pread(self._fd, length, position)

    def close(self):
        if not self.is_closed:
            super().close()

    def subset(self, position, length, name=None):
        # Only an old compound segment asks for this; its parts are copied as Whoosh always did.
        return BufferFile(self.get(position, length), name=name or self._name)


class PreadStorage(FileStorage):
    """FileStorage whose open_file gives a PreadFile (writing is FileStorage's own)."""

    def open_file(self, name, **kwargs):
        return PreadFile(os.open(self._fpath(name), os.O_RDONLY | os.O_CLOEXEC), name=name)
