"""The engine and sessions.  The real project opens an async engine on
DATABASE_URL (asyncpg) and creates the tables at start-up too."""

import os

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel, create_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///songs.db")

engine = create_engine(DATABASE_URL)


def init_db() -> None:
    SQLModel.metadata.create_all(engine)


def get_session():
    make_session = sessionmaker(engine, class_=Session, expire_on_commit=False)
    with make_session() as session:
        yield session
