"""courtchain: auditable smart contracts for a court consortium chain, and the tooling that drives them."""

__version__ = "0.1.0"
