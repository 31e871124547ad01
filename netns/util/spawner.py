"""Runs short commands for one node process (netns/util/spawner.ts): a request per JSON line on stdin, an answer
per JSON line on stdout, in any order (each command on a thread of its own). A fork of this small process costs a
fraction of a fork of a node process holding a twin or a test worker.

Request: {"id", "argv", "input" (text or null: no stdin), "timeout" (s or null), "env" ({"set": {}, "unset": []}
or null: this process's), "cwd" (or null)}. Answer: {"id", "code" (-1: killed or not started), "out", "err",
"timedOut" (only when true)}.
Each command runs in a process group of its own. On end of input (the node process is gone) no command starts any
more, and every command still running is killed with its whole group (SIGKILL): a build script's `ip -batch` must
not go on adding namespaces after its owner died, while a sweeper removes the run. Then the helper exits.
"""
import json
import os
import signal
import subprocess
import sys
import threading

FORCE_KILL_S = 5
write_lock = threading.Lock()
running = set()
# Guards `running`, `starting` (commands between the decision to start and being in `running`) and `closing`.
state = threading.Condition()
starting = 0
closing = False


def answer(reply):
    line = json.dumps(reply) + "\n"
    with write_lock:
        try:
            sys.stdout.write(line)
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            pass  # the node process is gone: nobody reads the answer


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass


def environment(diff):
    if not diff:
        return None
    env = dict(os.environ)
    env.update(diff.get("set") or {})
    for name in diff.get("unset") or []:
        env.pop(name, None)
    return env


def serve(req):
    global starting
    text = req.get("input")
    with state:
        if closing:
            return
        starting += 1
    try:
        p = subprocess.Popen(req["argv"], stdin=subprocess.DEVNULL if text is None else subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(req.get("env")),
                             cwd=req.get("cwd"), start_new_session=True)
    except OSError as e:
        with state:
            starting -= 1
            state.notify_all()
        answer({"id": req["id"], "code": -1, "out": "", "err": f"cannot run {req['argv'][0]}: {e.strerror}"})
        return
    with state:
        starting -= 1
        running.add(p)
        state.notify_all()
    try:
        try:
            out, err = p.communicate(None if text is None else text.encode(), timeout=req.get("timeout"))
        except subprocess.TimeoutExpired:
            p.terminate()
            try:
                out, err = p.communicate(timeout=FORCE_KILL_S)
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
            answer({"id": req["id"], "code": -1, "out": out.decode(errors="replace"), "err": err.decode(errors="replace"),
                    "timedOut": True})
            return
        code = p.returncode if p.returncode >= 0 else -1
        answer({"id": req["id"], "code": code, "out": out.decode(errors="replace"), "err": err.decode(errors="replace")})
    finally:
        with state:
            running.discard(p)


def main():
    global closing
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        threading.Thread(target=serve, args=(req,), daemon=True).start()
    with state:
        closing = True
        # A command being started now is in `running` once Popen returns: wait for it, then kill them all.
        state.wait_for(lambda: starting == 0, timeout=FORCE_KILL_S)
        for p in list(running):
            kill_group(p)


if __name__ == "__main__":
    main()
