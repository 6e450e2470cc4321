"""Mail handed to the mail server in the background, so a response never waits on it.

A password reset for an email with an account sends mail and one for an unknown email does not;
if the response waited for the mail server, its timing would tell which emails have accounts.
`send_later` starts one daemon thread per message (a sync gunicorn worker serves one request at
a time, and resets are throttled per address and per email, so these stay few); a failure is
logged with its traceback. `wait_for_mail` waits for every send still under way: tests call it
before reading mail.outbox, and gunicorn.conf.py's worker_exit before a worker process ends.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_sending: set[threading.Thread] = set()


def send_later(message, description):
    """Sends `message` (an EmailMessage) in a background thread. `description` says what it is
    in the log line if the send fails ("password reset email to user 7")."""
    thread = threading.Thread(
        target=_send, args=(message, description), name="montage-mail", daemon=True
    )
    with _lock:
        _sending.add(thread)
    thread.start()
    return thread


def _send(message, description):
    try:
        message.send()
    except Exception:
        logger.exception("Failed to send %s", description)
    finally:
        with _lock:
            _sending.discard(threading.current_thread())


def wait_for_mail(timeout=None):
    """Waits until every message handed to send_later has been sent or has failed, or until
    `timeout` seconds have passed. True if none is still under way."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with _lock:
        threads = list(_sending)
    for thread in threads:
        thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    with _lock:
        return not _sending
