"""The atheris harness is a stand-alone script (atheris is optional), not a test module."""

collect_ignore = ["atheris_harness.py"]
