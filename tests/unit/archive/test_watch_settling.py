"""A file dropped into the watched folder is taken only once it is complete: its size and
modification time unchanged for the settle time, seen over successive polls; the outcome
folders, hidden files and names of files still being written are never candidates."""
from __future__ import annotations

import os

from eoffice.archive.watch import Settling, candidates


def test_a_file_is_complete_only_after_its_size_stays_the_same_for_the_settle_time(tmp_path):
    scan = tmp_path / "quet-01.pdf"
    scan.write_bytes(b"%PDF-1.7 first part")
    settling = Settling(settle=2)
    assert settling.complete(tmp_path, now=100) == [], "just seen"
    assert settling.complete(tmp_path, now=101) == [], "unchanged for 1 s only"
    with scan.open("ab") as fh:
        fh.write(b" still being written")
    assert settling.complete(tmp_path, now=102.5) == [], "grew: the clock starts again"
    assert settling.complete(tmp_path, now=104) == []
    assert settling.complete(tmp_path, now=104.5) == [scan]


def test_a_rewritten_file_of_the_same_size_is_not_complete_until_it_settles(tmp_path):
    scan = tmp_path / "quet-02.tif"
    scan.write_bytes(b"II*\x00aaaa")
    settling = Settling(settle=1)
    settling.complete(tmp_path, now=0)
    os.utime(scan, ns=(scan.stat().st_atime_ns, scan.stat().st_mtime_ns + 5_000_000_000))
    assert settling.complete(tmp_path, now=1.5) == [], "modified: not settled"
    assert settling.complete(tmp_path, now=2.6) == [scan]


def test_outcome_folders_hidden_and_partial_files_are_not_candidates(tmp_path):
    (tmp_path / "done").mkdir()
    (tmp_path / "failed").mkdir()
    (tmp_path / "done" / "a.pdf").write_bytes(b"x")
    (tmp_path / "failed" / "b.pdf").write_bytes(b"x")
    (tmp_path / ".~lock.c.pdf").write_bytes(b"x")
    (tmp_path / "d.pdf.part").write_bytes(b"x")
    (tmp_path / "lo-2").mkdir()
    (tmp_path / "lo-2" / "e.jpg").write_bytes(b"x")
    (tmp_path / "f.pdf").write_bytes(b"x")
    assert candidates(tmp_path) == [tmp_path / "f.pdf", tmp_path / "lo-2" / "e.jpg"]


def test_a_file_that_disappears_is_forgotten(tmp_path):
    scan = tmp_path / "g.pdf"
    scan.write_bytes(b"x")
    settling = Settling(settle=0)
    settling.complete(tmp_path, now=0)
    scan.unlink()
    assert settling.complete(tmp_path, now=1) == [] and settling.seen == {}
