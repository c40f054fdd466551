"""Kept for benchmarks/bench_ocr.py, which imports letter_pdf from here: the builder is tests/letters.py."""
from tests.letters import letter_pdf

__all__ = ["letter_pdf"]
