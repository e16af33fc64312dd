"""The equipment tests' cast: the absence tests' (a pathway in training with its
contract, the people in a role on it, its participant)."""

from tests.absence.conftest import (  # noqa: F401
    client_as,
    instructor,
    manager,
    mentor,
    participant,
    pathway,
    teacher,
)
