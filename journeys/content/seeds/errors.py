"""What the seed loader and export raise."""

from dataclasses import dataclass


@dataclass
class SeedError:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


class SeedValidationError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class SeedExportError(Exception):
    pass
