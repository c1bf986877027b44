"""Persistence: SQLAlchemy models, the database handle and the run journal."""

from negosim.store.db import Store, get_store, make_engine

__all__ = ["Store", "get_store", "make_engine"]
