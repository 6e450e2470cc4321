"""Readers of export files. `detect.read_upload(data, ...)` picks one from the header."""
