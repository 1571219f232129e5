"""scripts/setup.sh: installs only what is missing, and waits for a busy package manager, saying so.

apt-get, dpkg and sudo are stand-ins on PATH that record how they were called (a test cannot
install Debian packages); the lock is a real POSIX lock, held by this process.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
NOTHING_TO_DO = "Đã cài xong. Dựng tài liệu: .venv/bin/python build.py\n"
STAND_INS = {
    # dpkg -s PACKAGE: installed unless listed in $MISSING
    "dpkg": 'case " $MISSING " in *" $2 "*) exit 1;; esac',
    "apt-get": 'echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> "$CALLS"; exit "${APT_EXIT:-0}"',
    "sudo": 'echo "sudo $*" >> "$CALLS"; exec "$@"',
    "id": 'echo "${USER_ID:-0}"',
}


@pytest.fixture
def project(tmp_path):
    """A copy of the scripts, stand-ins for the system's tools, and a .venv whose python records its calls."""
    (tmp_path / "scripts").mkdir()
    for name in ("setup.sh", "wait-for-apt.sh"):
        shutil.copy(PROJECT / "scripts" / name, tmp_path / "scripts" / name)
    (tmp_path / "bin").mkdir()
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    scripts = {
        **{f"bin/{name}": body for name, body in STAND_INS.items()},
        ".venv/bin/python": 'echo "python $*" >> "$CALLS"',
    }
    for where, body in scripts.items():
        (tmp_path / where).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (tmp_path / where).chmod(0o755)
    (tmp_path / "lock-frontend").touch()
    return tmp_path


def setup(project: Path, **env: str) -> subprocess.Popen:
    variables = {
        **os.environ,
        "PATH": f"{project / 'bin'}:{os.environ['PATH']}",
        "CALLS": str(project / "calls"),
        "BRIEFING_APT_LOCKS": str(project / "lock-frontend"),
        "BRIEFING_APT_POLL": "0.05",
        **env,
    }
    command = ["bash", str(project / "scripts" / "setup.sh")]
    return subprocess.Popen(command, env=variables, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def calls(project: Path) -> list[str]:
    path = project / "calls"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def this_process() -> str:
    """How the script names the holder of the lock when it is this test."""
    return f"{Path(f'/proc/{os.getpid()}/comm').read_text(encoding='utf-8').strip()}, tiến trình {os.getpid()}"


def test_nothing_missing_leaves_apt_alone(project):
    out, err = setup(project).communicate(timeout=60)
    assert (out, err) == (NOTHING_TO_DO, "")
    assert not [call for call in calls(project) if not call.startswith("python ")]


def test_missing_packages_are_installed_without_prompts(project):
    child = setup(project, MISSING="libgs-common")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out == "Đang cài các gói hệ thống: libgs-common\n" + NOTHING_TO_DO
    assert calls(project)[:2] == [
        "apt-get -qq -o DPkg::Lock::Timeout=300 update (DEBIAN_FRONTEND=noninteractive)",
        "apt-get -qq -o DPkg::Lock::Timeout=300 install -y --no-install-recommends libgs-common "
        "(DEBIAN_FRONTEND=noninteractive)",
    ]


def test_a_busy_package_manager_is_waited_for_and_said_so(project):
    me = this_process()
    with open(project / "lock-frontend", "w") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)  # as dpkg and apt take it
        child = setup(project, MISSING="libgs-common")
        assert child.stdout.readline() == "Đang cài các gói hệ thống: libgs-common\n"
        assert child.stdout.readline() == (
            f"Đang chờ: một chương trình khác ({me}) đang cài đặt hoặc cập nhật phần mềm trên máy.\n"
        )
        assert (
            child.stdout.readline() == "Việc cài đặt sẽ tự tiếp tục khi chương trình đó xong (nhấn Ctrl-C để dừng).\n"
        )
        assert calls(project) == []  # nothing runs while the lock is held
    out, err = child.communicate(timeout=60)  # the lock is free once the file is closed
    assert child.returncode == 0, err
    assert out == "Trình quản lý gói đã rảnh; tiếp tục cài đặt.\n" + NOTHING_TO_DO
    assert [call.split()[4] for call in calls(project)[:2]] == ["update", "install"]


def test_waiting_gives_up_after_the_limit_in_vietnamese(project):
    with open(project / "lock-frontend", "w") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        child = setup(project, MISSING="libgs-common", BRIEFING_APT_WAIT="0")
        _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert err == (
        f"Trình quản lý gói vẫn bận sau 0 phút ({this_process()}).\n"
        "Chờ chương trình đó xong (hoặc khởi động lại máy) rồi chạy lại: bash scripts/setup.sh\n"
    )
    assert calls(project) == []


def test_a_failed_install_ends_with_what_to_do(project):
    child = setup(project, MISSING="libgs-common", APT_EXIT="100")
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert err == (
        "Chưa cài được các gói hệ thống (xem thông báo của apt-get ở trên). Kiểm tra kết nối tới kho\n"
        "gói Debian, rồi chạy lại: bash scripts/setup.sh\n"
    )
    assert [call for call in calls(project) if call.startswith("python")] == []  # stops there


def test_a_user_installs_through_sudo(project):
    child = setup(project, MISSING="libgs-common", USER_ID="1000")
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert calls(project)[0] == (
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300 update"
    )


@pytest.mark.skipif(shutil.which("sudo") is not None, reason="sudo is installed here; its absence cannot be shown")
def test_a_user_without_sudo_is_told_to_run_as_root(project):
    child = setup(project, MISSING="libgs-common", USER_ID="1000")
    (project / "bin" / "sudo").unlink()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert err == (
        "Cần cài các gói hệ thống: libgs-common. Việc này cần quyền quản trị (root), mà máy không có sudo.\n"
        "Chạy lại bằng tài khoản root: su -c 'bash scripts/setup.sh'\n"
    )
    assert calls(project) == []
