#!/usr/bin/env python3
"""Storage benchmark: put/get throughput of each backend next to raw baselines, same run.

    .venv/bin/python bench/storage.py                        # local disk (+ MinIO if a URL is set)
    .venv/bin/python bench/storage.py --minio-url "$(scripts/services/minio.sh start /tmp/minio-bench | tail -1)"
    .venv/bin/python bench/storage.py --sizes 1,100 --repeat-small 20 --repeat-large 3

For each file size (MB) it prints the median MB/s of:

* ``local put`` / ``local get`` — ``LocalBlobStore.put`` (stream, hash, fsync, atomic rename,
  sidecar) and ``open()`` read to EOF with hash verification;
* ``cp+fsync`` / ``cat`` — the raw disk baseline: ``cp`` into the same folder then fsync the
  copy (what our put guarantees), and ``cat`` of the stored file to /dev/null;
* ``minio put`` / ``minio get`` — ``MinioBlobStore.put`` (multipart to a temp key while hashing,
  server-side copy, temp removal) and ``open()`` with verification;
* ``fput`` / ``fget`` — the raw minio client's ``fput_object`` / ``fget_object`` of the same file
  to the same server: what the server and client cost without our layer.

Every put writes new bytes (a counter in the first 8 bytes) so deduplication never short-cuts
it. The machine's page cache is warm; figures are for comparing layers, not disks.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import BlobStore, open_store  # noqa: E402
from storage.minio_backend import MinioBlobStore  # noqa: E402

MB = 1024 * 1024


def make_source(folder: Path, size_mb: int) -> Path:
    path = folder / f"source-{size_mb}mb.bin"
    with path.open("wb") as fh:
        for _ in range(size_mb):
            fh.write(os.urandom(MB))
    return path


def stamp(path: Path, counter: int) -> None:
    """Make the file's bytes new (first 8 bytes = counter) so a put is never a dedupe."""
    with path.open("r+b") as fh:
        fh.write(counter.to_bytes(8, "big"))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def mbps(size_mb: int, seconds: list[float]) -> float:
    return size_mb / statistics.median(seconds)


def bench_store(store: BlobStore, source: Path, size_mb: int, repeat: int, counter: list[int]) -> tuple[float, float]:
    puts, gets, hashes = [], [], []
    for _ in range(repeat):
        counter[0] += 1
        stamp(source, counter[0])
        with source.open("rb") as fh:
            seconds = timed(lambda: hashes.append(store.put(fh, filename=source.name,
                                                            content_type="application/octet-stream").sha256))
        puts.append(seconds)

        def read_all(sha: str = hashes[-1]) -> None:
            with store.open(sha) as stream:
                while stream.read(MB):
                    pass

        gets.append(timed(read_all))
    return mbps(size_mb, puts), mbps(size_mb, gets)


def bench_cp(source: Path, folder: Path, size_mb: int, repeat: int) -> tuple[float, float]:
    puts, gets = [], []
    for i in range(repeat):
        target = folder / f"copy-{i}"

        def copy() -> None:
            subprocess.run(["cp", str(source), str(target)], check=True)
            fd = os.open(target, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)

        puts.append(timed(copy))
        gets.append(timed(lambda: subprocess.run(["cat", str(target)], check=True, stdout=subprocess.DEVNULL)))
        target.unlink()
    return mbps(size_mb, puts), mbps(size_mb, gets)


def bench_raw_minio(store: MinioBlobStore, source: Path, folder: Path, size_mb: int, repeat: int) -> tuple[float, float]:
    puts, gets = [], []
    for i in range(repeat):
        key = f"bench-raw/{uuid.uuid4().hex}"
        puts.append(timed(lambda: store.client.fput_object(store.bucket, key, str(source))))
        target = folder / f"fget-{i}"
        gets.append(timed(lambda: store.client.fget_object(store.bucket, key, str(target))))
        target.unlink()
        store.client.remove_object(store.bucket, key,
                                   version_id=store.client.stat_object(store.bucket, key).version_id)
    return mbps(size_mb, puts), mbps(size_mb, gets)


def drop_bucket(store: MinioBlobStore) -> None:
    from minio.deleteobjects import DeleteObject

    doomed = [DeleteObject(o.object_name, o.version_id)
              for o in store.client.list_objects(store.bucket, recursive=True, include_version=True)]
    for error in store.client.remove_objects(store.bucket, doomed, bypass_governance_mode=True):
        print(f"  could not remove {error}", file=sys.stderr)
    store.client.remove_bucket(store.bucket)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100", help="file sizes in MB, comma-separated (default 1,100)")
    parser.add_argument("--repeat-small", type=int, default=20, help="repetitions for files under 10 MB")
    parser.add_argument("--repeat-large", type=int, default=3, help="repetitions for files of 10 MB and more")
    parser.add_argument("--minio-url", default=os.environ.get("EOFFICE_BENCH_MINIO_URL")
                        or os.environ.get("EOFFICE_TEST_MINIO_URL"),
                        help="minio://… of a running server (a fresh bucket is made and removed)")
    parser.add_argument("--dir", default=None, help="scratch folder (default: a temp folder)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="eoffice-bench-storage-", dir=args.dir))
    local = open_store(f"file://{scratch / 'blobs'}")
    local.ensure()
    minio: MinioBlobStore | None = None
    if args.minio_url:
        parts = urlsplit(args.minio_url)
        store = open_store(urlunsplit(parts._replace(path=f"/bench-{uuid.uuid4().hex[:12]}")))
        assert isinstance(store, MinioBlobStore)
        minio = store
        minio.ensure()
    else:
        print("(no --minio-url / EOFFICE_TEST_MINIO_URL: MinIO rows skipped)")

    counter = [0]
    print(f"{'size':>6}  {'what':<34} {'put MB/s':>9} {'get MB/s':>9}")
    try:
        for size_mb in (int(s) for s in args.sizes.split(",")):
            repeat = args.repeat_small if size_mb < 10 else args.repeat_large
            source = make_source(scratch, size_mb)
            rows = [("raw cp+fsync / cat", bench_cp(source, scratch, size_mb, repeat)),
                    ("LocalBlobStore put / open", bench_store(local, source, size_mb, repeat, counter))]
            if minio is not None:
                rows.append(("raw minio fput / fget", bench_raw_minio(minio, source, scratch, size_mb, repeat)))
                rows.append(("MinioBlobStore put / open", bench_store(minio, source, size_mb, repeat, counter)))
            for label, (put_rate, get_rate) in rows:
                print(f"{size_mb:>4}MB  {label:<34} {put_rate:>9.1f} {get_rate:>9.1f}", flush=True)
            source.unlink()
    finally:
        if minio is not None:
            drop_bucket(minio)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
