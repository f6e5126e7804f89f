"""Persistence: the ORM model, the database, and the queries views share."""
