#!/usr/bin/env python3
"""The twin's console cable: owns a PTY whose slave is reachable at a stable link path.

Relays the twin's output (its stdin) to the PTY master, and reports on fd 3 one line per event:
"ready <slave>", "connect" when a terminal opens the slave, "data <hex>" for the bytes the terminal
typed, "hangup" when the last one closes it. Bytes and events share that one channel, so the twin
always learns of a new connection before it reads what that connection typed. Opens and closes of the
slave are counted from inotify events, which queue: a terminal that closes and opens again before this
helper gets to run is still a hangup and a new connection (the master's hangup state is level-triggered
and would show nothing). While no terminal is attached, output from the twin is discarded, as on a
serial line with nobody listening. Exits (removing the link) when stdin reaches EOF or on SIGTERM.
Usage: cable.py LINK
"""
import ctypes, ctypes.util, os, select, signal, struct, sys, termios, tty

IN_CLOSE_WRITE, IN_CLOSE_NOWRITE, IN_OPEN = 0x08, 0x10, 0x20
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then len bytes of name)


def watch_opens(path):
    """An inotify descriptor reporting every open and close of `path`."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0 or libc.inotify_add_watch(fd, path.encode(), IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE) < 0:
        raise OSError(ctypes.get_errno(), "inotify on %s: %s" % (path, os.strerror(ctypes.get_errno())))
    return fd


def opens_and_closes(fd):
    """The queued events of `fd` as +1 (an open) and -1 (a close), in order."""
    out = []
    try:
        buf = os.read(fd, 65536)
    except BlockingIOError:
        return out
    at = 0
    while at + EVENT.size <= len(buf):
        _, mask, _, length = EVENT.unpack_from(buf, at)
        at += EVENT.size + length
        if mask & IN_OPEN:
            out.append(1)
        if mask & (IN_CLOSE_WRITE | IN_CLOSE_NOWRITE):
            out.append(-1)
    return out

def main() -> int:
    if len(sys.argv) != 2:
        sys.stderr.write("usage: cable.py LINK\n")
        return 2
    link = sys.argv[1]
    master, slave = os.openpty()
    name = os.ttyname(slave)
    tty.setraw(slave)
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    os.close(slave)
    # Watched before the link exists: no terminal can open the slave unseen.
    opens = watch_opens(name)
    tmp = link + ".tmp%d" % os.getpid()
    os.symlink(name, tmp)
    os.replace(tmp, link)
    events = os.fdopen(3, "w", buffering=1)
    os.set_blocking(master, False)
    stdin = sys.stdin.fileno()

    def cleanup(*_):
        try:
            if os.readlink(link) == name:
                os.unlink(link)
        except OSError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, cleanup)
    events.write("ready %s\n" % name)
    # The master is polled only while a terminal holds the slave: without one it reports POLLHUP at once on every
    # poll (level-triggered), and polling it then would spin.
    attached_poller = select.poll()
    detached_poller = select.poll()
    for fd in (stdin, opens):
        attached_poller.register(fd, select.POLLIN)
        detached_poller.register(fd, select.POLLIN)
    attached_poller.register(master, select.POLLIN)
    terminals = 0
    while True:
        ready = dict((attached_poller if terminals else detached_poller).poll(None))
        if ready.get(opens, 0) & select.POLLIN:
            for step in opens_and_closes(opens):
                before, terminals = terminals, max(0, terminals + step)
                if before == 0 and terminals == 1:
                    events.write("connect\n")  # nothing is queued for it: output is dropped while detached
                elif before == 1 and terminals == 0:
                    events.write("hangup\n")
        if terminals and ready.get(master, 0) & select.POLLIN:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            if data:
                events.write("data %s\n" % data.hex())
        if ready.get(stdin, 0) & (select.POLLIN | select.POLLHUP):
            data = os.read(stdin, 4096)
            if not data:
                cleanup()
            if terminals:
                view = memoryview(data)
                while view:
                    try:
                        view = view[os.write(master, view):]
                    except BlockingIOError:
                        select.select([], [master], [], 0.05)
                    except OSError:
                        break

if __name__ == "__main__":
    sys.exit(main())
