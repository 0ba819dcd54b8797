"""marsad (مرصد): Arabic news to a traceable event database."""

__version__ = "0.1.0"
