"""Readers for GSO's monthly Excel releases ("Biểu số liệu"), one module per table family."""
