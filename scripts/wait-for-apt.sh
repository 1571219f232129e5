# Sourced by setup.sh: wait while another program holds the package manager's locks (an install
# in another window, unattended-upgrades, a software centre), saying so in Vietnamese, instead of
# letting apt-get fail at once with its English "Could not get lock". apt-get's own
# DPkg::Lock::Timeout covers only the dpkg lock, not the package lists' lock `update` takes, and
# waits without a word an operator can read.
#
# Who holds a lock is read from /proc/locks (dpkg and apt take POSIX locks), which any user can
# read, so the check needs neither root nor fuser. The lock files, the longest wait and the polling
# interval can be set from the environment (the tests use a lock of their own).

apt_lock_files=(${BRIEFING_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock})
apt_wait_limit=${BRIEFING_APT_WAIT:-1800}  # seconds
apt_poll=${BRIEFING_APT_POLL:-2}           # seconds

# "apt-get, tiến trình 1234" for the process holding one of the locks; nothing when they are free.
package_manager_holder() {
  local file inode pid fd
  for file in "${apt_lock_files[@]}"; do
    inode=$(stat -c %i "$file" 2>/dev/null) || continue
    # /proc/locks: "1: POSIX  ADVISORY  WRITE 1234 fe:00:131090 0 EOF"; "->" lines are waiters.
    for pid in $(awk -v inode="$inode" '$2 != "->" { split($6, id, ":"); if (id[3] == inode) print $5 }' /proc/locks); do
      # The inode number alone could be another disk's file: where the holder's open files can
      # be read (root, or our own user), require the lock file among them.
      if [ -r "/proc/$pid/fd" ]; then
        for fd in /proc/"$pid"/fd/*; do
          [ "$(readlink "$fd" 2>/dev/null)" = "$(readlink -f "$file")" ] && break
          fd=""
        done
        [ -n "$fd" ] || continue
      fi
      if [ "$pid" -gt 0 ]; then
        echo "$(cat "/proc/$pid/comm" 2>/dev/null || echo "không rõ tên"), tiến trình $pid"
      else
        echo "không rõ tiến trình nào"  # an open-file-description lock carries no process id
      fi
      return 0
    done
  done
  return 0
}

# Return once the package manager is free; 1 after apt_wait_limit seconds of waiting.
wait_for_package_manager() {
  local holder minutes=0 start=$SECONDS
  holder=$(package_manager_holder)
  [ -n "$holder" ] || return 0
  echo "Đang chờ: một chương trình khác ($holder) đang cài đặt hoặc cập nhật phần mềm trên máy."
  echo "Việc cài đặt sẽ tự tiếp tục khi chương trình đó xong (nhấn Ctrl-C để dừng)."
  while [ -n "$holder" ]; do
    if [ $((SECONDS - start)) -ge "$apt_wait_limit" ]; then
      echo "Trình quản lý gói vẫn bận sau $((apt_wait_limit / 60)) phút ($holder)." >&2
      echo "Chờ chương trình đó xong (hoặc khởi động lại máy) rồi chạy lại: bash scripts/setup.sh" >&2
      return 1
    fi
    if [ $(((SECONDS - start) / 60)) -gt "$minutes" ]; then
      minutes=$(((SECONDS - start) / 60))
      echo "Vẫn đang chờ ($minutes phút)…"
    fi
    sleep "$apt_poll"
    holder=$(package_manager_holder)
  done
  echo "Trình quản lý gói đã rảnh; tiếp tục cài đặt."
}
