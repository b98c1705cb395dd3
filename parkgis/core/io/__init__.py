"""Readers and writers behind one registry (see :mod:`.registry`)."""

from .registry import (
    Format,
    ReadOptions,
    WriteOptions,
    format_for_read,
    format_for_write,
    formats,
    get_format,
    read_layers,
    register_format,
    write_layers,
)

__all__ = ["Format", "ReadOptions", "WriteOptions", "format_for_read", "format_for_write", "formats",
           "get_format", "read_layers", "register_format", "write_layers"]
