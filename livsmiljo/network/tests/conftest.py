"""Fixtures for the network's tests ([N2]'s matching world; add others below)."""

from livsmiljo.network.tests.matching_world import network_world  # noqa: F401
