#!/usr/bin/env python3
"""The twin's console cable: owns a PTY whose slave is reachable at a stable link path.

Relays the twin's output (its stdin) to the PTY master, and reports on fd 3 one line per event:
"ready <slave>", "connect" when a terminal opens the slave, "data <hex>" for the bytes the terminal
typed, "hangup" when the last one closes it. Bytes and events share that one channel, so the twin
always learns of a new connection before it reads what that connection typed. While no terminal is
attached, output from the twin is discarded, as on a serial line with nobody listening. Exits
(removing the link) when stdin reaches EOF or on SIGTERM.
Usage: cable.py LINK
"""
import os, select, signal, sys, termios, tty

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
    poller = select.poll()
    poller.register(master, select.POLLIN)
    poller.register(stdin, select.POLLIN)
    # While no terminal holds the slave the master reports POLLHUP at once on every poll (level-triggered): polling
    # it then would spin. Detached, the helper waits on stdin alone and looks at the master every 20 ms.
    line_poller = select.poll()
    line_poller.register(stdin, select.POLLIN)
    master_poller = select.poll()
    master_poller.register(master, select.POLLIN)
    attached = False
    while True:
        if attached:
            ready = dict(poller.poll(None))
        else:
            ready = dict(line_poller.poll(20))
            ready.update(master_poller.poll(0))
        mev = ready.get(master, 0)
        hung = bool(mev & select.POLLHUP)
        if attached and hung:
            attached = False
            events.write("hangup\n")
        elif not attached and not hung:
            # A terminal opened the slave (nothing is queued for it: output is dropped while detached).
            attached = True
            events.write("connect\n")
        if attached and mev & select.POLLIN:
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
            if attached:
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
