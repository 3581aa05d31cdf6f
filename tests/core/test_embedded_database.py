"""`make db-stop` (issue 15): the embedded PostgreSQL is stopped, or the command says why not, also
after `make run` was ended by a signal (its process id left in pgserver's list of users of the server,
which made the old db-stop do nothing) and after the server itself died (a stale postmaster.pid)."""

import os
import signal
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_THEN_DIE = (
    "import os, pathlib, signal; from parentpartner.env import embedded_database_url; "
    "embedded_database_url(pathlib.Path({pgdata!r})); os.kill(os.getpid(), signal.SIGKILL)"
)


def db_stop(pgdata):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "parentpartner.env", "db-stop", str(pgdata)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def alive(pid):
    """Running: a zombie (exited, not yet reaped by a container's first process) counts as gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.fixture
def pgdata():
    # Not pytest's tmp_path: as root the server runs as the `pgserver` user, who must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="pp-embedded-"))
    folder.chmod(0o755)
    yield folder / "data"
    if (folder / "data" / "postmaster.pid").exists():
        db_stop(folder / "data")
    subprocess.run(["rm", "-rf", str(folder)], check=False)  # noqa: S603, S607  # files of the pgserver user


def start_and_kill_the_starter(pgdata):
    """`make run` ended by SIGKILL: the server runs on, the dead process is still listed as using it."""
    subprocess.run([sys.executable, "-c", START_THEN_DIE.format(pgdata=str(pgdata))], cwd=ROOT, timeout=120)  # noqa: S603
    pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    assert alive(pid)
    assert (pgdata / ".handle_pids.json").read_text() not in ("", "[]")
    return pid


def test_db_stop_stops_the_server_left_by_a_killed_make_run(pgdata):
    pid = start_and_kill_the_starter(pgdata)
    result = db_stop(pgdata)
    assert result.returncode == 0, result.stderr
    assert f"Stopped the embedded PostgreSQL (process {pid})" in result.stdout
    assert not alive(pid)
    assert not (pgdata / "postmaster.pid").exists()

    again = db_stop(pgdata)
    assert again.returncode == 0 and "is not running" in again.stdout


def test_db_stop_removes_the_stale_pid_file_of_a_server_that_died(pgdata):
    pid = start_and_kill_the_starter(pgdata)
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        if not alive(pid):
            break
        time.sleep(0.1)
    result = db_stop(pgdata)
    assert result.returncode == 0, result.stderr
    assert f"removed its stale postmaster.pid (process {pid} is gone)" in result.stdout
    assert not (pgdata / "postmaster.pid").exists()


def test_db_stop_says_when_there_is_nothing_to_stop(pgdata):
    result = db_stop(pgdata)
    assert result.returncode == 0 and "nothing to stop" in result.stdout
