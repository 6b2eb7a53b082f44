"""A private Dovecot IMAP server for tests and benchmarks (Debian's ``dovecot-imapd``).

Its own configuration, mail store and sockets in a throw-away folder, plain
IMAP on a free loopback port, one user from a passwd file. Mails go in by
IMAP APPEND, as a mail server's delivery would put them there.
"""

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imap_tools import MailBoxUnencrypted

from .processes import free_port, wait_for_port

DOVECOT = "/usr/sbin/dovecot"
PACKAGE = "dovecot-imapd"


def dovecot_available(*, install: bool = True) -> bool:
    """Whether Dovecot is there; as root, install it with apt-get when missing.

    The same way scripts/test installs chromium.
    """
    if shutil.which("dovecot") or Path(DOVECOT).exists():
        return True
    if not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", PACKAGE], env=env, capture_output=True, check=False
    )
    return Path(DOVECOT).exists()


@dataclass
class Dovecot:
    port: int
    user: str
    password: str
    root: Path

    @property
    def url(self) -> str:
        return f"imap://{self.user}:{self.password}@127.0.0.1:{self.port}/INBOX"

    @contextmanager
    def mailbox(self) -> Iterator[MailBoxUnencrypted]:
        box = MailBoxUnencrypted("127.0.0.1", self.port, timeout=30)
        box.login(self.user, self.password)
        try:
            yield box
        finally:
            box.logout()

    def append(self, *raws: bytes) -> None:
        """Put messages in the INBOX over IMAP APPEND."""
        with self.mailbox() as box:
            for raw in raws:
                status, data = box.client.append("INBOX", None, None, raw)
                if status != "OK":
                    raise OSError(f"APPEND failed: {data!r}")

    def unprocessed(self, keyword: str = "ServicedeskProcessed") -> int:
        with self.mailbox() as box:
            return len(box.uids(f"UNKEYWORD {keyword}"))


def _config(root: Path, port: int, owner: str, uid: int, gid: int) -> str:
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {owner}
default_internal_group = {grp.getgrgid(gid).gr_name}
default_login_user = {owner}
first_valid_uid = {min(uid, 1)}
first_valid_gid = 0
mail_location = maildir:{root}/mail
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@contextmanager
def dovecot_server() -> Iterator[Dovecot]:
    """Start ``dovecot -F`` with a throw-away configuration; stop and remove it afterwards."""
    root = Path(tempfile.mkdtemp(prefix="sd-dovecot-"))
    # The mail processes run as an unprivileged user, who must reach the store.
    os.chmod(root, 0o755)  # noqa: S103 - a throw-away test folder, readable is fine
    owner = "nobody" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    entry = pwd.getpwnam(owner)
    for sub in ("run", "state", "home", "mail"):
        (root / sub).mkdir()
    if os.geteuid() == 0:
        for sub in ("home", "mail"):
            os.chown(root / sub, entry.pw_uid, entry.pw_gid)
    server = Dovecot(port=free_port(), user="desk", password="desk-secret", root=root)  # noqa: S106
    (root / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}::::::\n")
    conf = root / "dovecot.conf"
    conf.write_text(_config(root, server.port, owner, entry.pw_uid, entry.pw_gid))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        try:
            wait_for_port(server.port, timeout=20)
        except TimeoutError as exc:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot did not start:\n{log}") from exc
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        time.sleep(0.05)
        shutil.rmtree(root, ignore_errors=True)
