//! SQLAlchemy database URLs: parsing, dialect and driver, redaction.
