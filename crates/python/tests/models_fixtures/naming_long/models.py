"""A naming convention with every token kind, names long enough to be
shortened per database, multi-column constraints."""

from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, MetaData, UniqueConstraint
from sqlmodel import Field, SQLModel

SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class OrganisationWithAVeryLongNameIndeed(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("region_code_of_the_organisation", "registration_number_in_region"),
        CheckConstraint("founded > 1800", name="founded_after_1800_for_sure_and_a_long_name"),
        Index(None, "registration_number_in_region", "founded"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    region_code_of_the_organisation: str = Field(max_length=8)
    registration_number_in_region: int
    founded: int = Field(index=True)


class Branch(SQLModel, table=True):
    __table_args__ = (
        ForeignKeyConstraint(
            ["org_id"], ["organisationwithaverylongnameindeed.id"], ondelete="CASCADE", onupdate="CASCADE"
        ),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    org_id: int
    parent_id: Optional[int] = Field(default=None, foreign_key="branch.id")
    code: str = Field(max_length=5, unique=True)
