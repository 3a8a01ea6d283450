"""The micro-safe core: every module in this folder runs on MicroPython 1.27 and
imports nothing beyond ``hashlib``, ``hmac``, ``binascii``, ``struct`` and ``time`` (and each
other). This folder is the one list of what runs there: the packaging test, the
MicroPython test runner and the README's copy instructions all take it from here.
"""
