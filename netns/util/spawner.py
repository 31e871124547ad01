"""Runs short commands for one node process (netns/util/spawner.ts): a request per JSON line on stdin, an answer
per JSON line on stdout, in any order (each command on a thread of its own). A fork of this small process costs a
fraction of a fork of a node process holding a twin or a test worker.

Request: {"id", "argv", "input" (text or null: no stdin), "timeout" (s or null), "env" ({"set": {}, "unset": []}
or null: this process's), "cwd" (or null)}. Answer: {"id", "code" (-1: killed or not started), "out", "err",
"timedOut" (only when true)}.
On end of input, the commands still running are stopped (SIGTERM) and the helper exits.
"""
import json
import os
import subprocess
import sys
import threading

FORCE_KILL_S = 5
write_lock = threading.Lock()
running = set()
running_lock = threading.Lock()


def answer(reply):
    line = json.dumps(reply) + "\n"
    with write_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def environment(diff):
    if not diff:
        return None
    env = dict(os.environ)
    env.update(diff.get("set") or {})
    for name in diff.get("unset") or []:
        env.pop(name, None)
    return env


def serve(req):
    text = req.get("input")
    try:
        p = subprocess.Popen(req["argv"], stdin=subprocess.DEVNULL if text is None else subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(req.get("env")),
                             cwd=req.get("cwd"))
    except OSError as e:
        answer({"id": req["id"], "code": -1, "out": "", "err": f"cannot run {req['argv'][0]}: {e.strerror}"})
        return
    with running_lock:
        running.add(p)
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
        with running_lock:
            running.discard(p)


def main():
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        threading.Thread(target=serve, args=(req,), daemon=True).start()
    with running_lock:
        for p in list(running):
            try:
                p.terminate()
            except OSError:
                pass


if __name__ == "__main__":
    main()
