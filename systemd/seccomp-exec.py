#!/usr/bin/python3
"""Runs a command under the system call filter of a systemd unit, for machines where systemd is
not PID 1 (containers, CI): the package test proves the gateway works under its unit's filter.

    seccomp-exec.py UNIT_FILE COMMAND [ARG...]

Applies the unit's SystemCallFilter= lines as systemd does (the first list allows, a list
starting with ~ takes calls away) and SystemCallErrorNumber= for every other call; groups
(@system-service) are expanded by systemd-analyze itself. Needs Debian's python3-seccomp.
"""
import errno
import os
import subprocess
import sys

import seccomp


def expand(name, seen):
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    listing = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True,
                             check=True).stdout
    calls = set()
    for line in listing.splitlines()[1:]:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            calls |= expand(entry, seen)
    return calls


def unit_filter(unit):
    allowed, denied, error = None, set(), errno.EPERM
    with open(unit, encoding="utf-8") as lines:
        for line in lines:
            key, _, value = line.strip().partition("=")
            if key == "SystemCallFilter":
                deny = value.startswith("~")
                calls = set()
                for name in value.lstrip("~").split():
                    calls |= expand(name, set())
                if deny:
                    denied |= calls
                else:
                    allowed = calls if allowed is None else allowed | calls
            elif key == "SystemCallErrorNumber":
                error = getattr(errno, value)
    if allowed is None:
        sys.exit("seccomp-exec: " + unit + " has no SystemCallFilter= allow list")
    return allowed - denied, error


def main():
    allowed, error = unit_filter(sys.argv[1])
    rules = seccomp.SyscallFilter(defaction=seccomp.ERRNO(error))
    for call in sorted(allowed):
        try:
            rules.add_rule(seccomp.ALLOW, call)
        except (RuntimeError, ValueError):
            pass  # a call this architecture does not have
    rules.load()
    os.execvp(sys.argv[2], sys.argv[2:])


main()
