#!/usr/bin/env python3
"""Make TorchSharp's libLibTorchSharp.so loadable on a system libstdc++ older than the one it was linked against.

libLibTorchSharp.so 0.107 (built with GCC 13) carries a version requirement on GLIBCXX_3.4.32 for exactly one symbol,
_ZSt21ios_base_library_initv: a link-time marker that <iostream> emits and nothing ever calls. Debian 12 ships
GLIBCXX up to 3.4.30, so ld.so refuses the library. This script

  1. checks the system libstdc++: if it already provides the version, it does nothing (newer distributions);
  2. otherwise marks the version requirement VER_FLG_WEAK and un-versions the listed symbols, in place.

usage: weaken_verneed.py LIB VERSION SYMBOL [SYMBOL...]
The patch is idempotent; only ever run it on a build/publish output copy, never on the NuGet cache.
"""
import glob
import os
import struct
import subprocess
import sys

SHT_DYNSYM, SHT_GNU_VERNEED, SHT_GNU_VERSYM = 11, 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2


def system_libstdcxx_paths():
    paths = []
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "libstdc++.so.6" in line and "=>" in line:
                paths.append(line.split("=>", 1)[1].strip())
    except OSError:
        pass
    for pattern in ("/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                    "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6"):
        paths.extend(glob.glob(pattern))
    seen, result = set(), []
    for p in paths:
        real = os.path.realpath(p)
        if real not in seen and os.path.exists(real):
            seen.add(real)
            result.append(real)
    return result


def system_provides(version: bytes) -> bool:
    libs = system_libstdcxx_paths()
    if not libs:
        return False
    # the version-definition strings live in .dynstr; a byte search is enough to know whether the name is defined
    return all(version + b"\0" in open(p, "rb").read() for p in libs)


def patch(path: str, version: bytes, syms: list) -> None:
    b = bytearray(open(path, "rb").read())
    if not (b[:4] == b"\x7fELF" and b[4] == 2 and b[5] == 1):
        raise SystemExit(f"{path}: not an ELF64 little-endian file")
    e_shoff, = struct.unpack_from("<Q", b, 0x28)
    e_shentsize, e_shnum, _ = struct.unpack_from("<HHH", b, 0x3A)
    secs = []
    for i in range(e_shnum):
        o = e_shoff + i * e_shentsize
        _, typ, _, _, off, size, link, _, _, entsize = struct.unpack_from("<IIQQQQIIQQ", b, o)
        secs.append(dict(type=typ, off=off, size=size, link=link, entsize=entsize))
    dynsym = next(s for s in secs if s["type"] == SHT_DYNSYM)
    versym = next(s for s in secs if s["type"] == SHT_GNU_VERSYM)
    verneed = next((s for s in secs if s["type"] == SHT_GNU_VERNEED), None)
    if verneed is None:
        print(f"{path}: no version requirements, nothing to do")
        return
    dynstr = secs[dynsym["link"]]

    def cstr(off):
        p = dynstr["off"] + off
        return bytes(b[p:b.index(b"\0", p)])

    target_ndx = None
    p = verneed["off"]
    while True:
        _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", b, p)
        a = p + vn_aux
        for _ in range(vn_cnt):
            _, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", b, a)
            if cstr(vna_name) == version:
                struct.pack_into("<H", b, a + 4, vna_flags | VER_FLG_WEAK)
                target_ndx = vna_other
            if vna_next == 0:
                break
            a += vna_next
        if vn_next == 0:
            break
        p += vn_next
    if target_ndx is None:
        print(f"{os.path.basename(path)}: no requirement on {version.decode()}, nothing to do")
        return
    changed = 0
    for i in range(dynsym["size"] // dynsym["entsize"]):
        st_name, = struct.unpack_from("<I", b, dynsym["off"] + i * dynsym["entsize"])
        vo = versym["off"] + 2 * i
        if cstr(st_name) in syms and struct.unpack_from("<H", b, vo)[0] != 1:
            struct.pack_into("<H", b, vo, 1)
            changed += 1
    tmp = path + ".patching"
    with open(tmp, "wb") as f:
        f.write(b)
    os.chmod(tmp, os.stat(path).st_mode)
    os.replace(tmp, path)
    print(f"{os.path.basename(path)}: {version.decode()} requirement marked weak, {changed} symbol(s) un-versioned")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    path, version, syms = sys.argv[1], sys.argv[2].encode(), [s.encode() for s in sys.argv[3:]]
    if system_provides(version):
        print(f"{os.path.basename(path)}: system libstdc++ provides {version.decode()}, no patch needed")
        return
    patch(path, version, syms)


if __name__ == "__main__":
    main()
