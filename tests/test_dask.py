"""`build --per unit --scheduler ADDRESS`: the packs rendered on a real Dask cluster (two worker
processes on loopback) are byte-identical to a local build, also when a worker dies mid-run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_meeting
from generator.cli import main
from generator.errors import GeneratorError

from .conftest import SAMPLE
from .workers_helpers import DiesOnce, same_tree

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def local_bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    build_meeting(SAMPLE, out_dir=out, jobs=1)
    return out


def test_the_cluster_build_is_byte_identical_to_a_local_one(tmp_path, scheduler, local_bundle):
    seen = []

    result = build_meeting(SAMPLE, out_dir=tmp_path, scheduler=scheduler,
                           progress=lambda done, total: seen.append((done, total)))

    assert same_tree(local_bundle, tmp_path) == len(result.files) > 20
    assert seen[-1][0] == seen[-1][1] == len(result.files) - 2  # all but manifest and zip
    assert not [p for p in tmp_path.rglob(".*")  # no temporaries left (the lock stays)
                if not p.name.endswith(".lock")]


def test_a_worker_that_dies_is_replaced_and_the_bundle_completes(tmp_path, scheduler,
                                                                 local_bundle, monkeypatch):
    from generator.reports import unit_pack

    marker = tmp_path / "died"
    real = unit_pack.build_unit_pack
    packs = []

    def first_dies(status, labels, unit):
        report = real(status, labels, unit)
        packs.append(unit)
        return DiesOnce(report, marker) if len(packs) == 1 else report

    monkeypatch.setattr(unit_pack, "build_unit_pack", first_dies)

    build_meeting(SAMPLE, out_dir=tmp_path / "out", scheduler=scheduler)

    assert marker.exists()  # a worker process did end abruptly
    assert same_tree(local_bundle, tmp_path / "out") > 20


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, capsys, monkeypatch):
    from generator import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    code = main(["build", "--per", "unit", "--out", str(tmp_path), "--scheduler",
                 "tcp://127.0.0.1:9"])

    assert code == 2
    err = capsys.readouterr().err
    assert "--scheduler tcp://127.0.0.1:9: cannot reach a Dask scheduler there" in err
    assert "Traceback" not in err


def test_a_malformed_address_is_a_user_error(tmp_path):
    with pytest.raises(GeneratorError, match="cannot reach a Dask scheduler"):
        build_meeting(SAMPLE, out_dir=tmp_path, scheduler="not an address")


def test_scheduler_goes_with_the_bundle(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "--scheduler works with --per unit" in capsys.readouterr().err


def test_files_are_written_with_the_digests_their_worker_computed(tmp_path):
    import hashlib
    import zlib

    from generator.cluster import _write
    from generator.output import FileDigest

    data = b"%PDF-1.4 pack"
    digest = FileDigest(len(data), hashlib.sha256(data).hexdigest(), zlib.crc32(data))
    rendered = _write([(str(tmp_path / "a.pdf"), data, digest)], ["a.pdf: note"])

    assert (tmp_path / "a.pdf").read_bytes() == data
    assert rendered.digests[str(tmp_path / "a.pdf")] == digest
    assert rendered.warnings == ["a.pdf: note"]
    with pytest.raises(GeneratorError, match="do not match"):
        _write([(str(tmp_path / "b.pdf"), data[:-1], digest)], [])
    assert not (tmp_path / "b.pdf").exists()


def test_a_worker_that_sees_the_build_folder_writes_in_place_else_sends_bytes(tmp_path):
    from generator.build import _plan_build
    from generator.cluster import Rendered, _token_in, render_remote
    from generator.theme import load_theme

    work, _ = _plan_build(None, ("briefing",), ("pdf",), tmp_path / "out", None, None, None)
    with _token_in(tmp_path / "out") as token:
        elsewhere = render_remote(work, load_theme(), (token[0], "another build's token"))
        here = render_remote(work, load_theme(), token)

    (files, _), (rendered, _) = elsewhere, here
    dest = work[0][2]
    assert [name for name, _, _ in files] == [str(dest)]  # bytes, for this process to write
    assert isinstance(rendered, Rendered) and dest.read_bytes() == files[0][1]
    assert rendered.digests[str(dest)] == files[0][2]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [dest.name]  # token gone
