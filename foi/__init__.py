"""foi: Freedom of Information requests to UK police forces, tracked and compared."""

__version__ = "0.1.0"
