"""Nullability flipped both ways: required columns become Optional and
Optional ones become required; a length moves through Annotated."""

from typing import Annotated, Optional, Union

from annotated_types import MaxLen
from sqlmodel import Field, SQLModel


class Forms(SQLModel, table=True):
    id: Annotated[Optional[int], Field(default=None, primary_key=True)]
    opt_typing: str = ""
    opt_pipe: str
    opt_union: Union[int, None] = None
    opt_required: int
    default_none_not_optional: Optional[str] = Field(default=None)
    opt_forced_not_null: Optional[str] = None
    forced_null: str = Field(nullable=False)
    ann_field_len: Annotated[Optional[str], Field(default=None, max_length=40)]
    ann_maxlen: Annotated[str, MaxLen(30)]
    ann_opt: Annotated[int, Field(default=0, index=True)]
    quoted: "Optional[str]" = None
    quoted_opt: "int" = 0
